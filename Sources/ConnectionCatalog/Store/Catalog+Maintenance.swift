import Foundation
import GRDB

extension Catalog {
    /// Integrity, schema, migrations (and whether any was edited since it was applied), size and
    /// row counts of the catalog.
    ///
    /// The schema is compared with the one the applied migrations create: a table, index or
    /// trigger that was dropped or altered (`migration_checksum` included) is a problem, as
    /// SQLite's integrity check does not see it. Counts of missing tables are 0.
    public func health() throws -> CatalogHealth {
        let attributes = { (path: String) -> Int64 in
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        let expected = try Self.expectedSchema()
        return try read { db in
            func count(_ table: String) throws -> Int {
                guard try db.tableExists(table) else { return 0 }
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            let applied =
                try db.tableExists("grdb_migrations")
                ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") : []
            return CatalogHealth(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check(10)"),
                schemaProblems: try schemaProblems(db, expected: expected),
                appliedMigrations: applied,
                knownMigrations: Self.migrations.map(\.name),
                editedMigrations: try editedMigrations(db),
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                fileSize: attributes(path), walSize: attributes(path + "-wal"),
                imports: try count("import_run"),
                connections: try count("connection"),
                refreshAttempts: try count("refresh_attempt"),
                snapshots: try count("snapshot"))
        }
    }

    /// `type name` → SQL of every schema object the migrations create, from a migrated in-memory
    /// database.
    private static func expectedSchema() throws -> [String: String?] {
        let queue = try DatabaseQueue()
        return try queue.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in migrations { try db.execute(sql: migration.sql) }
            return try schema(db)
        }
    }

    private static func schema(_ db: Database) throws -> [String: String?] {
        var result: [String: String?] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") {
            let type: String = row["type"]
            let name: String = row["name"]
            result["\(type) \(name)"] = row["sql"] as String?
        }
        return result
    }

    /// What differs from `expected`: objects missing or with another definition.
    private func schemaProblems(_ db: Database, expected: [String: String?]) throws -> [String] {
        let actual = try Self.schema(db)
        var problems: [String] = []
        for (object, sql) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[object] else {
                problems.append("\(object) is missing")
                continue
            }
            if found != sql { problems.append("\(object) differs from its migration") }
        }
        return problems
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
    ///
    /// The copy is written beside `destination` under a hidden temporary name
    /// (`.<name>.partial-<pid>-...`) and moved into place once complete: a backup that fails (disk
    /// full) or is killed leaves no file at `destination`, and a retry is not refused. Partial
    /// copies of killed backups are removed by the next backup into the same folder.
    /// - Throws: ``InputError`` when `destination` exists (or appears meanwhile), or cannot be
    ///   written (its message names `destination`).
    public func backup(to destination: String) throws {
        guard !InputFile.exists(destination) else {
            throw InputError(SourceLocation(file: destination), "the backup file exists already", hint: "choose a new backup file name")
        }
        let target = URL(fileURLWithPath: destination)
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(
                SourceLocation(file: destination), "cannot write the backup: the folder \(folder) does not exist",
                hint: "create the folder first, or choose a file in an existing folder")
        }
        let prefix = ".\(target.lastPathComponent).partial-"
        Self.removeAbandonedBuilds(in: folder, prefix: prefix)
        let temporary = folder + "/" + prefix + "\(getpid())-\(UUID().uuidString.prefix(8))"
        let files = ["", "-journal", "-wal", "-shm"].map { temporary + $0 }
        // An interrupted process (Ctrl-C) removes them in its signal handler.
        PartialFiles.register(files)
        defer { PartialFiles.clear() }
        func removeTemporary() {
            for file in files { unlink(file) }
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [temporary])
            }
        } catch let error as DatabaseError {
            removeTemporary()
            throw InputError(
                SourceLocation(file: destination),
                // The temporary name is an internal detail: the message names the backup file.
                "cannot write the backup: \((error.message ?? "SQLite error \(error.resultCode.rawValue)").replacingOccurrences(of: temporary, with: destination))",
                hint: "check that the folder exists, that you may write there and that the disk has room")
        }
        let descriptor = open(temporary, O_RDONLY)
        let synced = descriptor >= 0 && fsync(descriptor) == 0
        if descriptor >= 0 { closeDescriptor(descriptor) }
        // link(2) never replaces: a file that appeared at `destination` meanwhile is kept.
        let placed = synced && link(temporary, destination) == 0
        let failure = errno
        removeTemporary()
        guard placed else {
            throw InputError(
                SourceLocation(file: destination),
                failure == EEXIST ? "the backup file exists already" : "cannot write the backup: \(String(cString: strerror(failure)))",
                hint: failure == EEXIST ? "choose a new backup file name" : "check that you may write in its folder")
        }
        let folderDescriptor = open(folder, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            closeDescriptor(folderDescriptor)
        }
    }
}
