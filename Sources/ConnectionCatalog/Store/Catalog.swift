import Crypto
import Foundation
import GRDB

/// A failure of the catalog file itself (as opposed to the user's configuration).
public enum CatalogError: DiagnosticError, Sendable, Equatable {
    /// The catalog holds migrations this binary does not know: it was written by a newer version.
    case newerCatalog(path: String, unknownMigrations: [String])
    /// The file exists but is not a catalog (not SQLite, or another application's database).
    case notACatalog(path: String)
    /// The file could not be opened or written (permissions, missing folder, disk full...).
    case unusable(path: String, reason: String)
    /// SQLite found the file damaged.
    case damaged(path: String, reason: String)
    /// There is no catalog at this path (only an import creates one).
    case noCatalog(path: String)
    /// The path names something that cannot hold a catalog: a folder, a FIFO, a dangling link...
    /// (`problem` says which).
    case notAFile(path: String, problem: String)
    /// A connection named by the user does not exist in the catalog.
    case unknownConnection(String)
    /// No connection of the catalog belongs to this connector.
    case unknownConnector(String)
    /// No EntityTypeMapping has this identifier, or it names no ConnectionTable.
    case unknownEntityTypeMapping(String)
    /// The catalog holds no imported configuration yet.
    case noConfiguration(path: String)
    /// The catalog cannot be created or written because of the file system: `problem` says why.
    case notWritable(path: String, problem: WriteProblem)

    /// Why a catalog cannot be written, as the file system says.
    public enum WriteProblem: Sendable, Equatable {
        /// The folder the catalog would be in does not exist.
        case noSuchFolder
        /// The catalog file is read-only.
        case readOnlyFile
        /// The catalog's folder is not writable: a new catalog is built beside its path, and an
        /// existing one writes its write-ahead log (`-wal`, `-shm`) beside it.
        case readOnlyFolder
    }

    /// The error as one diagnostic, located at the catalog file when one is concerned.
    public var diagnostic: Diagnostic {
        switch self {
        case .newerCatalog(let path, let unknown):
            Diagnostic(
                SourceLocation(file: path), kind: .newerCatalog,
                "catalog was written by a newer version (unknown migrations: " + unknown.joined(separator: ", ")
                    + "); it was left untouched",
                remedy: .upgradeOrChooseAnotherCatalog)
        case .notACatalog(let path):
            Diagnostic(
                SourceLocation(file: path), kind: .notACatalog, "not a ConnectionCatalog catalog; it was left untouched",
                remedy: .chooseAnotherCatalog)
        case .noCatalog(let path):
            Diagnostic(SourceLocation(file: path), kind: .noCatalog, "no catalog here", remedy: .importFirstOrNameCatalog)
        case .notAFile(let path, let problem):
            Diagnostic(
                SourceLocation(file: path), kind: .unusableCatalog, "cannot use the catalog: \(problem)", remedy: .nameCatalogFile)
        case .unusable(let path, let reason):
            Diagnostic(SourceLocation(file: path), kind: .unusableCatalog, "cannot use the catalog: \(reason)")
        case .damaged(let path, let reason):
            Diagnostic(
                SourceLocation(file: path), kind: .damagedCatalog, "the catalog is damaged (\(reason))", remedy: .restoreFromBackup)
        case .unknownConnection(let name):
            Diagnostic(nil, kind: .unknownConnection, "no connection '\(name)' in the catalog", remedy: .listConnections)
        case .unknownConnector(let name):
            Diagnostic(
                nil, kind: .unknownConnector, "no connection of connector '\(name)' in the catalog", remedy: .listConnectors)
        case .unknownEntityTypeMapping(let name):
            Diagnostic(
                nil, kind: .unknownEntityTypeMapping, "no EntityTypeMapping '\(name)' with a ConnectionTable in the catalog",
                remedy: .advice("check the identifier or import the configuration again"))
        case .noConfiguration(let path):
            Diagnostic(
                SourceLocation(file: path), kind: .noConfiguration, "the catalog holds no configuration yet", remedy: .importFirst)
        case .notWritable(let path, .noSuchFolder):
            Diagnostic(
                SourceLocation(file: path), kind: .unwritableCatalog, "cannot create the catalog: its folder does not exist",
                remedy: .createFolderOrChooseCatalog)
        case .notWritable(let path, .readOnlyFile):
            Diagnostic(
                SourceLocation(file: path), kind: .unwritableCatalog, "cannot write the catalog: the file is read-only",
                remedy: .makeWritableOrChooseCatalog)
        case .notWritable(let path, .readOnlyFolder):
            Diagnostic(
                SourceLocation(file: path), kind: .unwritableCatalog,
                "cannot write the catalog: its folder is not writable (a catalog is written with files beside it)",
                remedy: .makeWritableOrChooseCatalog)
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
    /// up-to-date catalog, one read-only connection; while a new catalog is built
    /// (``build(at:_:)``), its one connection.
    let pool: any DatabaseWriter

    /// What a caller will do with a catalog.
    public enum Access: Sendable {
        /// Read and write (imports, refreshes). The catalog is created and migrated as needed.
        case readWrite
        /// Only read. The catalog must exist and have all its migrations applied: it is opened
        /// through a single read-only connection (no write, no checkpoint, no fsync when the
        /// process ends). This access never creates, migrates or writes a file: a missing path is
        /// ``CatalogError/noCatalog(path:)``, an empty file or one written by an older version
        /// ``CatalogError/unusable(path:reason:)`` (open it once with ``readWrite`` to upgrade it).
        case readOnly
    }
    /// Set once this instance wrote (or migrated): only then does ``close()`` checkpoint.
    private let wrote = OnceFlag()

    /// The migrations this binary knows, in order: `(name, sql)`. Each name is its file name in
    /// `Migrations/` without `.sql`. Never derive a name from a type name; never edit a landed one.
    public static let migrations: [(name: String, sql: String)] = [
        ("m0001_catalog", String(decoding: PackageResources.m0001_catalog_sql, as: UTF8.self)),
        ("m0002_secrets", String(decoding: PackageResources.m0002_secrets_sql, as: UTF8.self)),
        ("m0003_performance", String(decoding: PackageResources.m0003_performance_sql, as: UTF8.self)),
        ("m0004_check", String(decoding: PackageResources.m0004_check_sql, as: UTF8.self)),
        ("m0005_migration_checksum", String(decoding: PackageResources.m0005_migration_checksum_sql, as: UTF8.self)),
        ("m0006_refresh_file_warning", String(decoding: PackageResources.m0006_refresh_file_warning_sql, as: UTF8.self)),
        ("m0009_configuration_history", String(decoding: PackageResources.m0009_configuration_history_sql, as: UTF8.self)),
        ("m0012_readable_views", String(decoding: PackageResources.m0012_readable_views_sql, as: UTF8.self)),
        ("m0013_export_role", String(decoding: PackageResources.m0013_export_role_sql, as: UTF8.self)),
        ("m0014_history_indexes", String(decoding: PackageResources.m0014_history_indexes_sql, as: UTF8.self)),
        ("m0015_import_inputs", String(decoding: PackageResources.m0015_import_inputs_sql, as: UTF8.self)),
        ("m0018_refresh_attempt_changed", String(decoding: PackageResources.m0018_refresh_attempt_changed_sql, as: UTF8.self)),
        ("m0020_attributes_unchecked", String(decoding: PackageResources.m0020_attributes_unchecked_sql, as: UTF8.self)),
        ("m0025_refresh_attempt_schema_changed", String(decoding: PackageResources.m0025_refresh_attempt_schema_changed_sql, as: UTF8.self)),
    ]

    /// ``migrations`` with the checksum of each (``checksum(of:)``), computed once per process.
    private static let checksummed: [(name: String, sha256: String)] = migrations.map { ($0.name, checksum(of: $0.sql)) }

    /// SHA-256 (lower-case hex) of a migration's text, as recorded in `migration_checksum`.
    static func checksum(of sql: String) -> String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Opens (creating when missing) and migrates the catalog at `path`.
    /// - Throws: ``CatalogError/newerCatalog(path:unknownMigrations:)`` when the file was written by a
    ///   newer conncat (the file is left untouched), ``CatalogError/notACatalog(path:)``,
    ///   ``CatalogError/unusable(path:reason:)``.
    ///
    /// An empty (0-byte) file is refused for ``Access/readOnly`` and left untouched: it is not a
    /// catalog, and reading must not turn it into one.
    public convenience init(path: String, access: Access = .readWrite) throws {
        try self.init(path: path, access: access, file: path)
    }

    /// Opens the catalog file `file`, named `path` in errors (``build(at:_:)`` opens a new catalog
    /// beside its final path). With `upgrading`, a ``Access/readOnly`` open of a catalog written by
    /// an older version migrates it (through a writing connection) instead of refusing it. With
    /// `building`, `file` is a new file of ``build(at:_:)``: it is created through one connection
    /// written as ``tuneForBuild(_:)`` says, and switched to WAL when the build ends.
    init(path: String, access: Access, file: String, upgrading: Bool = false, building: Bool = false) throws {
        self.path = path
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "conncat"
        configuration.prepareDatabase { db in try Catalog.tune(db) }
        if building {
            configuration.prepareDatabase { db in try Catalog.tuneForBuild(db) }
            let queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: file, configuration: configuration)
                _ = try Self.migrate(queue, path: path)
            } catch let error as DatabaseError {
                throw Self.catalogError(error, path: path)
            }
            wrote.set()
            self.pool = queue
            return
        }
        // Inspect an existing file read-only first: a catalog from a newer conncat, or a file
        // that is not a catalog, must be refused without a single byte written.
        var info = stat()
        if stat(file, &info) == 0 {
            if access == .readOnly, Self.isEmptyFile(file) {
                throw CatalogError.unusable(
                    path: path, reason: "the file is empty (0 bytes), not a catalog; it was left untouched; import a configuration into it, or remove it")
            }
            let (queue, upToDate) = try Self.inspect(path: file, shownAs: path)
            if access == .readOnly, upToDate {
                self.pool = queue
                return
            }
            try? queue.close()
            if access == .readOnly, !upgrading {
                throw CatalogError.unusable(
                    path: path,
                    reason: "it was written by an older version and must be upgraded before it is read; open it once with write access")
            }
        } else if access == .readOnly {
            // Reading never creates a catalog.
            throw CatalogError.noCatalog(path: path)
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: file, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError where access == .readOnly && (error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN) {
            throw CatalogError.unusable(
                path: path,
                reason: "it was written by an older version and must be upgraded, "
                    + "but it cannot be written here (read-only file or folder); copy it where it can be written, or open it once with write access")
        } catch let error as DatabaseError {
            throw Self.catalogError(error, path: path)
        }
        if try Self.migrate(pool, path: path) { wrote.set() }
        self.pool = pool
    }

    /// Memory for each connection's page reads. With SQLite's default 2 MB page cache the queries
    /// that read a large catalog read the same pages again and again (`pread`); an 8 MB cache
    /// keeps them. Reads are not memory-mapped: mapped pages count in the resident size of every
    /// command that reads the whole catalog (`doctor` went from 26 MB to 100 MB at 20 MiB).
    static func tune(_ db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = -8192")
    }

    /// How a new catalog is written while it is built under its temporary name (``build(at:_:)``):
    /// no reader can see that file and a failure or a kill discards it, so it needs neither the
    /// write-ahead log nor flushes at each commit. The rollback journal is kept in memory (a
    /// failing statement is still undone; for a new file it holds little more than the empty
    /// tables' first pages) and nothing is flushed until the build ends. Each page is then written
    /// once, straight into the file, instead of into the log and again at the checkpoint.
    static func tuneForBuild(_ db: Database) throws {
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = MEMORY")
        try db.execute(sql: "PRAGMA synchronous = OFF")
    }

    /// Whether `path` is a file of 0 bytes.
    /// A link is not followed (a link to an empty file is not one). One `lstat`: the file
    /// manager's attributes would also look up the owner's and group's names.
    static func isEmptyFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_size == 0
    }

    /// Builds a new catalog for `path`, where there is none (or an empty file): the catalog is
    /// created and written beside `path` under a hidden temporary name, then moved into place
    /// once `body` returned and the catalog was closed. A failure or a kill before that leaves
    /// nothing at `path` (only a hidden `.<name>.partial-<pid>-...` file, removed by the next
    /// build once its process is gone), so no later command mistakes an unfinished catalog for
    /// an empty one.
    ///
    /// Nobody reads the temporary file while it is built, so it is written without the write-ahead
    /// log and without flushes (its rollback journal in memory): each page is written once, into the file.
    /// When `body` returned, the catalog is switched to WAL (as every catalog is), closed, flushed
    /// to disk (`fsync`), and only then given its name: a crash at any moment leaves either no
    /// catalog at `path` or the whole one.
    /// - Throws: what `body` throws (the new catalog is then removed), ``CatalogError`` when the
    ///   catalog cannot be created, or when another process created a catalog at `path` meanwhile
    ///   (the new one is removed: nothing is lost, run again).
    public static func build<T>(at path: String, _ body: (Catalog) throws -> T) throws -> T {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let prefix = ".\(target.lastPathComponent).partial-"
        removeAbandonedBuilds(in: folder, prefix: prefix)
        let temporary = folder + "/" + prefix + "\(getpid())-\(UUID().uuidString.prefix(8))"
        let files = ["", "-wal", "-shm", "-journal"].map { temporary + $0 }
        // An interrupted process (Ctrl-C) removes them in its signal handler.
        PartialFiles.register(files)
        defer { PartialFiles.clear() }
        func removeTemporary() {
            for file in files { unlink(file) }
        }
        let result: T
        do {
            let catalog = try Catalog(path: path, access: .readWrite, file: temporary, building: true)
            do {
                result = try body(catalog)
                try catalog.finishBuild(file: temporary)
            } catch {
                try? catalog.close()
                throw error
            }
        } catch {
            removeTemporary()
            throw error
        }
        // Into place. An empty file there is replaced; a catalog created meanwhile is not.
        let placed: Bool
        if isEmptyFile(path) {
            placed = rename(temporary, path) == 0
        } else {
            placed = link(temporary, path) == 0
        }
        let failure = errno
        removeTemporary()
        guard placed else {
            throw CatalogError.unusable(
                path: path,
                reason: failure == EEXIST
                    ? "another import created this catalog meanwhile; nothing was stored by this one: run it again"
                    : "the new catalog could not be moved into place (\(String(cString: strerror(failure))))")
        }
        let descriptor = open(folder, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            closeDescriptor(descriptor)
        }
        return result
    }

    /// Why the catalog at `path` cannot be written or created, when the file system tells: its
    /// folder is missing, the file is read-only, or the folder is not writable; `nil` otherwise.
    static func writeProblem(path: String) -> CatalogError.WriteProblem? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if InputFile.kind(folder) != .folder { return .noSuchFolder }
        if InputFile.kind(path) != .missing, access(path, W_OK) != 0 { return .readOnlyFile }
        if access(folder, W_OK) != 0 { return .readOnlyFolder }
        return nil
    }

    /// Removes the partial catalogs (or backups) of builds whose process is gone (killed).
    static func removeAbandonedBuilds(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    private static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (index, migration) in migrations.enumerated() {
            let sql = migration.sql
            // This migration and those before it (applied, since migrations apply in order).
            let checksums = Array(checksummed[...index])
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: sql)
                try recordChecksums(checksums, in: db)
            }
        }
        return migrator
    }

    /// Records the checksum of each migration not recorded yet, once `migration_checksum` exists.
    private static func recordChecksums(_ checksums: [(name: String, sha256: String)], in db: Database) throws {
        guard try db.tableExists("migration_checksum") else { return }
        for (name, sha256) in checksums {
            try db.execute(sql: "INSERT OR IGNORE INTO migration_checksum (name, sha256) VALUES (?, ?)", arguments: [name, sha256])
        }
    }

    /// Opens `path` read-only and refuses a catalog with migrations this binary does not know,
    /// or another application's database.
    /// - Returns: the open read-only connection, and whether every known migration is applied.
    private static func inspect(path file: String, shownAs path: String) throws -> (DatabaseQueue, upToDate: Bool) {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.foreignKeysEnabled = true
        configuration.label = "conncat"
        // Another process may hold the file exclusively for a moment (closing its last
        // connection, recovering a log): wait for it as every other access does.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try Catalog.tune(db) }
        func open(_ target: String) throws -> (DatabaseQueue, [String]) {
            let queue = try DatabaseQueue(path: target, configuration: configuration)
            do {
                let applied = try queue.read { db -> [String] in
                    // Straight from the schema table: GRDB's `tableExists` would first load its
                    // schema cache (every schema's objects), which a read of a few rows does not need.
                    let hasMigrations =
                        try Bool.fetchOne(
                            db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations' COLLATE NOCASE") ?? false
                    guard hasMigrations else {
                        // Another application's database: never migrate it into a catalog.
                        let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                        if tables > 0 { throw CatalogError.notACatalog(path: path) }
                        return []
                    }
                    return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                }
                return (queue, applied)
            } catch {
                try? queue.close()
                throw error
            }
        }
        do {
            let queue: DatabaseQueue
            let applied: [String]
            do {
                (queue, applied) = try open(file)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
                // A WAL catalog in a folder this user cannot write to: SQLite cannot create the
                // shared-memory file. Nobody can write the catalog there either (a writer needs
                // the log beside it), so it is read as an immutable file, unless a log with
                // committed pages lies beside it (an immutable read would not see them).
                let log = ((try? FileManager.default.attributesOfItem(atPath: file + "-wal"))?[.size] as? NSNumber)?.int64Value ?? 0
                guard log == 0 else { throw error }
                (queue, applied) = try open(immutableURI(file))
            }
            var keep = false
            defer { if !keep { try? queue.close() } }
            let known = Set(migrations.map(\.name))
            let unknown = applied.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw CatalogError.newerCatalog(path: path, unknownMigrations: unknown)
            }
            keep = true
            return (queue, known.isSubset(of: applied))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError {
            throw Self.catalogError(error, path: path)
        }
    }

    /// `file:<absolute path>?immutable=1`: SQLite reads the file without any lock or log.
    private static func immutableURI(_ file: String) -> String {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let escaped = absolute.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        return "file:\(escaped)?immutable=1"
    }

    /// Applies the migrations the catalog lacks; `true` when there were some.
    ///
    /// A catalog that has them all is not written to: a reader must not wait for the lock of an
    /// import running in another process. Otherwise every missing migration is applied in one
    /// `IMMEDIATE` transaction that first reads, under the write lock, which are applied: two
    /// processes opening an older catalog at once never both migrate it. The second waits for the
    /// lock (busy timeout), then finds nothing left to do. The bookkeeping is GRDB's
    /// (`grdb_migrations`), so ``appliedMigrations()`` and older binaries read it as before.
    private static func migrate(_ pool: any DatabaseWriter, path: String) throws -> Bool {
        let known = Set(migrations.map(\.name))
        do {
            let applied = try pool.read { db in try migrator().appliedIdentifiers(db) }
            try refuseUnknown(Array(applied), known: known, path: path)
            guard !known.isSubset(of: applied) else { return false }
            return try pool.writeWithoutTransaction { db in
                // As SQLite advises for schema changes: foreign keys off, checked before commit.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var migrated = false
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                    let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                    try refuseUnknown(Array(applied), known: known, path: path)
                    for (index, migration) in migrations.enumerated() where !applied.contains(migration.name) {
                        try db.execute(sql: migration.sql)
                        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.name])
                        try recordChecksums(Array(checksummed[...index]), in: db)
                        migrated = true
                    }
                    try db.checkForeignKeys()
                    return .commit
                }
                return migrated
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            throw CatalogError.unusable(
                path: path,
                reason: "it was written by an older version and must be upgraded, "
                    + "but it cannot be written here (read-only file or folder); copy it where it can be written, or open it once with write access")
        } catch let error as DatabaseError {
            throw Self.catalogError(error, path: path)
        }
    }

    private static func refuseUnknown(_ applied: [String], known: Set<String>, path: String) throws {
        let unknown = applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty { throw CatalogError.newerCatalog(path: path, unknownMigrations: unknown) }
    }

    /// Names of the migrations applied to this catalog, in order.
    public func appliedMigrations() throws -> [String] {
        let migrator = Self.migrator()
        return try pool.read { db in try migrator.appliedIdentifiers(db) }.sorted()
    }

    /// Closes the catalog. When this instance wrote, it first checkpoints the write-ahead log
    /// into the file, so that the `.sqlite` file alone holds everything committed (it can be
    /// copied or shared as is). A catalog only read from closes at once: it never waits for a
    /// writer in another process.
    public func close() throws {
        // TRUNCATE moves every committed page into the file and empties the log; it waits for
        // (busy timeout) but never disturbs readers of other processes.
        if wrote.isSet {
            _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        try pool.close()
    }

    /// Ends a build (``build(at:_:)``): the catalog switches to WAL, is closed (nothing is left
    /// in a log), and its file `file` is flushed to disk before it may be given its name.
    /// - Throws: ``CatalogError/unusable(path:reason:)`` when the switch, the close or the flush fails.
    private func finishBuild(file: String) throws {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw CatalogError.unusable(path: path, reason: "the new catalog could not be switched to write-ahead logging")
                }
            }
            try pool.close()
        } catch let error as DatabaseError {
            throw catalogError(error)
        }
        let descriptor = open(file, O_RDWR)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let failure = errno
            if descriptor >= 0 { closeDescriptor(descriptor) }
            throw CatalogError.unusable(path: path, reason: "the new catalog could not be written to disk (\(String(cString: strerror(failure))))")
        }
        closeDescriptor(descriptor)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError { throw catalogError(error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        wrote.set()
        do { return try pool.write(body) } catch let error as DatabaseError { throw catalogError(error) }
    }

    /// A database failure as one line about the catalog file (never the SQL or its arguments).
    func catalogError(_ error: DatabaseError) -> CatalogError { Self.catalogError(error, path: path) }

    static func catalogError(_ error: DatabaseError, path: String) -> CatalogError {
        let reason = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .damaged(path: path, reason: reason)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            // SQLite says only "unable to open database file": the file system says why.
            return writeProblem(path: path).map { .notWritable(path: path, problem: $0) } ?? .unusable(path: path, reason: reason)
        default: return .unusable(path: path, reason: reason)
        }
    }
}

/// A flag that is set once and read from any thread.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// close(2), out of reach of ``Catalog/close()``'s name.
func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
