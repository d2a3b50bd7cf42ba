import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// `conncat settings` as a library query: values, secret presence and kind, and changes between
/// imports, on the fixture with a fake secret in every position.
@Suite struct ConnectionSettingsQueryTests {
    /// Reads the fixture (with `replacements`) and records it as one import, the way the importer
    /// does: redacted XML attributes, content hash over the redacted settings.
    @discardableResult
    func importFixture(
        _ folder: TemporaryFolder, into catalog: Catalog, replacing replacements: [String: String] = [:],
        key: UInt8 = 7, at: String = "2026-11-01T08:00:00Z"
    ) throws -> ImportRecord {
        let file = try SecretFixture.write(into: folder, replacing: replacements)
        let settings = try AgentSettingsReader.read(
            file: file, displayName: "Runtime/appsettings.agent.json",
            fingerprinter: SecretFixture.fingerprinter(key))
        let hash = Importer.redactedHash(settings)
        return try catalog.recordImport(
            Sample.record(hash: hash, at: at), files: [], agentSettingsHash: hash,
            configuration: Importer.redactingSecretAttributes(SecretFixture.configuration()),
            settings: settings, attempts: [])
    }

    static func row(
        _ connection: String?, _ key: String, _ value: String?, secret: Bool = false,
        _ state: SettingState = .set, _ kind: SecretKind = .plain, changed: Bool? = nil
    ) -> SettingRow {
        SettingRow(
            connection: connection, key: key, value: value, secret: secret, state: state, kind: kind,
            changedSincePreviousImport: changed)
    }

    /// The fixture's rows; `changed` gives the change of each secret by key (default: `unchanged`).
    static func fixtureRows(
        changed: [String: Bool?] = [:], unchanged: Bool? = nil,
        timeout: String = "120", connectionString: String = "Data Source=x.example.test;Password=<secret>;User ID=u"
    ) -> [SettingRow] {
        func s(
            _ connection: String?, _ key: String, _ value: String? = nil, _ state: SettingState = .set,
            _ kind: SecretKind = .plain
        ) -> SettingRow {
            let path = connection.map { "\($0):\(key)" } ?? key
            return row(connection, key, value, secret: true, state, kind, changed: changed[path] ?? unchanged)
        }
        return [
            row("Ldap", "Servers:0:Server", "ldap1.example.test"),
            row("Ldap", "Servers:1:Server", "ldap2.example.test"),
            s("Ldap", "Servers:1:Login"),
            s("Ldap", "Servers:1:Password"),
            s("Ldap", "Passwords:0"),
            row("Ldap", "Tables:0:Table", "entries"),
            row("Ldap", "Tables:0:BaseDN", "DC=example,DC=test"),
            row("Ldap", "Tables:0:Filter", "(objectclass=*)"),
            s("Ldap", "Password", nil, .set, .encrypted),
            s("FinanceDb", "ConnectionString", connectionString),
            row("FinanceDb", "Timeout", timeout),
            row("Custom", "PowerShellScriptPath", "C:/scripts/custom.ps1"),
            s("Custom", "SessionToken"),
            s("Custom", "SigningKey"),
            s("Custom", "Options:Server"),
            row("Scim", "Server", "https://scim.example.test"),
            s("Scim", "ApplicationKey", nil, .set, .encrypted),
            s("Snow", "Server", nil, .set, .cyberark),
            s("Snow", "Login"),
            s("Snow", "Password", nil, .absent, .azureKeyVault),
            s("Snow", "ClientSecret", nil, .set, .cyberark),
            s(nil, "OpenId:OpenIdClients:Job"),
            s(nil, "PasswordResetSettings:EncryptionCertificate:Password"),
            s(nil, "Webhook:SharedAccessKey"),
            s(nil, "Databases:Reporting", "Server=db.example.test;Database=Reporting;Pwd=<secret>"),
        ]
    }

    @Test func theFirstImportShowsEverySettingAndSecretWithChangesUnknown() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importFixture(folder, into: catalog)
        let rows = try ConnectionSettingsQuery.run(in: catalog)
        let expected = Self.fixtureRows()
        #expect(rows.count == expected.count)
        for (actual, wanted) in zip(rows, expected) { #expect(actual == wanted) }
    }

    @Test func aChangedSecretIsReportedChangedAndTheOthersNot() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let first = try importFixture(folder, into: catalog)
        let second = try importFixture(
            folder, into: catalog,
            replacing: [
                "FAKE-SECRET-nested-array-01": "FAKE-SECRET-nested-array-01b",  // in a nested array
                "FAKE-SECRET-connstr-03": "FAKE-SECRET-connstr-03b",  // a connection string's password
                "FAKE-SECRET-encrypted-13": "FAKE-SECRET-encrypted-13b",  // set only in the encrypted overlay
                "FAKE-SECRET-openid-04": "FAKE-SECRET-openid-04b",  // an OpenID client secret
                "FAKE-SECRET-comment-06": "FAKE-SECRET-comment-06b",  // a comment: no setting changes
                #""Timeout": 120"#: #""Timeout": 90"#,  // a public value
            ], at: "2026-11-02T08:00:00Z")
        #expect(first.contentHash != second.contentHash)
        #expect(second.changed)
        let changed: [String: Bool?] = [
            "Ldap:Servers:1:Password": true, "FinanceDb:ConnectionString": true,
            "Scim:ApplicationKey": true, "OpenId:OpenIdClients:Job": true,
        ]
        let rows = try ConnectionSettingsQuery.run(in: catalog)
        let expected = Self.fixtureRows(changed: changed, unchanged: false, timeout: "90")
        #expect(rows.count == expected.count)
        for (actual, wanted) in zip(rows, expected) { #expect(actual == wanted) }
        // The changes between the two imports follow the same rule: its secret changes are the
        // secrets shown as changed.
        func name(_ connection: String?, _ key: String) -> String { (connection ?? "-") + " " + key }
        let secretChanges = try ConfigurationChangesQuery.run(from: nil, to: nil, in: catalog).settings.filter(\.secret)
        #expect(secretChanges.allSatisfy { $0.change == .modified })
        #expect(
            Set(secretChanges.map { name($0.connection, $0.key) })
                == Set(rows.filter { $0.secret && $0.changedSincePreviousImport == true }.map { name($0.connection, $0.key) }))
        #expect(secretChanges.count == 4)

        // A third import of the same files: nothing changed since the previous import.
        let third = try importFixture(
            folder, into: catalog,
            replacing: [
                "FAKE-SECRET-nested-array-01": "FAKE-SECRET-nested-array-01b", "FAKE-SECRET-connstr-03": "FAKE-SECRET-connstr-03b",
                "FAKE-SECRET-encrypted-13": "FAKE-SECRET-encrypted-13b", "FAKE-SECRET-openid-04": "FAKE-SECRET-openid-04b",
                #""Timeout": 120"#: #""Timeout": 90"#,
            ], at: "2026-11-03T08:00:00Z")
        #expect(third.contentHash == second.contentHash)
        #expect(!third.changed)
        #expect(try ConnectionSettingsQuery.run(in: catalog) == Self.fixtureRows(unchanged: false, timeout: "90"))
    }

    @Test func aSecretThatAppearsOrDisappearsIsChanged() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importFixture(folder, into: catalog)
        try importFixture(
            folder, into: catalog,
            replacing: [
                #""Password": "","#: #""Password": "FAKE-SECRET-new-password-23","#,
                #""SigningKey": "FAKE-SECRET-key-09","#: #""SigningKey": null,"#,
            ])
        let rows = try ConnectionSettingsQuery.run(connection: "snow", in: catalog)
        #expect(rows.first { $0.key == "Password" } == Self.row("Snow", "Password", nil, secret: true, .set, .plain, changed: true))
        let custom = try ConnectionSettingsQuery.run(connection: "CUSTOM", in: catalog)
        #expect(custom.first { $0.key == "SigningKey" } == Self.row("Custom", "SigningKey", nil, secret: true, .absent, .azureKeyVault, changed: true))
    }

    @Test func fingerprintsMadeWithAnotherKeyGiveAnUnknownChange() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let first = try importFixture(folder, into: catalog, key: 7)
        let second = try importFixture(folder, into: catalog, key: 9)
        #expect(first.contentHash != second.contentHash)  // the fingerprints differ
        let rows = try ConnectionSettingsQuery.run(in: catalog)
        // Set secrets cannot be compared; the absent one is still absent.
        #expect(rows == Self.fixtureRows(changed: ["Snow:Password": false], unchanged: nil))
    }

    @Test func oneConnectionIsFilteredCaseInsensitivelyAndAnUnknownOneIsAnError() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importFixture(folder, into: catalog)
        let rows = try ConnectionSettingsQuery.run(connection: "snow", in: catalog)
        #expect(rows == Self.fixtureRows().filter { $0.connection == "Snow" })
        #expect(rows.count == 4)
        #expect(throws: CatalogError.unknownConnection("Nope")) { try ConnectionSettingsQuery.run(connection: "Nope", in: catalog) }
    }

    @Test func settingsRecordedWithoutSecretDetailsShowThemAsUnknown() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: "s",
            configuration: Sample.configuration(), settings: Sample.settings(), attempts: [])
        // Settings written under "adexport" belong to the Connection the XML declares as ADExport:
        // `connection` names it so, `settings_connection` keeps the member as written.
        let declared = SettingRow(
            connection: "ADExport", settingsConnection: "adexport", key: "Servers:0:Server", value: "dc01.example.test", secret: false,
            state: .set, kind: .plain, changedSincePreviousImport: nil)
        #expect(
            try ConnectionSettingsQuery.run(in: catalog) == [
                declared,
                SettingRow(
                    connection: "ADExport", settingsConnection: "adexport", key: "Password", value: nil, secret: true, state: nil, kind: nil,
                    changedSincePreviousImport: nil),
            ])
        #expect(try ConnectionSettingsQuery.run(connection: "ADEXPORT", in: catalog).first == declared)
        #expect(try catalog.agentSettingsMatch() == AgentSettingsMatch(declared: 3, withSettings: 1, undeclared: []))
    }

    @Test func theCatalogAndItsWALHoldNoFakeSecret() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        do {
            let catalog = try Catalog(path: path)
            try importFixture(folder, into: catalog)
            try importFixture(folder, into: catalog, replacing: ["FAKE-SECRET-token-08": "FAKE-SECRET-token-08b"])
            _ = try ConnectionSettingsQuery.run(in: catalog)
            _ = try PlainTextSecrets.run(in: catalog)
            let bytes = SecretFixture.catalogBytes(path)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(bytes.count > 0)
            for secret in SecretFixture.secrets + ["FAKE-SECRET-token-08b"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "the catalog holds \(secret)")
            }
            #expect(bytes.range(of: Data("FAKE-SECRET".utf8)) == nil)
            // The XML attribute that carries a secret was replaced, not dropped.
            let attributes = try catalog.read { db in try String.fetchOne(db, sql: "SELECT attributes FROM agent") }
            #expect(attributes == #"{"Identifier":"AgentSecrets","HashedSecret":"<secret>"}"#)
        }
        // After the last connection closed (WAL checkpointed into the file) too.
        let bytes = SecretFixture.catalogBytes(path)
        #expect(bytes.range(of: Data("FAKE-SECRET".utf8)) == nil)
    }

    @Test func anImportStoresItsSecretsOnlyWhenTheyDifferFromTheImportBefore() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importFixture(folder, into: catalog)
        try importFixture(folder, into: catalog)
        let counts = try catalog.read { db in
            try Row.fetchAll(db, sql: "SELECT import_run_id, COUNT(*) AS n FROM import_secret GROUP BY import_run_id ORDER BY 1")
                .map { [$0["import_run_id"] as Int64, $0["n"] as Int64] }
        }
        // Held by the first import of the run of imports that knew the same secrets.
        #expect(counts == [[1, 17]])
        let runs = try catalog.read { db in try Int64.fetchAll(db, sql: "SELECT secrets_run_id FROM import_run ORDER BY id") }
        #expect(runs == [1, 1])
        // The catalog's own views read the latest import's rows.
        let viewed = try catalog.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_settings WHERE secret = 1 AND state IS NOT NULL") }
        #expect(viewed == (try catalog.storedSettings(connection: nil).settings.filter(\.secret).count))
        #expect(try catalog.imports().map(\.changed) == [true, false])
        #expect(try catalog.storedSettings(connection: nil).settings.filter(\.secret).allSatisfy { $0.latest == $0.previous })
    }

    @Test func plainTextSecretsOfTheLatestImportForTheCheck() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let file = try SecretFixture.write(into: folder)
        let settings = try AgentSettingsReader.read(file: file, displayName: "Runtime/appsettings.agent.json")
        try importFixture(folder, into: catalog)
        let found = try PlainTextSecrets.run(in: catalog)
        #expect(found == settings.plainTextSecrets)
        #expect(found.count == 11)
        #expect(found.map { "\($0.location)" }.first == "Runtime/appsettings.agent.json:6 (OpenId:OpenIdClients:Job)")
    }

    @Test(
        arguments: [
            // (latest, previous, has previous import, expected)
            (SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")), nil, false, nil),
            (SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")), nil, true, true),
            (SecretObservation(state: .absent, kind: .absent, fingerprint: nil), nil, true, false),
            (
                SecretObservation(state: .absent, kind: .azureKeyVault, fingerprint: nil),
                SecretObservation(state: .absent, kind: .absent, fingerprint: nil), true, false
            ),
            (
                SecretObservation(state: .absent, kind: .absent, fingerprint: nil),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")), true, true
            ),
            (
                SecretObservation(state: .set, kind: .encrypted, fingerprint: .init(keyID: "aaaaaaaa", value: "1")),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "bbbbbbbb", value: "2")), true, true
            ),
            (
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")), true, false
            ),
            (
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "2")), true, true
            ),
            (
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "bbbbbbbb", value: "1")), true, nil
            ),
            (
                SecretObservation(state: .set, kind: .plain, fingerprint: nil),
                SecretObservation(state: .set, kind: .plain, fingerprint: .init(keyID: "aaaaaaaa", value: "1")), true, nil
            ),
        ] as [(SecretObservation, SecretObservation?, Bool, Bool?)])
    func changeRule(latest: SecretObservation, previous: SecretObservation?, hasPrevious: Bool, expected: Bool?) {
        #expect(ConnectionSettingsQuery.changed(latest: latest, previous: previous, hasPreviousImport: hasPrevious) == expected)
    }

    @Test func noLatestObservationIsUnknown() {
        #expect(ConnectionSettingsQuery.changed(latest: nil, previous: nil, hasPreviousImport: true) == nil)
    }
}
