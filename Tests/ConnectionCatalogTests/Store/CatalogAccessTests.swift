import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct CatalogAccessTests {
    /// Bytes of the main file after a TRUNCATE checkpoint (everything committed is in it).
    static func checkpointedBytes(_ path: String) throws -> Data {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try queue.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func readOnlyAccessReadsAnUpToDateCatalogWithoutWritingIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        do {
            let catalog = try Catalog(path: path)
            _ = try catalog.recordImport(
                Sample.record(hash: "h1"), files: [], agentSettingsHash: nil,
                configuration: Sample.configuration(), settings: nil, attempts: [])
            try catalog.recordRefreshAttempts([
                RefreshAttempt(
                    connection: "HRFeed", at: "2026-11-29T10:00:00Z", trigger: .refreshSchema, source: .exportOutput,
                    status: .success, snapshot: SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["id", "mail"])]))
            ])
        }
        let before = try Self.checkpointedBytes(path)

        let reader = try Catalog(path: path, access: .readOnly)
        #expect(try reader.appliedMigrations() == Catalog.migrations.map(\.name).sorted())
        let columns = try reader.availableColumns(connection: "HRFeed", tables: nil, asOf: nil)
        #expect(columns.map(\.column) == ["id", "mail"])
        #expect(throws: (any Error).self) {
            try reader.recordRefreshAttempts([
                RefreshAttempt(
                    connection: "HRFeed", at: "2026-11-29T11:00:00Z",
                    trigger: .refreshSchema, source: .exportOutput, status: .noSchema)
            ])
        }
        #expect(try Self.checkpointedBytes(path) == before)
    }

    /// Names in `folder` (the catalog, a partial build...), leaving out SQLite's shared-memory
    /// index and an empty write-ahead log, which any reader of a WAL database may leave beside it.
    static func names(in folder: TemporaryFolder) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? ["?"]
        return names.filter { name in
            if name.hasSuffix("-shm") { return false }
            let path = folder.url.appendingPathComponent(name).path
            return !(name.hasSuffix("-wal") && Catalog.isEmptyFile(path))
        }.sorted()
    }

    @Test func readOnlyAccessNeverCreatesACatalog() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("new.sqlite").path
        #expect(throws: CatalogError.noCatalog(path: path)) { _ = try Catalog(path: path, access: .readOnly) }
        #expect(Self.names(in: folder) == [])
    }

    /// Reading never migrates: a catalog of an older version is refused and left as it was.
    @Test func readOnlyAccessRefusesAnOlderCatalogWithoutWritingIt() throws {
        let folder = try TemporaryFolder()
        let path = try CatalogUpgradeTests.copy("m0006_refresh_file_warning.sqlite", into: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let names = Self.names(in: folder)
        #expect {
            _ = try Catalog(path: path, access: .readOnly)
        } throws: { error in
            guard case CatalogError.unusable(let shown, let reason)? = error as? CatalogError else { return false }
            return shown == path && reason.hasPrefix("it was written by an older version and must be upgraded")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(Self.names(in: folder) == names, "\(Self.names(in: folder))")
    }

    @Test func anEmptyFileIsNotACatalogToRead() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        for use in [Catalog.Use.read, .update] {
            #expect(
                throws: CatalogError.unusable(
                    path: path, reason: "the file is empty (0 bytes), not a catalog; it was left untouched; import a configuration into it, or remove it")
            ) { try Catalog.with(at: path, for: use) { _ in } }
        }
        #expect(
            throws: CatalogError.unusable(
                path: path, reason: "the file is empty (0 bytes), not a catalog; it was left untouched; import a configuration into it, or remove it")
        ) {
            _ = try Catalog(path: path, access: .readOnly)
        }
        #expect(Self.names(in: folder) == ["empty.sqlite"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    /// Only creating makes a catalog where there is none; reading and updating leave the folder as it was.
    @Test func onlyCreatingMakesACatalog() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        for use in [Catalog.Use.read, .update] {
            #expect(throws: CatalogError.noCatalog(path: path)) { try Catalog.with(at: path, for: use) { _ in } }
        }
        #expect(Self.names(in: folder) == [])
        // A failed creation leaves nothing either.
        struct Stop: Error {}
        #expect(throws: Stop.self) { try Catalog.with(at: path, for: .create) { _ in throw Stop() } }
        #expect(Self.names(in: folder) == [])
        let count = try Catalog.with(at: path, for: .create) { catalog in
            _ = try catalog.recordImport(
                Sample.record(hash: "h1"), files: [], agentSettingsHash: nil,
                configuration: Sample.configuration(), settings: nil, attempts: [])
            return try catalog.imports().count
        }
        #expect(count == 1)
        // Closed: the catalog file alone holds the result.
        #expect(Self.names(in: folder) == ["catalog.sqlite"], "\(Self.names(in: folder))")
        #expect(try Catalog.with(at: path, for: .read) { try $0.imports().count } == 1)
        #expect(Self.names(in: folder) == ["catalog.sqlite"], "\(Self.names(in: folder))")
        #expect(try Catalog.with(at: path, for: .update) { try $0.imports().count } == 1)
    }

    /// What the command line's lifecycle did: reading an older catalog upgrades it first.
    @Test func readingUseUpgradesAnOlderCatalog() throws {
        let folder = try TemporaryFolder()
        let path = try CatalogUpgradeTests.copy("m0006_refresh_file_warning.sqlite", into: folder)
        let applied = try Catalog.with(at: path, for: .read) { try $0.appliedMigrations() }
        #expect(applied == Catalog.migrations.map(\.name).sorted())
        #expect(try Catalog(path: path, access: .readOnly).connectionSummaries().count == 5)
    }

    @Test(arguments: ["folder", "fifo", "dangling"])
    func aPathThatCannotHoldACatalogIsRefusedUntouched(kind: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("catalog.sqlite").path
        switch kind {
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case "fifo": #expect(mkfifo(path, 0o600) == 0)
        default: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "gone.sqlite")
        }
        for use in [Catalog.Use.read, .update, .create] {
            #expect {
                try Catalog.with(at: path, for: use) { _ in }
            } throws: { error in
                guard case CatalogError.notAFile(let shown, _)? = error as? CatalogError else { return false }
                return shown == path && (error as? CatalogError)?.diagnostic.remedy == .nameCatalogFile
            }
        }
        #expect(Self.names(in: folder) == ["catalog.sqlite"], "\(Self.names(in: folder))")
    }

    @Test func readOnlyAccessStillRefusesANewerCatalog() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("newer.sqlite").path
        do {
            let catalog = try Catalog(path: path)
            try catalog.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('m0999_future')") }
        }
        #expect(throws: CatalogError.newerCatalog(path: path, unknownMigrations: ["m0999_future"])) {
            _ = try Catalog(path: path, access: .readOnly)
        }
    }
}
