import Crypto
import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct CatalogMigrationTests {
    /// The SHA-256 of every landed migration. A landed migration is never edited: add a new one.
    static let landed: [String: String] = [
        "m0001_catalog": "973161ae4bcdec81ff66d293d9f54ea632ae2f80a1639cceb0a879da7c01d6c5",
        "m0002_secrets": "9204d9a77e14054959f198aa86b5c2de4566d79ce1de893c04caaca55afa5439",
        "m0003_performance": "45457a95034d93930504fab1043c2b500be27e7733b3591018853b29567d504c",
        "m0004_check": "87bcca9e3c662da7bc8a86f8817115e1c9c8ebaf7f75dd1b6b540c8c0fc05c75",
        "m0006_refresh_file_warning": "717ddf0eb54c052375ff3a1d5c4b8dd890aaf5498afd89f3d0963d1c5fb57f45",
        "m0005_migration_checksum": "3f06b35e420a30b77424683c1f4c0beb35d71cc071b7731c2c2d423dd7c20dda",
        "m0009_configuration_history": "4182037b455d131131ba1b36ad185a58abfde6f7bfd3f5df1328a69ba8c1061c",
        "m0014_history_indexes": "b2f295ac80b3441a340e24790404a3484ae90310d9f2695a294f40532073cb88",
        "m0012_readable_views": "147ef9ddc0fea9bd0ee8b3c14c00e7dbfe39925d7b4080134b1a87b8a0095535",
        "m0013_export_role": "449cd300185a78efb37ff621f0ac2ab0e3ea0a91cce6915685180b717f78f6ce",
        "m0015_import_inputs": "32ee73c59612ace64dc594e2e28f2f8910c4ea61c581a128f51c3a2106d01893",
        "m0018_refresh_attempt_changed": "26f0da66ad612721ea102c5a04093863fb6a8043e6c4be9b7d7a24c5b20ddaf0",
        "m0020_attributes_unchecked": "e3214e97d96ab413acb1546a13dabe41cd3f37fe7e07cba21124470986dad4d0",
        "m0025_refresh_attempt_schema_changed": "8e8e512ca879f3104aea34200b915acd792b3bdc24a82117c93b99a5c7d9c0db",
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
        #expect(try catalog.appliedMigrations() == Catalog.migrations.map(\.name))
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
        let diagnostic = CatalogError.newerCatalog(path: path, unknownMigrations: ["m0999_future"]).diagnostic
        #expect(diagnostic.kind == .newerCatalog)
        #expect(diagnostic.location == SourceLocation(file: path))
        #expect(diagnostic.message == "catalog was written by a newer version (unknown migrations: m0999_future); it was left untouched")
        #expect(diagnostic.remedy == .upgradeOrChooseAnotherCatalog)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func theChecksumOfEveryAppliedMigrationIsRecorded() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let recorded = try catalog.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sha256 FROM migration_checksum ORDER BY name").map { "\($0["name"] as String) \($0["sha256"] as String)" }
        }
        #expect(recorded == Catalog.migrations.map { "\($0.name) \(Catalog.checksum(of: $0.sql))" })
        #expect(recorded.first == "m0001_catalog 973161ae4bcdec81ff66d293d9f54ea632ae2f80a1639cceb0a879da7c01d6c5")
        #expect(try catalog.health().editedMigrations == [])
        #expect(try catalog.health().isHealthy)
    }

    @Test func aMigrationEditedAfterItWasAppliedIsReported() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        // As if m0001's text had been different when it migrated this catalog.
        try catalog.write { db in
            try db.execute(
                sql: "UPDATE migration_checksum SET sha256 = ? WHERE name = 'm0001_catalog'",
                arguments: [String(repeating: "0", count: 64)])
        }
        let health = try catalog.health()
        #expect(health.editedMigrations == ["m0001_catalog"])
        #expect(health.isIntact)
        #expect(!health.isHealthy)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("notes.sqlite", String(repeating: "not a database\n", count: 100))
        #expect(throws: CatalogError.notACatalog(path: file.path)) { _ = try Catalog(path: file.path) }
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("not a database"))
    }
}
