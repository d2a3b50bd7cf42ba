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

    @Test func readOnlyAccessCreatesAMissingCatalog() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("new.sqlite").path
        let catalog = try Catalog(path: path, access: .readOnly)
        #expect(try catalog.appliedMigrations() == Catalog.migrations.map(\.name).sorted())
        #expect(try catalog.connectionSummaries().isEmpty)
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
