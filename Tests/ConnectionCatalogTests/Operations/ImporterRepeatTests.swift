import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// An import of exactly the inputs of the latest import stores only its record.
@Suite struct ImporterRepeatTests {
    static let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("conncat-repeat-\(UUID().uuidString).key")

    /// Row counts of every table but `import_run`.
    static func counts(_ catalog: Catalog) throws -> [String: Int] {
        try catalog.read { db in
            var counts: [String: Int] = [:]
            for table in try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'import_run'")
            {
                // Table names come from sqlite_schema, not from input.
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
            }
            return counts
        }
    }

    /// A writable copy of the demo working directory.
    static func demoCopy(_ folder: TemporaryFolder) throws -> URL {
        let copy = folder.url.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: demoFolder, to: copy)
        return copy
    }

    func run(_ root: URL, _ at: Timestamp, into catalog: Catalog) throws -> ImportResult {
        try Importer.run(ImportRequest(path: root, at: at, fingerprintKeyFile: Self.keyFile), into: catalog)
    }

    @Test func theSameInputsAgainStoreOnlyTheImportRecord() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(folder)
        let catalog = try folder.catalog()
        let first = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        let before = try Self.counts(catalog)
        let second = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.unchangedSince == first.record.id)
        #expect(second.refresh == nil)
        #expect(!second.record.changed)
        #expect(second.record.contentHash == first.record.contentHash)
        #expect(second.summary == first.summary)
        #expect(second.files == first.files)
        #expect(second.storedAgentSettingsConnections == first.agentSettings?.connections.count)
        #expect(try Self.counts(catalog) == before)
        let imports = try catalog.imports()
        #expect(imports.map(\.importedAt) == ["2026-11-29T08:00:00Z", "2026-11-30T08:00:00Z"])
        // What the latest import knew of secrets and configuration is the first one's.
        #expect(try catalog.recordedConfiguration(importID: 2)?.configuration == (try catalog.recordedConfiguration(importID: 1)?.configuration))
        #expect(try catalog.storedSettings(connection: nil).settings.filter(\.secret).allSatisfy { $0.latest != nil && $0.latest == $0.previous })
    }

    @Test func achangedExportFileOrARefreshSinceMakesTheImportRefreshAgain() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(folder)
        let catalog = try folder.catalog()
        _ = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        // Same size, same header, other bytes: read again.
        let file = root.appendingPathComponent("Temp/ExportOutput/ADExport_entries.csv")
        var data = try Data(contentsOf: file)
        data[data.count - 2] = data[data.count - 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try data.write(to: file)
        let second = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.unchangedSince == nil)
        #expect(second.refresh?.attempts.isEmpty == false)
        // Repeated now; then a schema refresh recorded in between makes the next import refresh.
        #expect(try run(root, "2026-12-01T08:00:00Z", into: catalog).unchangedSince == second.record.id)
        let attempts = try SchemaRefresher.refresh(
            folder: root.appendingPathComponent("Temp/ExportOutput"), displayFolder: "Temp/ExportOutput",
            targets: [RefreshTarget(connection: "ADExport", package: nil)], knownConnections: ["ADExport"],
            at: "2026-12-01T09:00:00Z", trigger: .refreshSchema
        ).attempts
        try catalog.recordRefreshAttempts(attempts)
        let fourth = try run(root, "2026-12-02T08:00:00Z", into: catalog)
        #expect(fourth.unchangedSince == nil)
        #expect(fourth.refresh?.attempts.isEmpty == false)
    }

    /// An export file is digested by its size, time and the bytes a header read can take: a large
    /// export is not read whole on every import, and a change in its head is still seen.
    @Test func exportFilesAreDigestedByWhatTheRefreshReads() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(folder)
        let catalog = try folder.catalog()
        let file = root.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        var bytes = try Data(contentsOf: file)
        let row = Data("E9999;Ann;Example;ann@example.test;Sales;E0001;2020-01-01;Clerk\n".utf8)
        while bytes.count <= CSVHeaderReader.maximumBytesRead + 4096 { bytes.append(row) }
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        func write(_ data: Data) throws {
            try data.write(to: file)
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: file.path)
        }
        try write(bytes)
        let first = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        // The same size and time, a byte changed past what a header read takes: unchanged.
        bytes[bytes.count - 2] = UInt8(ascii: "k")
        try write(bytes)
        let second = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.unchangedSince == first.record.id)
        // The same size and time, the header changed: read again, and the refresh sees it.
        let header = try #require(bytes.firstIndex(of: UInt8(ascii: "\n")))
        bytes[header - 1] = bytes[header - 1] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try write(bytes)
        let third = try run(root, "2026-12-01T08:00:00Z", into: catalog)
        #expect(third.unchangedSince == nil)
        #expect(third.refresh != nil)
    }

    @Test func changedAgentSettingsAreReadAgain() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(folder)
        let catalog = try folder.catalog()
        _ = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        let file = root.appendingPathComponent("Runtime/appsettings.agent.json")
        try (String(contentsOf: file, encoding: .utf8) + "\n").write(to: file, atomically: true, encoding: .utf8)
        let second = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.unchangedSince == nil)
        #expect(second.agentSettings != nil)
        #expect(try run(root, "2026-12-01T08:00:00Z", into: catalog).unchangedSince == second.record.id)
    }
    /// Refresh attempts per connection, as stored.
    static func attemptsPerConnection(_ catalog: Catalog) throws -> [String: Int] {
        try catalog.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.identifier, COUNT(*) AS n FROM refresh_attempt r
                    JOIN history_connection c ON c.id = r.history_connection_id GROUP BY c.identifier
                    """)
            {
                counts[row["identifier"]] = row["n"]
            }
            return counts
        }
    }

    /// A working directory of `count` CSV connections `C001`... with one export file each.
    static func manyConnections(_ folder: TemporaryFolder, count: Int) throws -> URL {
        let root = folder.url.appendingPathComponent("many")
        let conf = root.appendingPathComponent("Conf")
        let exports = root.appendingPathComponent("Temp/ExportOutput")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let names = (1...count).map { String(format: "C%03d", $0) }
        let connections = names.map { "  <Connection Identifier=\"\($0)\" Connector=\"Files\" Package=\"Usercube.CSV@0000001\" />" }
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Connector Identifier="Files" />
        \(connections.joined(separator: "\n"))
        </ConfigurationFile>
        """.write(to: conf.appendingPathComponent("Connections.xml"), atomically: true, encoding: .utf8)
        for name in names {
            try "id,name\n1,One\n".write(to: exports.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        return root
    }

    /// Refresh attempts are stored as the refresh makes them, a batch at a time: with more
    /// connections than a batch, every attempt is stored once, in the refresh's order, with its
    /// file; an import where one export file changed stores that connection's attempt alone,
    /// whichever batch it falls in.
    @Test func attemptsHandedOverInBatchesAreEachStoredOnceInOrder() throws {
        let count = 2 * SchemaRefresher.handedAttempts + 22
        let folder = try TemporaryFolder()
        let root = try Self.manyConnections(folder, count: count)
        let catalog = try folder.catalog()
        let first = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        let made = try #require(first.refresh?.attempts)
        #expect(made.count == count)
        #expect(made.allSatisfy { $0.status == .success })
        let stored = try catalog.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT c.identifier FROM refresh_attempt r JOIN history_connection c ON c.id = r.history_connection_id
                    ORDER BY r.id
                    """)
        }
        #expect(stored == made.map(\.connection))
        #expect(try Self.counts(catalog)["refresh_file"] == count)

        let changed = String(format: "C%03d", SchemaRefresher.handedAttempts + 10)
        try "id,name,mail\n1,One,one@example.test\n".write(
            to: root.appendingPathComponent("Temp/ExportOutput/\(changed).csv"), atomically: true, encoding: .utf8)
        _ = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        let attempts = try Self.attemptsPerConnection(catalog)
        #expect(attempts.count == count)
        #expect(attempts.filter { $0.value == 2 }.map(\.key) == [changed])
        #expect(attempts.values.reduce(0, +) == count + 1)
    }

    @Test func aChangedElementRecordsAnAttemptOnlyForTheConnectionWhoseInputsChanged() throws {
        let folder = try TemporaryFolder()
        let root = try Self.demoCopy(folder)
        let catalog = try folder.catalog()
        _ = try run(root, "2026-11-29T08:00:00Z", into: catalog)
        let attempts = try Self.attemptsPerConnection(catalog)
        #expect(attempts["FinanceDb"] == 1)
        let before = try Self.counts(catalog)

        // One element changed, related to no connection: no attempt is stored again.
        let languages = root.appendingPathComponent("Conf/Languages.xml")
        let xml = try String(contentsOf: languages, encoding: .utf8)
        try xml.replacingOccurrences(of: "Code=\"fr-FR\"", with: "Code=\"fr-CA\"").write(to: languages, atomically: true, encoding: .utf8)
        let second = try run(root, "2026-11-30T08:00:00Z", into: catalog)
        #expect(second.unchangedSince == nil)
        #expect(second.refresh?.attempts.count == attempts.values.reduce(0, +))
        #expect(try Self.attemptsPerConnection(catalog) == attempts)
        let after = try Self.counts(catalog)
        for table in ["refresh_attempt", "refresh_file", "snapshot", "snapshot_table", "snapshot_column", "history_file"] {
            #expect(after[table] == before[table], "\(table)")
        }
        // The latest attempt stands: the history still shows the first one's time.
        #expect(try catalog.refreshHistory(of: "FinanceDb").map(\.at) == ["2026-11-29T08:00:00Z"])

        // A connection's export file gains a column: that connection alone is refreshed again.
        let export = root.appendingPathComponent("Temp/ExportOutput/FinanceDb.csv")
        let csv = try String(contentsOf: export, encoding: .utf8)
        var lines = csv.components(separatedBy: "\n")
        lines = lines.enumerated().map { $0.offset == 0 ? $0.element + ",cost_center" : ($0.element.isEmpty ? "" : $0.element + ",CC1") }
        try lines.joined(separator: "\n").write(to: export, atomically: true, encoding: .utf8)
        _ = try run(root, "2026-12-01T08:00:00Z", into: catalog)
        var expected = attempts
        expected["FinanceDb"] = 2
        #expect(try Self.attemptsPerConnection(catalog) == expected)
        #expect(try catalog.refreshHistory(of: "FinanceDb").map(\.at).sorted() == ["2026-11-29T08:00:00Z", "2026-12-01T08:00:00Z"])
    }
}
