import Foundation
import Testing

@testable import ConnectionCatalog

/// Secret values of `appsettings.agent.json` never leave the reader: not in the result, not in
/// an error.
@Suite struct AgentSettingsSecretsTests {
    static let marker = "FAKE-SECRET-xyzzy"

    static let settingsWithSecrets = """
        {
          // Old password: FAKE-SECRET-xyzzy-comment
          /* FAKE-SECRET-xyzzy-block */
          "OpenId": {
            "AgentIdentifier": "AgentParis",
            "OpenIdClients": { "Job": "FAKE-SECRET-xyzzy-openid" },
            "DefaultOpenIdClient": "Job"
          },
          "Databases": { "Extra": "Server=db;Password=FAKE-SECRET-xyzzy-db" },
          "PasswordResetSettings": { "EncryptionCertificate": { "File": "c.pfx", "Password": "FAKE-SECRET-xyzzy-pfx" } },
          "Connections": {
            "Ad": {
              "Servers": [ { "Server": "dc01", "Login": "FAKE-SECRET-xyzzy-login", "Password": "FAKE-SECRET-xyzzy-1" } ],
              "Password": "FAKE-SECRET-xyzzy-2",
              "Filter": "(objectclass=*)"
            },
            "Sql": { "ConnectionString": "Data Source=db;Password=FAKE-SECRET-xyzzy-3", "Timeout": 30,
                     "Databases": [ "Reporting", "Server=db;Password=FAKE-SECRET-xyzzy-dblist" ] },
            "Entra": { "ApplicationId": "FAKE-SECRET-xyzzy-appid", "ApplicationKey": "FAKE-SECRET-xyzzy-4", "TenantId": "t1" },
            "Ps": { "PowerShellScriptPath": "C:/s.ps1",
                    "Options": { "Token": "FAKE-SECRET-xyzzy-5", "Server": "FAKE-SECRET-xyzzy-6" } },
            "Odd": { "Path": { "Password": "FAKE-SECRET-xyzzy-7" }, "SqlCommand_Pwd": { "Filter": "FAKE-SECRET-xyzzy-8" },
                     "UnknownKey": "FAKE-SECRET-xyzzy-9", "ClientSecret": "FAKE-SECRET-xyzzy-10", "Account": "FAKE-SECRET-xyzzy-11" }
          }
        }
        """

    @Test func noSecretReachesTheResult() throws {
        let settings = try AgentSettingsReader.parse(Data(Self.settingsWithSecrets.utf8), file: "appsettings.agent.json")
        var dumped = ""
        dump(settings, to: &dumped)
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        for text in [String(describing: settings), String(reflecting: settings), dumped, json] {
            #expect(!text.contains(Self.marker))
        }
        // The secrets are still there as presence.
        let secretKeys = settings.connections.flatMap { connection in
            connection.settings.filter(\.isSecret).map { "\(connection.connection):\($0.key)" }
        }
        #expect(
            secretKeys == [
                "Ad:Servers:0:Login", "Ad:Servers:0:Password", "Ad:Password", "Sql:ConnectionString", "Sql:Databases:1",
                "Entra:ApplicationId", "Entra:ApplicationKey", "Ps:Options:Token", "Ps:Options:Server",
                "Odd:Path:Password", "Odd:SqlCommand_Pwd:Filter", "Odd:UnknownKey", "Odd:ClientSecret", "Odd:Account",
            ])
        #expect(settings.connections.flatMap(\.settings).filter(\.isSecret).allSatisfy { $0.value == nil })
        #expect(settings.settings(for: "Ad")?.value("Servers:0:Server") == "dc01")
        #expect(settings.settings(for: "Sql")?.value("Timeout") == "30")
        // A list of database names (SQL Server Entitlements) is kept; an item that is a
        // connection string with a password is not.
        #expect(settings.settings(for: "Sql")?.value("Databases:0") == "Reporting")
        #expect(settings.settings(for: "Entra")?.value("TenantId") == "t1")
        #expect(settings.agentIdentifier == "AgentParis")
    }

    /// Each text is the settings above with a syntax error next to (or inside) a secret.
    static let brokenNextToASecret: [String] = [
        #"{"Connections": {"A": {"Password": "FAKE-SECRET-xyzzy-1" "Login": "x"}}}"#,
        #"{"Connections": {"A": {"Password": FAKE-SECRET-xyzzy-2}}}"#,
        #"{"Connections": {"A": {"Password": 'FAKE-SECRET-xyzzy-3'}}}"#,
        "{\"Connections\": {\"A\": {\"Password\": \"FAKE-SECRET-xyzzy-4\n}}}",
        #"{"Connections": {"A": {"Password": "FAKE-SECRET-xyzzy-5\q"}}}"#,
        "{\"Connections\": {\"A\": {\"Password\": \"FAKE-SECRET-xyzzy-6\u{7}\"}}}",
        #"{"Connections": {"A": {"FAKE-SECRET-xyzzy-7" "x"}}}"#,
        #"{"Connections": {"A": {FAKE-SECRET-xyzzy-8: "x"}}}"#,
        #"{"Connections": "FAKE-SECRET-xyzzy-9"}"#,
        #"{"Connections": {"A": "FAKE-SECRET-xyzzy-10"}}"#,
        #"{"Connections": {"A": {"Password": "FAKE-SECRET-xyzzy-11"}}} FAKE-SECRET-xyzzy-12"#,
        #"{"Connections": {"A": {"Password": "FAKE-SECRET-xyzzy-13"}}"#,
        #""FAKE-SECRET-xyzzy-14""#,
        settingsWithSecrets.replacingOccurrences(of: #""FAKE-SECRET-xyzzy-4", "TenantId""#, with: #""FAKE-SECRET-xyzzy-4" "TenantId""#),
    ]

    @Test(arguments: brokenNextToASecret)
    func noSecretReachesAnError(text: String) throws {
        let error = #expect(throws: InputError.self) {
            try AgentSettingsReader.parse(Data(text.utf8), file: "appsettings.agent.json")
        }
        let thrown = try #require(error)
        var dumped = ""
        dump(thrown, to: &dumped)
        for description in [String(describing: thrown), String(reflecting: thrown), thrown.localizedDescription, dumped] {
            #expect(!description.contains(Self.marker))
        }
        #expect(thrown.location.line != nil && thrown.location.file == "appsettings.agent.json")
    }

    /// Law: any bytes give settings or a located error, and no error holds a secret. Checked on
    /// every prefix of the file above and on every change of one byte to a structural character.
    /// (A change can rename a key, `Options` to `O,tions`, and so legitimately make a value
    /// public; which values are kept is checked by ``noSecretReachesTheResult()``.)
    @Test func everyPrefixAndByteChangeGivesAValueOrALocatedErrorWithoutSecrets() {
        let bytes = Array(Self.settingsWithSecrets.utf8)
        var inputs = (0..<bytes.count).map { Array(bytes[..<$0]) }
        for index in bytes.indices {
            for replacement in Array("\"',:}\\".utf8) + [0xFF, 0x0A] where bytes[index] != replacement {
                var changed = bytes
                changed[index] = replacement
                inputs.append(changed)
            }
        }
        var unlocated = 0
        var leaking = 0
        for input in inputs {
            do {
                _ = try AgentSettingsReader.parse(Data(input), file: "a.json")
            } catch let error as InputError {
                if error.location.line == nil { unlocated += 1 }
                if error.description.contains(Self.marker) { leaking += 1 }
            } catch {
                unlocated += 1
            }
        }
        #expect(inputs.count > 10_000)
        #expect(unlocated == 0)
        #expect(leaking == 0)
    }

    @Test func invalidUTF8InsideASecretIsNotQuoted() throws {
        let bytes = Array(#"{"Connections": {"A": {"Password": "FAKE-SECRET-xyzzy-"#.utf8) + [0xFF] + Array(#""}}}"#.utf8)
        let error = #expect(throws: InputError.self) { try AgentSettingsReader.parse(Data(bytes), file: "s.json") }
        #expect(error?.description == "s.json:1:55: error: bytes that are not valid UTF-8; save the file as UTF-8")
    }
}
