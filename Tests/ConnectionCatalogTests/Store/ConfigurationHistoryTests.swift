import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// Every import's configuration stays retrievable; history is stored once per distinct content.
@Suite struct ConfigurationHistoryTests {
    static let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("conncat-history-\(UUID().uuidString).key")

    static func run(_ folder: URL, at: Timestamp, into catalog: Catalog) throws -> ImportResult {
        try Importer.run(ImportRequest(path: folder, at: at, fingerprintKeyFile: keyFile), into: catalog)
    }

    static func count(_ table: String, in catalog: Catalog) throws -> Int {
        // Table names are constants of the tests.
        try catalog.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    static let historyTables = ["config_element", "config_file_version", "config_version", "config_path", "import_secret", "import_file"]

    /// A copy of the demo working directory, to edit.
    static func demoCopy(in folder: TemporaryFolder) throws -> URL {
        let target = folder.url.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: demoFolder, to: target)
        return target
    }

    /// Replaces `old` by `new` in a file of `root`.
    static func edit(_ root: URL, _ path: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(path) has no \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Elements sorted by place, for comparing configurations stored in another order.
    static func placed(_ c: ConnectionCatalog.Configuration) -> [String] {
        c.historyElements.enumerated().map { _, e in "\(e.kind.name) \(e.identifier ?? "-") \(e.attributes.items)" }.sorted()
    }

    @Test func elementListsRoundTripWholeAndAsChanges() throws {
        let base = ElementList((1...50).map { (Int64($0), Int64($0 * 3)) })
        #expect(ElementList.decode(base.encodedWhole()) { nil } == base)
        // One element replaced, lines inserted above a later one.
        var entries = base.entries
        entries[10].id = 900
        for i in 30..<entries.count { entries[i].line += 4 }
        let changed = ElementList(entries)
        let bytes = changed.encoded(asChangeOf: base)
        #expect(bytes.count < 20, "a change of one element and one line shift is a few bytes, not \(bytes.count)")
        #expect(ElementList.decode(bytes) { base } == changed)
        // Elements inserted and removed.
        var edited = base.entries
        edited.insert((901, 40), at: 12)
        edited.remove(at: 40)
        let other = ElementList(edited)
        #expect(ElementList.decode(other.encoded(asChangeOf: base)) { base } == other)
        #expect(ElementList.decode(base.encoded(asChangeOf: base)) { base } == base)
        #expect(Varint.decodeAll(Varint.encode([0, -1, 1, Int64.max, Int64.min, 300])) == [0, -1, 1, Int64.max, Int64.min, 300])
    }

    @Test func aListEncodedAsItsEntriesComeIsTheWholeEncoding() throws {
        // Layout byte 0, then zigzag differences: (5, 3) then (+1, +1) then (-2, 0).
        var small = ElementListEncoder(capacity: 1, keepingEntries: false)
        for (id, line) in [(5, 3), (6, 4), (4, 4)] as [(Int64, Int64)] { small.append(id: id, line: line) }
        #expect(small.whole == [0, 10, 6, 2, 2, 3, 0])
        #expect(small.whole == ElementList([(5, 3), (6, 4), (4, 4)]).encodedWhole())
        #expect(small.count == 3)
        #expect(small.list == nil)
        let base = ElementList((1...300).map { (Int64($0 * 7 % 301), Int64($0 * 3)) })
        var kept = ElementListEncoder(capacity: 10, keepingEntries: true)
        for (id, line) in base.entries { kept.append(id: id, line: line) }
        #expect(kept.list == base)
        #expect(kept.count == 300)
        #expect(ElementList.decode(kept.whole) { nil } == base)
    }

    @Test func anUnchangedReimportWritesOnlyTheImportRecord() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let first = try Self.run(demoFolder, at: "2026-11-29T08:00:00Z", into: catalog)
        let counts = try Self.historyTables.map { try Self.count($0, in: catalog) }
        let second = try Self.run(demoFolder, at: "2026-11-30T08:00:00Z", into: catalog)
        #expect(!second.record.changed)
        #expect(second.summary == first.summary)
        #expect(second.files == first.files)
        #expect(try Self.historyTables.map { try Self.count($0, in: catalog) } == counts)
        #expect(try Self.count("import_run", in: catalog) == 2)
        // Both imports read the same configuration, retrievable from either.
        let one = try #require(try catalog.recordedConfiguration(importID: 1))
        let two = try #require(try catalog.recordedConfiguration(importID: 2))
        #expect(one.configuration == two.configuration)
        #expect(one.configuration == (try catalog.currentConfiguration()))
        #expect(one.agentSettings?.connections == (try catalog.currentAgentSettings(file: "Runtime/appsettings.agent.json").connections))
        // The secrets of the second import are those the first recorded.
        #expect(try catalog.storedSettings(connection: nil).settings.filter(\.secret).allSatisfy { $0.latest != nil && $0.latest == $0.previous })
    }

    @Test func theCheckOfTheLatestImportFromTheHistoryIsTheCheckOfTheCatalog() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try Self.run(demoFolder, at: "2026-11-29T08:00:00Z", into: catalog)
        let recorded = try #require(try catalog.recordedConfiguration(importID: 1))
        let fromHistory = ConfigurationCheck.run(try ConfigurationChangesQuery.checkInput(recorded, in: catalog))
        #expect(!fromHistory.isEmpty)
        #expect(fromHistory == (try ConfigurationCheck.run(in: catalog)))
    }

    @Test func aChangedFileIsStoredAsAChangeAndTheOthersAreNotReadAgain() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(in: folder)
        let catalog = try folder.catalog()
        _ = try Self.run(root, at: "2026-11-29T08:00:00Z", into: catalog)
        let before = try catalog.recordedConfiguration(importID: 1)
        let elements = try Self.count("config_element", in: catalog)
        let versions = try Self.count("config_file_version", in: catalog)
        // One attribute of one element; two lines inserted above it.
        try Self.edit(
            root, "Conf/HR/HR Connector.xml", "<Connection Identifier=\"HRFeed\"", "<!-- a comment\n  two lines -->\n  <Connection Identifier=\"HRFeed\"")
        try Self.edit(root, "Conf/HR/HR Connector.xml", "DisplayName_L1=\"HR - daily CSV feed\"", "DisplayName_L1=\"HR - daily CSV feed (new)\"")
        let second = try Self.run(root, at: "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.record.changed)
        #expect(try Self.count("config_element", in: catalog) == elements + 1)
        #expect(try Self.count("config_file_version", in: catalog) == versions + 1)
        let base: Int64? = try catalog.read { db in try Int64.fetchOne(db, sql: "SELECT base_id FROM config_file_version ORDER BY id DESC LIMIT 1") }
        #expect(base != nil, "stored as a change of the previous version")

        // The current configuration is what a fresh import of the edited folder stores.
        let fresh = try folder.catalog("fresh.sqlite")
        _ = try Self.run(root, at: "2026-11-30T08:00:00Z", into: fresh)
        #expect(Self.placed(try catalog.currentConfiguration()) == Self.placed(try fresh.currentConfiguration()))
        #expect(try catalog.recordedConfiguration(importID: 2)?.configuration == (try fresh.currentConfiguration()))
        // The first import's configuration is unchanged in the history.
        #expect(try catalog.recordedConfiguration(importID: 1) == before)
        let connection = try #require(try catalog.recordedConfiguration(importID: 2)?.configuration.connections.first { $0.identifier == "HRFeed" })
        #expect(connection.displayName == "HR - daily CSV feed (new)")
        #expect(connection.location.line == (before?.configuration.connections.first { $0.identifier == "HRFeed" }?.location.line).map { $0 + 2 })
    }

    @Test func aRemovedFileLeavesTheCurrentConfiguration() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(in: folder)
        let catalog = try folder.catalog()
        _ = try Self.run(root, at: "2026-11-29T08:00:00Z", into: catalog)
        try FileManager.default.removeItem(at: root.appendingPathComponent("Conf/Database/Finance.xml"))
        _ = try Self.run(root, at: "2026-11-30T08:00:00Z", into: catalog)
        let current = try catalog.currentConfiguration()
        #expect(!current.connections.contains { $0.location.file.hasSuffix("Finance.xml") })
        #expect(try catalog.recordedConfiguration(importID: 1)?.configuration.connections.contains { $0.location.file.hasSuffix("Finance.xml") } == true)
        let fresh = try folder.catalog("fresh.sqlite")
        _ = try Self.run(root, at: "2026-11-30T08:00:00Z", into: fresh)
        #expect(Self.placed(current) == Self.placed(try fresh.currentConfiguration()))
    }

    @Test func aClashWithAnUnreadFileIsStillReported() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(in: folder)
        let catalog = try folder.catalog()
        _ = try Self.run(root, at: "2026-11-29T08:00:00Z", into: catalog)
        try folder.write(
            "demo/Conf/Zz.xml",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connection Identifier="hrfeed" Connector="HR" Package="Usercube.CSV@0000001" />
            </ConfigurationFile>
            """)
        #expect(throws: InputError.self) { try Self.run(root, at: "2026-11-30T08:00:00Z", into: catalog) }
        #expect(try catalog.imports().count == 1)
    }

    @Test func aCatalogFromBeforeTheHistoryKeepsItsImportAndRecordsTheNextOne() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("old.sqlite").path
        try FileManager.default.copyItem(
            atPath: repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0006_refresh_file_warning.sqlite").path,
            toPath: path)
        let catalog = try Catalog(path: path)
        let before = try catalog.currentConfiguration()
        #expect(try catalog.importSummaries().map(\.recorded) == [false])
        #expect(try catalog.recordedConfiguration(importID: 1) == nil)
        _ = try Self.run(demoFolder, at: "2026-11-30T08:00:00Z", into: catalog)
        #expect(try catalog.currentConfiguration() == before)
        #expect(try catalog.recordedConfiguration(importID: 2)?.configuration == before)
        #expect(try catalog.importSummaries().map(\.recorded) == [false, true])
        #expect(throws: ChangesError.notRecorded(1)) { try ConfigurationChangesQuery.run(from: nil, to: nil, in: catalog) }
    }

    /// Agent settings of several connections: public, secret and null values, a connection
    /// without keys, one located without a JSON path.
    static func severalConnections() -> AgentSettings {
        let file = "Runtime/appsettings.agent.json"
        return AgentSettings(
            file: file,
            connections: [
                ConnectionSettings(
                    connection: "LdapNorth",
                    settings: [
                        ConnectionSetting(key: "Server", value: "ldap.north.example.test", isSecret: false, jsonPath: "Connections:LdapNorth:Server"),
                        ConnectionSetting(key: "Password", value: nil, isSecret: true, jsonPath: "Connections:LdapNorth:Password"),
                        ConnectionSetting(key: "Filter", value: nil, isSecret: false, jsonPath: "Connections:LdapNorth:Filter"),
                    ], location: SourceLocation(file: file, line: 3, jsonPath: "Connections:LdapNorth")),
                ConnectionSettings(connection: "EmptyOne", settings: [], location: SourceLocation(file: file, line: 9, jsonPath: "Connections:EmptyOne")),
                ConnectionSettings(
                    connection: "HrSouth",
                    settings: [
                        ConnectionSetting(
                            key: "Servers:0:Host", value: "hr.south.example.test", isSecret: false, jsonPath: "Connections:HrSouth:Servers:0:Host"),
                        ConnectionSetting(key: "ApiKey", value: nil, isSecret: true, jsonPath: "Connections:HrSouth:ApiKey"),
                    ], location: SourceLocation(file: file, line: nil, jsonPath: nil)),
            ])
    }

    @Test func agentSettingsBuiltOneConnectionAtATimeStoreTheRowsOfTheWholeList() throws {
        let settings = Self.severalConnections()
        let whole = settings.historyElements
        #expect(whole.count == 8)
        #expect(Array(settings.lazyHistoryElements) == whole)
        #expect(settings.historyElementCount == whole.count)
        #expect(HistoryWriter.settingsHash(settings.lazyHistoryElements) == HistoryWriter.settingsHash(whole))
        // The rows stored from the whole list and from the lazily built one are the same.
        func stored(lazily: Bool) throws -> [[String]] {
            let folder = try TemporaryFolder()
            let catalog = try folder.catalog()
            return try catalog.write { db in
                var history = try HistoryWriter(db: db)
                let hash = HistoryWriter.settingsHash(whole)
                if lazily {
                    _ = try history.store(
                        role: 2, path: settings.file, contentHash: hash, size: 0, elements: settings.lazyHistoryElements,
                        count: settings.historyElementCount, summary: ConfigurationSummary())
                } else {
                    _ = try history.store(
                        role: 2, path: settings.file, contentHash: hash, size: 0, elements: whole, summary: ConfigurationSummary())
                }
                let elements = try Row.fetchAll(db, sql: "SELECT id, kind, element, identifier, attributes FROM config_element ORDER BY id")
                let versions = try Row.fetchAll(
                    db, sql: "SELECT config_path_id, role, content_hash, size, base_id, depth, hex(elements), element_count FROM config_file_version")
                return (elements + versions).map { row in row.databaseValues.map(\.description) }
            }
        }
        let fromWhole = try stored(lazily: false)
        #expect(fromWhole.count == 9)
        #expect(try stored(lazily: true) == fromWhole)
        #expect(
            AgentSettings(file: settings.file, historyElements: whole).connections
                == settings.connections.map { connection in
                    var expected = connection
                    expected.location = SourceLocation(file: settings.file, line: connection.location.line, jsonPath: connection.location.jsonPath)
                    return expected
                })
    }
}
