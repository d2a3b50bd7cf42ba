import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// The import reads its XML files on one thread and writes on another: a failure on either side
/// ends it with that failure, nothing stored, the reading thread stopped (the import returns).
@Suite struct ImporterPipelineTests {
    static let header = ImporterChunkTests.header

    /// A folder `name` whose `Conf/` holds one file per entry of `files`, each with that many
    /// Connectors (named after the file), and whose first file `malformedAt` (when given) breaks
    /// after that many.
    static func folder(_ folder: TemporaryFolder, _ name: String, files: [Int], malformedAfter: (file: Int, elements: Int)? = nil) throws
        -> URL
    {
        for (index, count) in files.enumerated() {
            var text = header
            for element in 0..<count {
                if malformedAfter?.file == index, malformedAfter?.elements == element {
                    text += "  <Connector Identifier=\"Broken\"\n"
                    break
                }
                text += "  <Connector Identifier=\"F\(index)_C\(element)\" />\n"
            }
            if malformedAfter?.file != index { text += "</ConfigurationFile>\n" }
            try folder.write("\(name)/Conf/File\(index).xml", text)
        }
        return folder.url.appendingPathComponent(name)
    }

    static func run(_ root: URL, chunk: Int, into catalog: Catalog) throws -> ImportResult {
        try ImporterChunkTests.run(root, chunk: chunk, into: catalog)
    }

    /// Makes the catalog refuse a row of `table` once it holds `rows` rows: a writing failure.
    static func failWrites(_ catalog: Catalog, table: String, after rows: Int) throws {
        try catalog.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER injected_failure BEFORE INSERT ON \(table)
                    WHEN (SELECT count(*) FROM \(table)) >= \(rows) BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """)
        }
    }

    static func dropFailure(_ catalog: Catalog) throws {
        try catalog.write { db in try db.execute(sql: "DROP TRIGGER injected_failure") }
    }

    @Test(arguments: [1, 7, 50_000])
    func aWritingFailureMidFileStopsTheReadingAndStoresNothing(chunk: Int) throws {
        let folder = try TemporaryFolder()
        // Far more chunks than the queue holds: the reading waits on it when the writer fails.
        let root = try Self.folder(folder, "w", files: [40, 2_000, 30])
        let catalog = try folder.catalog()
        try Self.failWrites(catalog, table: "connector", after: 100)
        #expect(throws: CatalogError.self) { try Self.run(root, chunk: chunk, into: catalog) }
        #expect(try catalog.imports().isEmpty)
        #expect(try ImporterStreamingTests.dump(catalog)["connector"]?.isEmpty == true)
        // Nothing holds the catalog: the same import succeeds once the failure is gone.
        try Self.dropFailure(catalog)
        let result = try Self.run(root, chunk: chunk, into: catalog)
        #expect(result.summary.elements == 2_070)
        #expect(try ImporterStreamingTests.dump(catalog)["connector"]?.count == 2_070)
    }

    @Test func aWritingFailureAtTheLastRowsStoresNothing() throws {
        let folder = try TemporaryFolder()
        let root = try Self.folder(folder, "w", files: [300, 300])
        let catalog = try folder.catalog()
        try Self.failWrites(catalog, table: "import_run", after: 0)
        #expect(throws: CatalogError.self) { try Self.run(root, chunk: 3, into: catalog) }
        #expect(try ImporterStreamingTests.dump(catalog)["connector"]?.isEmpty == true)
    }

    @Test(arguments: [1, 5, 50_000])
    func aReadingFailureMidFileEndsTheImportWithItsErrorAndStoresNothing(chunk: Int) throws {
        let folder = try TemporaryFolder()
        let root = try Self.folder(folder, "r", files: [500, 1_000, 20], malformedAfter: (1, 600))
        let catalog = try folder.catalog()
        let error = ImporterChunkTests.error(root, chunk: chunk, into: catalog)
        #expect(error?.location.file == root.relativePath + "/Conf/File1.xml")
        #expect(try catalog.imports().isEmpty)
        #expect(try ImporterStreamingTests.dump(catalog)["connector"]?.isEmpty == true)
        #expect(try ImporterStreamingTests.dump(catalog)["config_element"]?.isEmpty == true)
    }

    @Test func aConfigurationWithoutElementsImports() throws {
        let folder = try TemporaryFolder()
        let root = try Self.folder(folder, "e", files: [0, 0])
        let catalog = try folder.catalog()
        let result = try Self.run(root, chunk: 1, into: catalog)
        #expect(result.summary.elements == 0)
        #expect(result.files.map(\.path) == ["Conf/File0.xml", "Conf/File1.xml"])
        #expect(try catalog.imports().count == 1)
    }

    /// Files reused unread come in reading order among files read again, whatever the chunk size.
    @Test(arguments: [1, 4, Int.max])
    func aReimportReusingFilesUnreadStoresWhatAFirstImportOfTheSameFilesStores(chunk: Int) throws {
        let folder = try TemporaryFolder()
        let root = try Self.folder(folder, "x", files: [30, 20, 10, 5])
        let catalog = try folder.catalog()
        _ = try Self.run(root, chunk: chunk, into: catalog)
        // The second file changes; the others are reused unread.
        try folder.write("x/Conf/File1.xml", Self.header + "  <Connector Identifier=\"Changed\" />\n</ConfigurationFile>\n")
        let second = try Self.run(root, chunk: chunk, into: catalog)
        #expect(second.files.map(\.path) == (0..<4).map { "Conf/File\($0).xml" })
        #expect(second.summary.elements == 46)
        let fresh = try folder.catalog("fresh.sqlite")
        _ = try Self.run(root, chunk: chunk, into: fresh)
        let connectors = { (catalog: Catalog) in
            try catalog.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM connector ORDER BY identifier") }
        }
        #expect(try connectors(catalog) == (try connectors(fresh)))
        let recorded = try #require(try catalog.recordedConfiguration(importID: 2))
        #expect(recorded.files.map(\.elements.count) == [30, 1, 10, 5])
    }
}
