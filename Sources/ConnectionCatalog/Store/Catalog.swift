import Foundation
import GRDB

/// A failure of the catalog file itself (as opposed to the user's configuration).
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The catalog holds migrations this binary does not know: it was written by a newer conncat.
    case newerCatalog(path: String, unknownMigrations: [String])
    /// The file exists but is not an SQLite database.
    case notACatalog(path: String)
    /// The file could not be opened or written (permissions, missing folder, disk full...).
    case unusable(path: String, reason: String)
    /// A connection named by the user does not exist in the catalog.
    case unknownConnection(String)
    /// No EntityTypeMapping has this identifier, or it names no ConnectionTable.
    case unknownEntityTypeMapping(String)

    public var description: String {
        switch self {
        case let .newerCatalog(path, unknown):
            return "\(path): error: catalog was written by a newer conncat (unknown migrations: "
                + unknown.joined(separator: ", ") + "); it was left untouched; upgrade conncat or use another --database"
        case let .notACatalog(path):
            return "\(path): error: not a ConnectionCatalog catalog (not an SQLite database); choose another file with --database"
        case let .unusable(path, reason):
            return "\(path): error: cannot use the catalog: \(reason)"
        case let .unknownConnection(name):
            return "error: no connection '\(name)' in the catalog; run `conncat connections` to list them"
        case let .unknownEntityTypeMapping(name):
            return "error: no EntityTypeMapping '\(name)' with a ConnectionTable in the catalog; check the identifier or import the configuration again"
        }
    }
}

/// The SQLite catalog: one file, WAL journal, foreign keys on, migrated on open.
///
/// All SQL of ConnectionCatalog lives in this type and its extensions (`Catalog+*.swift`).
/// Readers never block the single writer and see the last committed state; writes are one
/// transaction each, so a killed process leaves the catalog as before or as after.
public final class Catalog: Sendable {
    /// The default catalog file name, in the current directory.
    public static let defaultFileName = "conncat.sqlite"

    /// Path of the catalog file as given.
    public let path: String
    /// A `DatabasePool` (WAL: readers never block the writer), or for ``Access/readOnly`` on an
    /// up-to-date catalog, one read-only connection.
    let database: any DatabaseWriter

    /// What a caller will do with a catalog.
    public enum Access: Sendable {
        /// Read and write (imports, refreshes). The catalog is created and migrated as needed.
        case readWrite
        /// Only read (the query commands). An existing catalog whose migrations are all applied is
        /// opened through a single read-only connection: no write, no checkpoint, no fsync when
        /// the process ends. A missing or older catalog is opened as for ``readWrite``
        /// (created, migrated); writing through a read-only catalog throws.
        case readOnly
    }

    /// The migrations this binary knows, in order: `(name, sql)`. Each name is its file name in
    /// `Migrations/` without `.sql`. Never derive a name from a type name; never edit a landed one.
    public static let migrations: [(name: String, sql: String)] = [
        ("m0001_catalog", String(decoding: PackageResources.m0001_catalog_sql, as: UTF8.self)),
        ("m0003_performance", String(decoding: PackageResources.m0003_performance_sql, as: UTF8.self)),
    ]

    /// Opens (creating when missing) and migrates the catalog at `path`.
    /// - Throws: ``CatalogError/newerCatalog(path:unknownMigrations:)`` when the file was written by a
    ///   newer conncat (the file is left untouched), ``CatalogError/notACatalog(path:)``,
    ///   ``CatalogError/unusable(path:reason:)``.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "conncat"
        // Inspect an existing file read-only first: a catalog from a newer conncat, or a file
        // that is not a catalog, must be refused without a single byte written.
        if FileManager.default.fileExists(atPath: path) {
            let (queue, upToDate) = try Self.inspect(path: path, configuration: configuration)
            if access == .readOnly, upToDate {
                database = queue
                return
            }
            try? queue.close()
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError {
            throw CatalogError.unusable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        try Self.migrate(pool, path: path)
        database = pool
    }

    private static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let sql = migration.sql
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Opens `path` read-only and refuses a catalog with migrations this binary does not know.
    /// - Returns: the open read-only connection, and whether every known migration is applied.
    private static func inspect(path: String, configuration: GRDB.Configuration) throws -> (DatabaseQueue, upToDate: Bool) {
        var configuration = configuration
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            do {
                let applied = try queue.read { db -> [String] in
                    guard try db.tableExists("grdb_migrations") else { return [] }
                    return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                }
                let known = Set(migrations.map(\.name))
                let unknown = applied.filter { !known.contains($0) }.sorted()
                if !unknown.isEmpty {
                    throw CatalogError.newerCatalog(path: path, unknownMigrations: unknown)
                }
                return (queue, known.isSubset(of: applied))
            } catch {
                try? queue.close()
                throw error
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError {
            throw CatalogError.unusable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = migrator()
        do {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let known = Set(migrations.map(\.name))
            let unknown = applied.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw CatalogError.newerCatalog(path: path, unknownMigrations: unknown)
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError {
            throw CatalogError.unusable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Names of the migrations applied to this catalog, in order.
    public func appliedMigrations() throws -> [String] {
        let migrator = Self.migrator()
        return try database.read { db in try migrator.appliedIdentifiers(db) }.sorted()
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }
}
