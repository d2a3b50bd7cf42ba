import ConnectionCatalog
import Foundation
import Testing

/// `conncat settings`: what is set, where it comes from, what changed, and no secret anywhere.
///
/// The first suite fills the catalog through the library (agent settings only), so it does not
/// depend on the XML reader; the second imports the demo working directory end to end.
@Suite struct SettingsCommandTests {
    /// Fake secrets of the overlays and of `appsettings.json` written beside the demo's settings.
    static let overlaySecrets = [
        "FAKE-SECRET-encrypted-ad-0101", "FAKE-SECRET-cyberark-account-0102", "FAKE-SECRET-akv-appkey-0103",
        "FAKE-SECRET-pfx-0104", "FAKE-SECRET-snow-password-0005-rotated",
    ]
    static let allSecrets = SecretTests.fakeSecrets + overlaySecrets

    /// The demo's `Runtime` folder copied into `folder`, with an encrypted overlay (ADExport's
    /// Password), a CyberArk overlay (SnowCmdb's ClientSecret) and an `appsettings.json` that turns
    /// Azure Key Vault on.
    static func runtimeWithOverlays(in folder: URL) throws -> URL {
        let runtime = folder.appendingPathComponent("Runtime")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Sandbox.demo + "/Runtime/appsettings.agent.json",
            toPath: runtime.appendingPathComponent("appsettings.agent.json").path)
        try addOverlays(to: runtime)
        return runtime.appendingPathComponent("appsettings.agent.json")
    }

    static func addOverlays(to runtime: URL) throws {
        try #"{ "Connections": { "ADExport": { "Password": "FAKE-SECRET-encrypted-ad-0101" } } }"#
            .write(to: runtime.appendingPathComponent("appsettings.encrypted.agent.json"), atomically: true, encoding: .utf8)
        try #"{ "Connections": { "SnowCmdb": { "ClientSecret": "FAKE-SECRET-cyberark-account-0102" } } }"#
            .write(to: runtime.appendingPathComponent("appsettings.cyberark.agent.json"), atomically: true, encoding: .utf8)
        try """
        {
          "EncryptionCertificate": { "File": "agent.pfx", "Password": "FAKE-SECRET-pfx-0104", "UseEncryptedAppsettings": true },
          "AzureKeyVault": { "Vault": "https://demo.vault.azure.net/", "ConnectionString": "RunAs=App;AppId=a;TenantId=t;AppKey=FAKE-SECRET-akv-appkey-0103" }
        }
        """.write(to: runtime.appendingPathComponent("appsettings.json"), atomically: true, encoding: .utf8)
    }

    /// Records the agent settings at `file` as one import, through the library, with the
    /// sandbox's fingerprint key.
    static func record(_ file: URL, in sandbox: Sandbox, hash: String, at: String, keyFile: String? = nil) throws {
        let fingerprinter = try SecretFingerprinter.load(keyFile: URL(fileURLWithPath: keyFile ?? sandbox.keyFile))
        let settings = try AgentSettingsReader.read(file: file, displayName: "Runtime/appsettings.agent.json", fingerprinter: fingerprinter)
        let record = ImportRecord(
            importedAt: at, sourceFolder: sandbox.folder.path, configurationFolder: sandbox.folder.path,
            agentSettingsFile: file.path, exportFolder: nil, xmlFileCount: 0, elementCount: 0,
            contentHash: hash, changed: true)
        _ = try Catalog(path: sandbox.database).recordImport(
            record, files: [], agentSettingsHash: hash, configuration: Configuration(),
            settings: settings, attempts: [])
    }

    static let snowAfterRotation = """
        [
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "Server", "value": "https://snow.example.test/api/now/table", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "Login", "value": null, "secret": true, "state": "set", "kind": "plain", "changed_since_previous_import": false},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "Password", "value": null, "secret": true, "state": "set", "kind": "plain", "changed_since_previous_import": true},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "ClientId", "value": null, "secret": true, "state": "set", "kind": "plain", "changed_since_previous_import": false},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "ClientSecret", "value": null, "secret": true, "state": "set", "kind": "cyberark", "changed_since_previous_import": false},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "OAuth2Url", "value": "https://snow.example.test/oauth_token.do", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "Filter", "value": "sys_user#active=true", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null},
          {"connection": "SnowCmdb", "settings_connection": "SnowCmdb", "key": "ResponseSizeLimit", "value": "5000", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null}
        ]

        """

    @Test func settingsShowWhatIsSetWhereItComesFromAndWhatChanged() throws {
        let sandbox = try Sandbox()
        let file = try Self.runtimeWithOverlays(in: sandbox.folder)
        try Self.record(file, in: sandbox, hash: "first", at: "2026-11-01T06:00:00Z")
        let rotated = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "FAKE-SECRET-snow-password-0005", with: "FAKE-SECRET-snow-password-0005-rotated")
        try rotated.write(to: file, atomically: true, encoding: .utf8)
        try Self.record(file, in: sandbox, hash: "second", at: "2026-11-02T06:00:00Z")

        let snow = try sandbox.run(["settings", "--connection", "snowcmdb", "--format", "json"])
        #expect(snow.status == 0)
        #expect(snow.stderr == "")
        #expect(snow.stdout == Self.snowAfterRotation)

        let ad = try sandbox.run(["settings", "--connection", "ADExport", "--format", "csv"])
        #expect(
            ad.stdout == [
                "connection,settings_connection,key,value,secret,state,kind,changed_since_previous_import",
                "ADExport,ADExport,Servers:0:Server,dc01.corp.example.test,false,set,plain,",
                "ADExport,ADExport,Servers:0:BaseDN,\"DC=corp,DC=example,DC=test\",false,set,plain,",
                "ADExport,ADExport,AuthType,Basic,false,set,plain,",
                "ADExport,ADExport,Login,,true,set,plain,false",
                "ADExport,ADExport,Password,,true,set,encrypted,false",
                "ADExport,ADExport,Filter,(|(objectCategory=person)(objectCategory=group)),false,set,plain,",
                "ADExport,ADExport,EnableSSL,true,false,set,plain,",
                "ADExport,ADExport,RetryDelay,10,false,set,plain,",
            ].joined(separator: "\r\n") + "\r\n")

        let all = try sandbox.run(["settings"])
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.split(separator: " ").map(String.init)
                == ["connection", "settings_connection", "key", "value", "secret", "state", "kind", "changed_since_previous_import"])
        #expect(lines.count == 2 + 32)
        #expect(
            lines.suffix(3).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) } == [
                ["OpenId:OpenIdClients:Job", "true", "set", "plain", "false"],
                ["OpenId:OpenIdClients:Provisioning", "true", "set", "plain", "false"],
                [
                    "Databases:IdmReporting",  // a pipe gets whole values (a terminal gets them cut to its width)
                    "Data", "Source=sql01.example.test;Initial", "Catalog=IdmReporting;User", "ID=svc_idm_report;Password=<secret>;",
                    "true", "set", "plain", "false",
                ],
            ])
    }

    /// The demo's settings recorded through the library show as after `conncat import` (same golden).
    @Test func theDemoSettingsMatchTheGolden() throws {
        let sandbox = try Sandbox()
        try Self.record(
            URL(fileURLWithPath: Sandbox.demo + "/Runtime/appsettings.agent.json"), in: sandbox,
            hash: "demo", at: "2026-11-01T06:00:00Z")
        let json = try sandbox.run(["settings", "--format", "json"])
        #expect(json.status == 0)
        try assertGolden(json.stdout, "settings-demo.json")
    }

    @Test func noSecretInAnyFormatNorInAFailure() throws {
        let sandbox = try Sandbox()
        let file = try Self.runtimeWithOverlays(in: sandbox.folder)
        try Self.record(file, in: sandbox, hash: "first", at: "2026-11-01T06:00:00Z")
        var outputs: [RunResult] = []
        for format in ["table", "json", "csv"] {
            outputs.append(try sandbox.run(["settings", "--format", format]))
            outputs.append(try sandbox.run(["settings", "--connection", "FinanceDb", "--format", format]))
        }
        let unknown = try sandbox.run(["settings", "--connection", "Nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "conncat: error: no connection 'Nope' in the catalog; `conncat connections` lists them\n")
        outputs.append(unknown)
        let badFormat = try sandbox.run(["settings", "--format", "xml"])
        #expect(badFormat.status == 64)
        outputs.append(badFormat)
        // A broken key file: the error names the file, never a secret.
        let badKey = sandbox.folder.appendingPathComponent("bad.key")
        try Data("short".utf8).write(to: badKey)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: badKey.path)
        #expect(throws: FingerprintKeyError.self) {
            try Self.record(file, in: sandbox, hash: "x", at: "2026-11-03T06:00:00Z", keyFile: badKey.path)
        }
        outputs.append(try sandbox.run(["settings", "--format", "json"]))

        let connectionString = try sandbox.run(["settings", "--connection", "FinanceDb", "--format", "json"]).stdout
        #expect(
            connectionString.contains(
                #""value": "Data Source=sql01.example.test;Initial Catalog=FinanceLedger;User ID=svc_idm_finance;Password=<secret>;Encrypt=True;TrustServerCertificate=False""#
            ))
        for output in outputs where output.status == 0 { #expect(!output.stdout.isEmpty) }
        let catalog = try sandbox.catalogBytes()
        #expect(!catalog.isEmpty)
        for secret in Self.allSecrets {
            for output in outputs {
                #expect(!output.stdout.contains(secret), "stdout shows \(secret)")
                #expect(!output.stderr.contains(secret), "stderr shows \(secret)")
            }
            #expect(catalog.range(of: Data(secret.utf8)) == nil, "catalog holds \(secret)")
        }
        #expect(catalog.range(of: Data("FAKE-SECRET".utf8)) == nil)
        for output in outputs { #expect(!(output.stdout + output.stderr).contains("FAKE-SECRET")) }
    }
}

/// The same, through `conncat import` of the demo working directory. These tests need the XML
/// reader.
@Suite struct SettingsAfterImportTests {
    @Test func theDemoSettingsAfterImport() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let json = try sandbox.run(["settings", "--format", "json"])
        #expect(json.status == 0)
        try assertGolden(json.stdout, "settings-demo.json")
        let csv = try sandbox.run(["settings", "--connection", "HRFeed", "--format", "csv"])
        #expect(
            csv.stdout == [
                "connection,settings_connection,key,value,secret,state,kind,changed_since_previous_import",
                "HRFeed,HRFeed,Path,D:/IdentityManager/Sources/HR/hr_extract.csv,false,set,plain,",
                "HRFeed,HRFeed,Encoding,UTF-8,false,set,plain,",
                "HRFeed,HRFeed,Separator,;,false,set,plain,",
            ].joined(separator: "\r\n") + "\r\n")
    }

    @Test func anImportThatReadNoSettingsSaysSoAndWhereItLooked() throws {
        let sandbox = try Sandbox()
        try FileManager.default.copyItem(atPath: Sandbox.demo + "/Conf", toPath: sandbox.folder.appendingPathComponent("Conf").path)
        #expect(try sandbox.run(["import", "Conf", "--at", "2026-11-29T08:00:00Z"]).status == 0)
        let result = try sandbox.run(["settings"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout
                == "No agent settings: the latest import (#1) read none; conncat import looks for Conf/Runtime/appsettings.agent.json, "
                + "else Conf/appsettings.agent.json (or the file given with --agent-settings).\n")
        #expect(try sandbox.run(["settings", "--format", "json"]).stdout == "[]\n")
    }

    @Test func aSecretChangedBetweenTwoImportsIsReportedChanged() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-01T06:00:00Z"]).status == 0)
        try SettingsCommandTests.addOverlays(to: demo.appendingPathComponent("Runtime"))
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-01T07:00:00Z"]).status == 0)
        let file = demo.appendingPathComponent("Runtime/appsettings.agent.json")
        let rotated = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "FAKE-SECRET-snow-password-0005", with: "FAKE-SECRET-snow-password-0005-rotated")
        try rotated.write(to: file, atomically: true, encoding: .utf8)
        let second = try sandbox.run(["import", demo.path, "--at", "2026-11-02T06:00:00Z"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("  configuration stored\n"))
        let snow = try sandbox.run(["settings", "--connection", "SnowCmdb", "--format", "json"])
        #expect(snow.stdout == SettingsCommandTests.snowAfterRotation)
        // Imported again unchanged: nothing changed since the previous import.
        let third = try sandbox.run(["import", demo.path, "--at", "2026-11-03T06:00:00Z"])
        #expect(third.stdout.contains("  configuration unchanged since the previous import\n"))
        let after = try sandbox.run(["settings", "--connection", "SnowCmdb", "--format", "csv"])
        #expect(after.stdout.contains("SnowCmdb,SnowCmdb,Password,,true,set,plain,false\r\n"))
    }

    @Test func anotherKeyFileMakesChangesUnknown() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-01T06:00:00Z"]).status == 0)
        let otherKey = sandbox.folder.appendingPathComponent("other/fingerprint.key").path
        let second = try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-02T06:00:00Z"], environment: ["CONNCAT_KEY_FILE": otherKey])
        #expect(second.status == 0)
        let csv = try sandbox.run(["settings", "--connection", "ADExport", "--format", "csv"])
        #expect(csv.stdout.contains("ADExport,ADExport,Password,,true,set,plain,\r\n"))
        #expect(csv.stdout.contains("ADExport,ADExport,AuthType,Basic,false,set,plain,\r\n"))
    }

    @Test func noFakeSecretAfterImportRefreshAndEveryCommand() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        try SettingsCommandTests.addOverlays(to: demo.appendingPathComponent("Runtime"))
        var outputs: [RunResult] = []
        outputs.append(try sandbox.run(["import", demo.path]))
        #expect(outputs[0].status == 0)
        outputs.append(try sandbox.run(["import", demo.path]))
        outputs.append(try sandbox.run(["refresh-schema", "--export-dir", demo.path + "/Temp/ExportOutput"]))
        for command in ["connections", "tables", "columns", "settings"] {
            for format in ["table", "json", "csv"] {
                outputs.append(try sandbox.run([command, "--format", format]))
            }
        }
        outputs.append(try sandbox.run(["settings", "--connection", "Nope"]))
        outputs.append(try sandbox.run(["history", "ADExport"]))
        outputs.append(try sandbox.run(["audit"]))
        // A syntax error in an overlay, next to a secret: located, never quoted.
        let overlay = demo.appendingPathComponent("Runtime/appsettings.encrypted.agent.json")
        try #"{ "Connections": { "ADExport": { "Password": "FAKE-SECRET-encrypted-ad-0101" FAKE-SECRET-pfx-0104 } } }"#
            .write(to: overlay, atomically: true, encoding: .utf8)
        let failed = try sandbox.run(["import", demo.path])
        #expect(failed.status == 1)
        #expect(
            failed.stderr
                == "demo/Runtime/appsettings.encrypted.agent.json:1:78: error: expected ',' or '}' after an object member; fix the JSON syntax at that position\n"
        )
        outputs.append(failed)

        let catalog = try sandbox.catalogBytes()
        for secret in SettingsCommandTests.allSecrets {
            for output in outputs {
                #expect(!output.stdout.contains(secret), "stdout shows \(secret)")
                #expect(!output.stderr.contains(secret), "stderr shows \(secret)")
            }
            #expect(catalog.range(of: Data(secret.utf8)) == nil, "catalog holds \(secret)")
        }
        #expect(catalog.range(of: Data("FAKE-SECRET".utf8)) == nil)
    }
}
