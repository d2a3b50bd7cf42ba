import Foundation

@testable import ConnectionCatalog

/// An agent runtime folder with a fake secret (each distinct, starting `FAKE-SECRET-`) in every
/// position the secret rules cover: a nested array, an array of secrets, a connection string,
/// `OpenId:OpenIdClients`, `Databases`, comments, unknown keys whose name says token or key
/// material, PowerShell `Options`, `PasswordResetSettings`, the encrypted and CyberArk overlays,
/// and the agent's `appsettings.json` (Azure Key Vault credentials, certificate password).
enum SecretFixture {
    /// Every fake secret of the files, including those only in comments and in `appsettings.json`.
    static let secrets = [
        "FAKE-SECRET-nested-array-01", "FAKE-SECRET-array-item-02", "FAKE-SECRET-connstr-03", "FAKE-SECRET-openid-04",
        "FAKE-SECRET-databases-05", "FAKE-SECRET-comment-06", "FAKE-SECRET-comment-07", "FAKE-SECRET-token-08",
        "FAKE-SECRET-key-09", "FAKE-SECRET-agentkey-10", "FAKE-SECRET-encrypted-11", "FAKE-SECRET-plain-appkey-12",
        "FAKE-SECRET-encrypted-13", "FAKE-SECRET-cyberark-account-14", "FAKE-SECRET-pfx-15", "FAKE-SECRET-options-16",
        "FAKE-SECRET-akv-17", "FAKE-SECRET-appsettings-pfx-18", "FAKE-SECRET-hashed-19", "FAKE-SECRET-login-20",
        "FAKE-SECRET-plain-client-21", "FAKE-SECRET-cyberark-server-22",
    ]

    static let plain = """
        {
          // Agent settings of the secrets fixture. Old password: FAKE-SECRET-comment-06
          /* rotated: FAKE-SECRET-comment-07 */
          "OpenId": {
            "AgentIdentifier": "AgentSecrets",
            "OpenIdClients": { "Job": "FAKE-SECRET-openid-04" },
            "DefaultOpenIdClient": "Job"
          },
          "PasswordResetSettings": {
            "EncryptionCertificate": { "File": "C:/certs/reset.pfx", "Password": "FAKE-SECRET-pfx-15" },
            "TokenBuildingSettings": { "ValidFor": "03:00:00" }
          },
          "Webhook": { "Url": "https://hooks.example.test", "SharedAccessKey": "FAKE-SECRET-agentkey-10" },
          "Connections": {
            "Ldap": {
              "Servers": [
                { "Server": "ldap1.example.test" },
                { "Server": "ldap2.example.test", "Login": "FAKE-SECRET-login-20", "Password": "FAKE-SECRET-nested-array-01" }
              ],
              "Passwords": [ "FAKE-SECRET-array-item-02" ],
              "Tables": [ { "Table": "entries", "BaseDN": "DC=example,DC=test", "Filter": "(objectclass=*)" } ]
            },
            "FinanceDb": {
              "ConnectionString": "Data Source=x.example.test;Password=FAKE-SECRET-connstr-03;User ID=u",
              "Timeout": 120
            },
            "Custom": {
              "PowerShellScriptPath": "C:/scripts/custom.ps1",
              "SessionToken": "FAKE-SECRET-token-08",
              "SigningKey": "FAKE-SECRET-key-09",
              "Options": { "Server": "FAKE-SECRET-options-16" }
            },
            "Scim": { "Server": "https://scim.example.test", "ApplicationKey": "FAKE-SECRET-plain-appkey-12" },
            "Snow": {
              "Server": "https://snow.example.test/api/now/table",
              "Login": "svc-idm",
              "Password": "",
              "ClientSecret": "FAKE-SECRET-plain-client-21",
            },
          },
          "Databases": {
            "Reporting": "Server=db.example.test;Database=Reporting;Pwd={FAKE-SECRET-databases-05;x}"
          }
        }
        """

    static let encrypted = """
        {
          "Connections": {
            "Ldap": { "Password": "FAKE-SECRET-encrypted-11" },
            "Scim": { "ApplicationKey": "FAKE-SECRET-encrypted-13" }
          }
        }
        """

    /// Written as `appsettings.cyberArk.agent.json`, the spelling of the CyberArk page.
    static let cyberArk = """
        {
          "Connections": {
            "snow": { "ClientSecret": "FAKE-SECRET-cyberark-account-14", "Server": "FAKE-SECRET-cyberark-server-22" }
          }
        }
        """

    static let appSettings = """
        {
          "EncryptionCertificate": { "File": "C:/certs/agent.pfx", "Password": "FAKE-SECRET-appsettings-pfx-18", "UseEncryptedAppsettings": true },
          "AzureKeyVault": { "Vault": "https://fixture.vault.azure.net/", "ConnectionString": "RunAs=App;AppId=a;TenantId=t;AppKey=FAKE-SECRET-akv-17" }
        }
        """

    /// Writes the four files into `folder/Runtime` with `replacements` (old → new text) applied to
    /// every file, and returns the URL of the plain settings file.
    @discardableResult
    static func write(into folder: TemporaryFolder, replacing replacements: [String: String] = [:]) throws -> URL {
        func edited(_ text: String) -> String {
            replacements.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        try folder.write("Runtime/appsettings.encrypted.agent.json", edited(encrypted))
        try folder.write("Runtime/appsettings.cyberArk.agent.json", edited(cyberArk))
        try folder.write("Runtime/appsettings.json", edited(appSettings))
        return try folder.write("Runtime/appsettings.agent.json", edited(plain))
    }

    /// The 1-based line of the only line of `text` that contains `fragment`.
    static func line(of fragment: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n").enumerated().filter { $0.element.contains(fragment) }
        precondition(lines.count == 1, "'\(fragment)' must be on exactly one line")
        return lines[0].offset + 1
    }

    /// A configuration with the fixture's connections and an XML attribute that carries a secret.
    static func configuration() -> Configuration {
        var c = Configuration()
        for (index, name) in ["Ldap", "FinanceDb", "Custom", "Scim", "Snow"].enumerated() {
            c.connections.append(
                Connection(
                    identifier: name, attributes: ["Identifier": name, "Connector": "C", "Package": "Usercube.AD@0000001"],
                    location: SourceLocation(file: "Conf/c.xml", line: index + 3)))
        }
        c.agents = [
            Agent(
                identifier: "AgentSecrets",
                attributes: ["Identifier": "AgentSecrets", "HashedSecret": "FAKE-SECRET-hashed-19"],
                location: SourceLocation(file: "Conf/a.xml", line: 2))
        ]
        return c
    }

    /// A fingerprinter with a fixed key (`byte` repeated).
    static func fingerprinter(_ byte: UInt8 = 7) -> SecretFingerprinter {
        SecretFingerprinter(key: [UInt8](repeating: byte, count: SecretFingerprinter.keySize))
    }

    /// The bytes of the catalog at `path` and of its WAL and shared-memory files.
    static func catalogBytes(_ path: String) -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let part = FileManager.default.contents(atPath: path + suffix) { data.append(part) }
        }
        return data
    }
}
