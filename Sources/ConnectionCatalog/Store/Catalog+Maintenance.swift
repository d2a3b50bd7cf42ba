import Foundation
import GRDB

extension Catalog {
    /// Integrity, migrations (and whether any was edited since it was applied), size and row
    /// counts of the catalog.
    public func health() throws -> CatalogHealth {
        let attributes = { (path: String) -> Int64 in
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return try read { db in
            CatalogHealth(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check(10)"),
                appliedMigrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                knownMigrations: Self.migrations.map(\.name),
                editedMigrations: try editedMigrations(db),
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                fileSize: attributes(path), walSize: attributes(path + "-wal"),
                imports: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run") ?? 0,
                connections: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM connection") ?? 0,
                refreshAttempts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refresh_attempt") ?? 0,
                snapshots: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshot") ?? 0)
        }
    }

    /// Applied migrations whose recorded checksum differs from the text this binary carries.
    private func editedMigrations(_ db: Database) throws -> [String] {
        guard try db.tableExists("migration_checksum") else { return [] }
        let recorded = try Row.fetchAll(db, sql: "SELECT name, sha256 FROM migration_checksum")
            .reduce(into: [String: String]()) { $0[$1["name"]] = $1["sha256"] }
        return Self.migrations.filter { migration in
            recorded[migration.name].map { $0 != Self.checksum(of: migration.sql) } ?? false
        }.map(\.name)
    }

    /// Writes a consistent copy of the catalog to `destination` with `VACUUM INTO`, while other
    /// readers and writers go on.
    /// - Throws: ``InputError`` when `destination` exists, ``CatalogError/unusable(path:reason:)``
    ///   when it cannot be written.
    public func backup(to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw InputError(SourceLocation(file: destination), "the backup file exists already", hint: "choose a new backup file name")
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
            }
        } catch let error as DatabaseError {
            throw InputError(SourceLocation(file: destination), "cannot write the backup: \(error.message ?? "SQLite error \(error.resultCode.rawValue)")",
                             hint: "check that the folder exists and that you may write there")
        }
    }
}
