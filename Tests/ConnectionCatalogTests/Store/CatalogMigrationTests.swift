import Crypto
import Foundation
import GRDB
import Testing
@testable import ConnectionCatalog

@Suite struct CatalogMigrationTests {
    /// The SHA-256 of every landed migration. A landed migration is never edited: add a new one.
    static let landed: [String: String] = [
        "m0001_catalog": "PENDING",
        "m0003_performance": "PENDING",
    ]

    @Test func everyMigrationFileIsRegisteredInOrder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Migrations").path)
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
        #expect(Catalog.migrations.map(\.name) == files)
        for migration in Catalog.migrations {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Migrations/\(migration.name).sql"), encoding: .utf8)
            #expect(migration.sql == text, "the binary embeds \(migration.name) as it is in Migrations/")
        }
    }

    @Test func landedMigrationsAreNeverEdited() {
        for migration in Catalog.migrations {
            let hash = SHA256.hash(data: Data(migration.sql.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(Self.landed[migration.name] == hash, "\(migration.name) changed; add a new migration instead")
        }
    }

    @Test func freshCatalogIsMigratedWithWALAndForeignKeys() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        #expect(try catalog.appliedMigrations() == ["m0001_catalog", "m0003_performance"])
        let (journal, foreignKeys) = try catalog.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
    }

    @Test func catalogFromANewerConncatIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("newer.sqlite").path
        do {
            let catalog = try Catalog(path: path)
            try catalog.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('m0999_future')")
                try db.execute(sql: "CREATE TABLE future_thing (id INTEGER PRIMARY KEY)")
            }
        }
        // Checkpoint so that the main file holds everything, then fingerprint it.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: CatalogError.newerCatalog(path: path, unknownMigrations: ["m0999_future"])) {
            _ = try Catalog(path: path)
        }
        let message = CatalogError.newerCatalog(path: path, unknownMigrations: ["m0999_future"]).description
        #expect(message.contains("catalog was written by a newer conncat"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("notes.sqlite", String(repeating: "not a database\n", count: 100))
        #expect(throws: CatalogError.notACatalog(path: file.path)) { _ = try Catalog(path: file.path) }
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("not a database"))
    }
}
