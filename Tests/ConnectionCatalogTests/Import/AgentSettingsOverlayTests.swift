import Foundation
import Testing

@testable import ConnectionCatalog

/// The agent settings merged with their overlays: what is kept, what is withheld, where each
/// secret comes from, and that no fake secret of ``SecretFixture`` survives the reader.
@Suite struct AgentSettingsOverlayTests {
    static let plainFile = "Runtime/appsettings.agent.json"
    static let encryptedFile = "Runtime/appsettings.encrypted.agent.json"
    static let cyberArkFile = "Runtime/appsettings.cyberArk.agent.json"

    func read(_ folder: TemporaryFolder, fingerprinter: SecretFingerprinter? = SecretFixture.fingerprinter()) throws -> AgentSettings {
        let file = try SecretFixture.write(into: folder)
        return try AgentSettingsReader.read(file: file, displayName: Self.plainFile, fingerprinter: fingerprinter)
    }

    @Test func everySecretIsRecognisedWithItsKindStateAndPlace() throws {
        let folder = try TemporaryFolder()
        let settings = try read(folder)
        let fp = SecretFixture.fingerprinter()
        func at(_ file: String, _ text: String, _ fragment: String, _ path: String) -> ConnectionCatalog.SourceLocation {
            SourceLocation(file: file, line: SecretFixture.line(of: fragment, in: text), jsonPath: path)
        }
        func plainLine(_ fragment: String) -> Int { SecretFixture.line(of: fragment, in: SecretFixture.plain) }
        func secret(
            _ connection: String?, _ key: String, _ reason: SecretReason, _ kind: SecretKind, value: String?,
            file: String = AgentSettingsOverlayTests.plainFile, text: String = SecretFixture.plain, fragment: String, redacted: String? = nil,
            plainText: String? = nil
        ) -> SecretSetting {
            let path = connection.map { "Connections:\($0):\(key)" } ?? key
            return SecretSetting(
                connection: connection, key: key, jsonPath: path, reason: reason,
                state: value == nil ? .absent : .set, kind: kind,
                fingerprint: value.map { fp.fingerprint(jsonPath: path, value: $0) }, redactedValue: redacted,
                location: at(file, text, fragment, path), plainTextLine: plainText.map(plainLine))
        }
        let expected: [SecretSetting] = [
            secret(
                nil, "OpenId:OpenIdClients:Job", .position, .plain, value: "FAKE-SECRET-openid-04",
                fragment: "FAKE-SECRET-openid-04", plainText: "FAKE-SECRET-openid-04"),
            secret(
                nil, "PasswordResetSettings:EncryptionCertificate:Password", .name, .plain, value: "FAKE-SECRET-pfx-15",
                fragment: "FAKE-SECRET-pfx-15", plainText: "FAKE-SECRET-pfx-15"),
            secret(
                nil, "Webhook:SharedAccessKey", .name, .plain, value: "FAKE-SECRET-agentkey-10",
                fragment: "FAKE-SECRET-agentkey-10", plainText: "FAKE-SECRET-agentkey-10"),
            secret("Ldap", "Servers:1:Login", .unlisted, .plain, value: "FAKE-SECRET-login-20", fragment: "FAKE-SECRET-login-20"),
            secret(
                "Ldap", "Servers:1:Password", .name, .plain, value: "FAKE-SECRET-nested-array-01",
                fragment: "FAKE-SECRET-nested-array-01", plainText: "FAKE-SECRET-nested-array-01"),
            secret(
                "Ldap", "Passwords:0", .name, .plain, value: "FAKE-SECRET-array-item-02",
                fragment: "FAKE-SECRET-array-item-02", plainText: "FAKE-SECRET-array-item-02"),
            secret(
                "FinanceDb", "ConnectionString", .connectionString, .plain,
                value: "Data Source=x.example.test;Password=FAKE-SECRET-connstr-03;User ID=u", fragment: "FAKE-SECRET-connstr-03",
                redacted: "Data Source=x.example.test;Password=<secret>;User ID=u", plainText: "FAKE-SECRET-connstr-03"),
            secret(
                "Custom", "SessionToken", .name, .plain, value: "FAKE-SECRET-token-08",
                fragment: "FAKE-SECRET-token-08", plainText: "FAKE-SECRET-token-08"),
            secret(
                "Custom", "SigningKey", .name, .plain, value: "FAKE-SECRET-key-09",
                fragment: "FAKE-SECRET-key-09", plainText: "FAKE-SECRET-key-09"),
            secret("Custom", "Options:Server", .position, .plain, value: "FAKE-SECRET-options-16", fragment: "FAKE-SECRET-options-16"),
            secret(
                "Scim", "ApplicationKey", .name, .encrypted, value: "FAKE-SECRET-encrypted-13",
                file: Self.encryptedFile, text: SecretFixture.encrypted, fragment: "FAKE-SECRET-encrypted-13",
                plainText: "FAKE-SECRET-plain-appkey-12"),
            secret(
                "Snow", "Server", .protected, .cyberark, value: "FAKE-SECRET-cyberark-server-22",
                file: Self.cyberArkFile, text: SecretFixture.cyberArk, fragment: "FAKE-SECRET-cyberark-server-22"),
            secret("Snow", "Login", .unlisted, .plain, value: "svc-idm", fragment: "svc-idm"),
            secret("Snow", "Password", .name, .azureKeyVault, value: nil, fragment: #""Password": """#),
            secret(
                "Snow", "ClientSecret", .name, .cyberark, value: "FAKE-SECRET-cyberark-account-14",
                file: Self.cyberArkFile, text: SecretFixture.cyberArk, fragment: "FAKE-SECRET-cyberark-account-14",
                plainText: "FAKE-SECRET-plain-client-21"),
            secret(
                nil, "Databases:Reporting", .connectionString, .plain,
                value: "Server=db.example.test;Database=Reporting;Pwd={FAKE-SECRET-databases-05;x}", fragment: "FAKE-SECRET-databases-05",
                redacted: "Server=db.example.test;Database=Reporting;Pwd=<secret>", plainText: "FAKE-SECRET-databases-05"),
            secret(
                "Ldap", "Password", .name, .encrypted, value: "FAKE-SECRET-encrypted-11",
                file: Self.encryptedFile, text: SecretFixture.encrypted, fragment: "FAKE-SECRET-encrypted-11"),
        ]
        #expect(settings.secrets.count == expected.count)
        for (actual, wanted) in zip(settings.secrets, expected) { #expect(actual == wanted) }
        #expect(settings.overlays == [Self.encryptedFile, Self.cyberArkFile])
        #expect(settings.usesAzureKeyVault)
        #expect(settings.agentIdentifier == "AgentSecrets")
    }

    @Test func publicValuesAreKeptAndOverriddenOnesWithheld() throws {
        let folder = try TemporaryFolder()
        let settings = try read(folder)
        func kept(_ connection: String) -> [String] {
            settings.settings(for: connection)!.settings.map { "\($0.key)=\($0.isSecret ? "<withheld>" : $0.value ?? "<null>")" }
        }
        #expect(settings.connections.map(\.connection) == ["Ldap", "FinanceDb", "Custom", "Scim", "Snow"])
        #expect(
            kept("Ldap") == [
                "Servers:0:Server=ldap1.example.test", "Servers:1:Server=ldap2.example.test", "Servers:1:Login=<withheld>",
                "Servers:1:Password=<withheld>", "Passwords:0=<withheld>", "Tables:0:Table=entries",
                "Tables:0:BaseDN=DC=example,DC=test", "Tables:0:Filter=(objectclass=*)", "Password=<withheld>",
            ])
        #expect(kept("FinanceDb") == ["ConnectionString=<withheld>", "Timeout=120"])
        #expect(
            kept("Custom") == [
                "PowerShellScriptPath=C:/scripts/custom.ps1", "SessionToken=<withheld>",
                "SigningKey=<withheld>", "Options:Server=<withheld>",
            ])
        #expect(kept("Scim") == ["Server=https://scim.example.test", "ApplicationKey=<withheld>"])
        // The CyberArk overlay sets Server: the address comes from the vault, not from the file.
        #expect(kept("Snow") == ["Server=<withheld>", "Login=<withheld>", "Password=<withheld>", "ClientSecret=<withheld>"])
    }

    @Test func plainTextSecretsAreLocatedInThePlainFile() throws {
        let folder = try TemporaryFolder()
        let found = try read(folder).plainTextSecrets
        func line(_ fragment: String) -> Int { SecretFixture.line(of: fragment, in: SecretFixture.plain) }
        func at(_ fragment: String, _ path: String) -> ConnectionCatalog.SourceLocation {
            SourceLocation(file: Self.plainFile, line: line(fragment), jsonPath: path)
        }
        #expect(
            found == [
                PlainTextSecret(
                    connection: nil, key: "OpenId:OpenIdClients:Job", location: at("FAKE-SECRET-openid-04", "OpenId:OpenIdClients:Job"), kind: .plain),
                PlainTextSecret(
                    connection: nil, key: "PasswordResetSettings:EncryptionCertificate:Password",
                    location: at("FAKE-SECRET-pfx-15", "PasswordResetSettings:EncryptionCertificate:Password"), kind: .plain),
                PlainTextSecret(
                    connection: nil, key: "Webhook:SharedAccessKey", location: at("FAKE-SECRET-agentkey-10", "Webhook:SharedAccessKey"), kind: .plain),
                PlainTextSecret(
                    connection: "Ldap", key: "Servers:1:Password",
                    location: at("FAKE-SECRET-nested-array-01", "Connections:Ldap:Servers:1:Password"), kind: .plain),
                PlainTextSecret(
                    connection: "Ldap", key: "Passwords:0", location: at("FAKE-SECRET-array-item-02", "Connections:Ldap:Passwords:0"), kind: .plain),
                PlainTextSecret(
                    connection: "FinanceDb", key: "ConnectionString",
                    location: at("FAKE-SECRET-connstr-03", "Connections:FinanceDb:ConnectionString"), kind: .plain, credentialInValue: true),
                PlainTextSecret(
                    connection: "Custom", key: "SessionToken", location: at("FAKE-SECRET-token-08", "Connections:Custom:SessionToken"), kind: .plain),
                PlainTextSecret(connection: "Custom", key: "SigningKey", location: at("FAKE-SECRET-key-09", "Connections:Custom:SigningKey"), kind: .plain),
                PlainTextSecret(
                    connection: "Scim", key: "ApplicationKey",
                    location: at("FAKE-SECRET-plain-appkey-12", "Connections:Scim:ApplicationKey"), kind: .encrypted),
                PlainTextSecret(
                    connection: "Snow", key: "ClientSecret",
                    location: at("FAKE-SECRET-plain-client-21", "Connections:Snow:ClientSecret"), kind: .cyberark),
                PlainTextSecret(
                    connection: nil, key: "Databases:Reporting", location: at("FAKE-SECRET-databases-05", "Databases:Reporting"), kind: .plain,
                    credentialInValue: true),
            ])
        #expect(
            found[8].message
                == "'ApplicationKey' of connection 'Scim' is written in clear in appsettings.agent.json (overridden by the encrypted value, but still in the file)"
        )
        #expect(found[0].message == "'OpenId:OpenIdClients:Job' is written in clear in appsettings.agent.json")
    }

    @Test func noFakeSecretSurvivesTheReader() throws {
        let folder = try TemporaryFolder()
        let settings = try read(folder)
        var dumped = ""
        dump(settings, to: &dumped)
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        for text in [String(describing: settings), String(reflecting: settings), dumped, json] {
            for secret in SecretFixture.secrets { #expect(!text.contains(secret), "\(secret) survives") }
            #expect(!text.contains("FAKE-SECRET"))
        }
    }

    @Test func withoutOverlaysNothingIsEncryptedOrInTheVault() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("appsettings.agent.json", SecretFixture.plain)
        let settings = try AgentSettingsReader.read(file: file, displayName: "appsettings.agent.json")
        #expect(settings.overlays == [])
        #expect(!settings.usesAzureKeyVault)
        let snow = settings.secrets.filter { $0.connection == "Snow" }
        #expect(snow.map(\.kind) == [.plain, .absent, .plain])
        #expect(snow.map(\.state) == [.set, .absent, .set])
        #expect(settings.secrets.allSatisfy { $0.fingerprint == nil })
        #expect(settings.settings(for: "Snow")?.value("Server") == "https://snow.example.test/api/now/table")
    }

    @Test func anOverlayParseErrorNamesTheOverlayAndNeverItsText() throws {
        let folder = try TemporaryFolder()
        let file = try SecretFixture.write(
            into: folder,
            replacing: [
                #""FAKE-SECRET-encrypted-11" }"#: #""FAKE-SECRET-encrypted-11" FAKE-SECRET-encrypted-13 }"#
            ])
        let error = #expect(throws: InputError.self) {
            try AgentSettingsReader.read(file: file, displayName: Self.plainFile, fingerprinter: SecretFixture.fingerprinter())
        }
        let line = SecretFixture.line(of: "FAKE-SECRET-encrypted-11", in: SecretFixture.encrypted)
        #expect(
            error?.description == "\(Self.encryptedFile):\(line):54: error: expected ',' or '}' after an object member; fix the JSON syntax at that position")
    }

    @Test func anAppSettingsParseErrorNamesThatFileAndNeverItsText() throws {
        let folder = try TemporaryFolder()
        let file = try SecretFixture.write(into: folder, replacing: ["AppKey=FAKE-SECRET-akv-17\"": "AppKey=FAKE-SECRET-akv-17"])
        let error = #expect(throws: InputError.self) {
            try AgentSettingsReader.read(file: file, displayName: Self.plainFile)
        }
        #expect(
            error?.description
                == "Runtime/appsettings.json:3:87: error: string not closed before the end of the line; add the closing '\"' (write a line break inside a string as \\n)"
        )
        for secret in SecretFixture.secrets { #expect(error?.description.contains(secret) == false) }
    }

    @Test func aConnectionThatIsNotAnObjectInAnOverlayIsLocatedThere() throws {
        let folder = try TemporaryFolder()
        let file = try SecretFixture.write(into: folder, replacing: [#""snow": {"#: #""snow": "FAKE-SECRET-x", "other": {"#])
        let error = #expect(throws: InputError.self) {
            try AgentSettingsReader.read(file: file, displayName: Self.plainFile)
        }
        #expect(error?.location == SourceLocation(file: Self.cyberArkFile, line: 3, column: 5, jsonPath: "Connections:snow"))
        #expect(error?.description.contains("FAKE-SECRET") == false)
    }
}
