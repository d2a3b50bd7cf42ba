import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

/// A new catalog is built under a hidden temporary name, without the write-ahead log, and moved
/// into place in WAL mode once complete (`Catalog.build(at:_:)`).
@Suite struct CatalogBuildTests {
    static let at = "2026-11-29T08:00:00Z"

    /// Every row of every table and the schema, as text: two catalogs with the same content give
    /// the same dump.
    static func dump(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            var lines = try String.fetchAll(
                db, sql: "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name")
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables {
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                // Sorted as text: some tables have no rowid.
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)").map { table + " " + $0.description }.sorted()
            }
            return lines
        }
    }

    /// The header's read and write format versions (bytes 18 and 19): 2 and 2 for a WAL database.
    static func formatVersions(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return Array(data[18...19])
    }

    static func request(_ folder: TemporaryFolder, path: URL = demoFolder) -> ImportRequest {
        ImportRequest(path: path, at: Timestamp(parsing: at), fingerprintKeyFile: folder.url.appendingPathComponent("key"))
    }

    @Test func aBuiltCatalogHoldsWhatAnImportIntoAnOpenCatalogHolds() throws {
        let folder = try TemporaryFolder()
        let built = folder.url.appendingPathComponent("built.sqlite").path
        let opened = folder.url.appendingPathComponent("opened.sqlite").path
        let request = Self.request(folder)
        _ = try Catalog.with(at: built, for: .create) { catalog in
            // While it is built: no write-ahead log, the rollback journal in memory.
            #expect(try catalog.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "memory")
            let names = CatalogAccessTests.names(in: folder).filter { $0 != "key" }
            #expect(names.count == 1, "\(names)")
            #expect(names.allSatisfy { $0.hasPrefix(".built.sqlite.partial-\(getpid())-") && !$0.hasSuffix("-wal") }, "\(names)")
            return try Importer.run(request, into: catalog)
        }
        // The ordinary way: the catalog opened (created in WAL mode) and written in place.
        do {
            let catalog = try Catalog(path: opened)
            _ = try Importer.run(request, into: catalog)
            try catalog.close()
        }
        let dump = try Self.dump(built)
        #expect(dump.count > 100)
        #expect(dump == (try Self.dump(opened)))
        #expect(CatalogAccessTests.names(in: folder) == ["built.sqlite", "key", "opened.sqlite"])
        // In WAL mode like every catalog, written to its file alone.
        #expect(try Self.formatVersions(built) == [2, 2])
        #expect(try DatabaseQueue(path: built).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try Catalog.with(at: built, for: .read) { try $0.health() }.isHealthy)
        // No secret value of the demo reached the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: built))
        #expect(bytes.range(of: Data("FAKE-SECRET-ad-password-0003".utf8)) == nil)
        #expect(bytes.range(of: Data("FAKE-SECRET-snow-client-secret-0006".utf8)) == nil)
    }

    @Test func aFailedImportLeavesNoFileBehind() throws {
        let folder = try TemporaryFolder()
        try folder.write("input/Conf/Broken.xml", "<ConfigurationFile>\n  <Connection Identifier=\"HR\"\n</ConfigurationFile>\n")
        let catalogs = folder.url.appendingPathComponent("catalogs")
        try FileManager.default.createDirectory(at: catalogs, withIntermediateDirectories: false)
        let path = catalogs.appendingPathComponent("catalog.sqlite").path
        #expect(throws: InputError.self) {
            try Catalog.with(at: path, for: .create) { catalog in
                try Importer.run(Self.request(folder, path: folder.url.appendingPathComponent("input")), into: catalog)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: catalogs.path) == [])
    }

    @Test func aStaleTemporaryFileDoesNotBreakTheNextImport() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        // What a killed build left: its process is gone, so the files are removed.
        try folder.write(".catalog.sqlite.partial-999999-dead0000", Data(repeating: 0x41, count: 8192))
        try folder.write(".catalog.sqlite.partial-999999-dead0000-journal", Data(repeating: 0x42, count: 512))
        // A build of a process still running (this one) is left alone, and never taken for the catalog.
        let running = ".catalog.sqlite.partial-\(getpid())-live0000"
        try folder.write(running, Data(repeating: 0x43, count: 4096))
        let result = try Catalog.with(at: path, for: .create) { try Importer.run(Self.request(folder), into: $0) }
        #expect(result.record.id == 1)
        #expect(CatalogAccessTests.names(in: folder) == [running, "catalog.sqlite", "key"])
        #expect(try Data(contentsOf: folder.url.appendingPathComponent(running)) == Data(repeating: 0x43, count: 4096))
        #expect(try Catalog.with(at: path, for: .read) { try $0.imports().count } == 1)
    }

    @Test func aCatalogCreatedMeanwhileIsNotOverwritten() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        let other = Data("another process's catalog".utf8)
        #expect(
            throws: CatalogError.unusable(
                path: path, reason: "another import created this catalog meanwhile; nothing was stored by this one: run it again")
        ) {
            try Catalog.with(at: path, for: .create) { catalog in
                _ = try Importer.run(Self.request(folder), into: catalog)
                try other.write(to: URL(fileURLWithPath: path))
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == other)
        #expect(CatalogAccessTests.names(in: folder) == ["catalog.sqlite", "key"])
    }

    /// An empty file at the path is not a catalog: the build replaces it.
    @Test func anEmptyFileIsReplacedByTheBuiltCatalog() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        try folder.write("catalog.sqlite", Data())
        _ = try Catalog.with(at: path, for: .create) { try Importer.run(Self.request(folder), into: $0) }
        #expect(try Self.formatVersions(path) == [2, 2])
        #expect(try Catalog.with(at: path, for: .read) { try $0.connectionSummaries().count } == 5)
        #expect(CatalogAccessTests.names(in: folder) == ["catalog.sqlite", "key"])
    }
}
