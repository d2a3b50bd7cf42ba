import Foundation
import GRDB

/// Integer codes of the history tables (see m0001_catalog.sql).
extension RefreshStatus {
    var code: Int {
        switch self {
        case .success: 1
        case .failed: 2
        case .noSchema: 3
        case .notExported: 4
        }
    }
    init(code: Int) { self = code == 1 ? .success : code == 2 ? .failed : code == 3 ? .noSchema : .notExported }
}

extension RefreshTrigger {
    var code: Int { self == .import ? 1 : 2 }
    init(code: Int) { self = code == 1 ? .import : .refreshSchema }
}

extension SchemaSource {
    var code: Int { self == .exportOutput ? 1 : 2 }
    init(code: Int) { self = code == 1 ? .exportOutput : .configuration }
}

extension Catalog {
    /// Records schema refresh attempts, and the scan of the export folder they came from, in one
    /// transaction.
    public func recordRefreshAttempts(_ attempts: [RefreshAttempt], exportScan: ExportScanFacts? = nil) throws {
        try write { db in
            try Self.insertRefreshAttempts(attempts, in: db)
            if let exportScan { try Self.insertExportScan(exportScan, in: db) }
        }
    }

    /// Inserts `attempts` in order with their files; a successful attempt points at its snapshot,
    /// stored once per distinct content (content-addressed by ``SchemaSnapshot/contentHash``).
    /// The attempts and their files are written in batches (``BatchedInsert``): each attempt's id
    /// is given (``nextRowID(of:in:)``), so that its files need not wait for it.
    static func insertRefreshAttempts(_ attempts: [RefreshAttempt], in db: Database) throws {
        guard !attempts.isEmpty else { return }
        var names = InternedNames()
        var nextID = try nextRowID(of: "refresh_attempt", in: db)
        var attemptRows = BatchedInsert(
            db,
            """
            INSERT INTO refresh_attempt (id, history_connection_id, at, trigger, source, status, error_class, error_message,
                                         snapshot_id, history_folder_id) VALUES
            """, width: 10, rows: attempts.count)
        var fileRows = BatchedInsert(db, insertFileHead, width: 9, rows: attempts.reduce(0) { $0 + $1.files.count })
        // The attempts of a batch are written before their files (which refer to them).
        var start = 0
        while start < attempts.count {
            let batch = attempts[start..<min(start + BatchedInsert.batchSize, attempts.count)]
            let firstID = nextID
            for attempt in batch {
                var snapshotID: Int64?
                if attempt.status == .success {
                    snapshotID = try storedSnapshotID(for: attempt.snapshot ?? SchemaSnapshot(tables: []), in: db)
                }
                let connectionID = try names.id(of: attempt.connection, table: "history_connection", column: "identifier", in: db)
                let folderID = try attempt.exportFolder.map { try names.id(of: $0, table: "history_folder", column: "path", in: db) }
                try attemptRows.add { statement in
                    statement.bind(nextID)
                    bindAttempt(attempt, connection: connectionID, snapshot: snapshotID, folder: folderID, to: &statement)
                }
                nextID += 1
            }
            for (offset, attempt) in batch.enumerated() {
                for file in attempt.files {
                    let fileID = try names.id(of: file.fileName, table: "history_file", column: "name", in: db)
                    try fileRows.add { bindFile(file, attempt: firstID + Int64(offset), file: fileID, to: &$0) }
                }
            }
            start += batch.count
        }
    }

    /// `INSERT OR IGNORE INTO refresh_file (...) VALUES`: the statement's head, for one row or a batch.
    private static let insertFileHead = """
        INSERT OR IGNORE INTO refresh_file (refresh_attempt_id, history_file_id, size, modified_at, encoding, separator,
                                            column_count, error, warning) VALUES
        """

    /// Binds an attempt's row after its id: connection, time, trigger, source, status, error,
    /// snapshot and export folder.
    private static func bindAttempt(
        _ attempt: RefreshAttempt, connection: Int64, snapshot: Int64?, folder: Int64?, to statement: inout RawStatement
    ) {
        statement.bind(connection)
        statement.bind(Timestamp.seconds(attempt.at) ?? 0)
        statement.bind(attempt.trigger.code)
        statement.bind(attempt.source.code)
        statement.bind(attempt.status.code)
        statement.bind(attempt.status == .failed ? (attempt.errorClass?.rawValue ?? "failed") : nil)
        statement.bind(attempt.errorMessage)
        statement.bind(snapshot)
        statement.bind(folder)
    }

    /// Binds one export file's row of an attempt.
    private static func bindFile(_ file: RefreshFile, attempt: Int64, file fileID: Int64, to statement: inout RawStatement) {
        statement.bind(attempt)
        statement.bind(fileID)
        statement.bind(file.size)
        statement.bind(file.modifiedAt.flatMap(Timestamp.seconds))
        statement.bind(file.encoding)
        statement.bind(file.separator)
        statement.bind(file.columnCount)
        statement.bind(file.error)
        statement.bind(file.warning)
    }

    /// Records one scan of an ExportOutput folder with the files that belonged to no connection.
    static func insertExportScan(_ scan: ExportScanFacts, in db: Database) throws {
        let folderID = try interned(scan.folder, table: "history_folder", column: "path", in: db)
        try db.cachedStatement(sql: "INSERT INTO export_scan (at, history_folder_id) VALUES (?,?)")
            .execute(arguments: [Timestamp.seconds(scan.at) ?? 0, folderID])
        let scanID = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO export_scan_unattributed (export_scan_id, history_file_id) VALUES (?,?)")
        for name in scan.unattributedFiles {
            try insert.execute(arguments: [scanID, try interned(name, table: "history_file", column: "name", in: db)])
        }
    }

    /// Whether `attempt` records nothing its connection's latest stored attempt does not: the same
    /// trigger, source, status, error, export folder and schema (by content hash), and the same
    /// files with the same size, modification time and reading facts. Only its time differs.
    static func repeatsLatestAttempt(_ attempt: RefreshAttempt, in db: Database) throws -> Bool {
        guard
            let latest = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT r.id, r.trigger, r.source, r.status, r.error_class, r.error_message,
                               s.content_hash, f.path AS folder
                        FROM refresh_attempt r
                        JOIN history_connection c ON c.id = r.history_connection_id
                        LEFT JOIN snapshot s ON s.id = r.snapshot_id
                        LEFT JOIN history_folder f ON f.id = r.history_folder_id
                        WHERE c.identifier = ?
                        ORDER BY r.at DESC, r.id DESC LIMIT 1
                        """),
                arguments: [attempt.connection])
        else { return false }
        let errorClass: String? = attempt.status == .failed ? (attempt.errorClass?.rawValue ?? "failed") : nil
        let snapshotHash: String? = attempt.status == .success ? (attempt.snapshot ?? SchemaSnapshot(tables: [])).contentHash : nil
        guard latest["trigger"] as Int == attempt.trigger.code, latest["source"] as Int == attempt.source.code,
            latest["status"] as Int == attempt.status.code, latest["error_class"] as String? == errorClass,
            latest["error_message"] as String? == attempt.errorMessage, latest["folder"] as String? == attempt.exportFolder,
            latest["content_hash"] as String? == snapshotHash
        else { return false }
        var expected: [String: [String]] = [:]
        for file in attempt.files where expected[file.fileName] == nil {
            expected[file.fileName] = [
                String(file.size), file.modifiedAt.flatMap(Timestamp.seconds).map { String($0) } ?? "-",
                file.encoding ?? "-", file.separator ?? "-", file.columnCount.map { String($0) } ?? "-",
                file.error ?? "-", file.warning ?? "-",
            ]
        }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT h.name, rf.size, rf.modified_at, rf.encoding, rf.separator, rf.column_count, rf.error, rf.warning
                    FROM refresh_file rf JOIN history_file h ON h.id = rf.history_file_id
                    WHERE rf.refresh_attempt_id = ?
                    """),
            arguments: [latest["id"] as Int64])
        guard rows.count == expected.count else { return false }
        for row in rows {
            let stored: [String] = [
                String(row["size"] as Int64), (row["modified_at"] as Int64?).map { String($0) } ?? "-",
                row["encoding"] ?? "-", row["separator"] ?? "-", (row["column_count"] as Int?).map { String($0) } ?? "-",
                row["error"] ?? "-", row["warning"] ?? "-",
            ]
            guard expected[row["name"] as String] == stored else { return false }
        }
        return true
    }

    /// The id of `value` in an interning table, inserting it when new. `table` and `column` are
    /// constants of this file, never user input.
    fileprivate static func interned(_ value: String, table: String, column: String, in db: Database) throws -> Int64 {
        var select = try RawStatement(db, "SELECT id FROM \(table) WHERE \(column) = ?")
        select.bind(value)
        if let id = try select.fetchInt64() { return id }
        var insert = try RawStatement(db, "INSERT INTO \(table) (\(column)) VALUES (?)")
        insert.bind(value)
        try insert.execute()
        return db.lastInsertedRowID
    }

    private static func storedSnapshotID(for snapshot: SchemaSnapshot, in db: Database) throws -> Int64 {
        let hash = snapshot.contentHash
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM snapshot WHERE content_hash = ?"), arguments: [hash]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO snapshot (content_hash, table_count, column_count) VALUES (?,?,?)")
            .execute(arguments: [hash, snapshot.tables.count, snapshot.columnCount])
        let id = db.lastInsertedRowID
        // A new schema is one row per column, thousands per import: written in batches, each
        // bound raw, once their table's row is written.
        var insertTable = try RawStatement(db, "INSERT INTO snapshot_table (snapshot_id, name, source) VALUES (?,?,?)")
        var columns = BatchedInsert(
            db, "INSERT INTO snapshot_column (snapshot_table_id, position, name) VALUES", width: 3, rows: snapshot.columnCount)
        for table in snapshot.tables {
            insertTable.bind(id)
            insertTable.bind(table.name)
            insertTable.bind(table.source.code)
            try insertTable.execute()
            let tableID = db.lastInsertedRowID
            for (index, column) in table.columns.enumerated() {
                try columns.add { statement in
                    statement.bind(tableID)
                    statement.bind(index + 1)
                    statement.bind(column)
                }
            }
        }
        return id
    }

}

/// The ids of the names of the history's interning tables (connections, folders, files) looked
/// up or added in one transaction: a name that many attempts share (their export folder) is
/// looked up once.
struct InternedNames {
    private var ids: [String: [String: Int64]] = [:]

    /// The id of `value` in `table` (a constant of Catalog+Refresh.swift), inserted when new.
    mutating func id(of value: String, table: String, column: String, in db: Database) throws -> Int64 {
        if let id = ids[table]?[value] { return id }
        let id = try Catalog.interned(value, table: table, column: column, in: db)
        ids[table, default: [:]][value] = id
        return id
    }
}

extension Catalog {
    /// Replaces the stored export roles (``ExportRole``) with `roles` (by lower-cased connection
    /// identifier).
    static func replaceExportRoles(_ roles: [String: ExportRoleDecision], in db: Database) throws {
        try db.execute(sql: "DELETE FROM connection_export_role")
        // One row per connection, thousands in a large configuration: written in batches.
        var rows = BatchedInsert(db, "INSERT INTO connection_export_role (connection, role, reason) VALUES", width: 3, rows: roles.count)
        for (connection, decision) in roles.sorted(by: { $0.key < $1.key }) {
            try rows.add { statement in
                statement.bind(connection)
                statement.bind(decision.role.rawValue)
                statement.bind(decision.reason)
            }
        }
    }

    /// Lower-cased identifiers of the connections whose history has a successful attempt that
    /// read export output (an export file's header): such a connection is expected to have
    /// export output again.
    public func connectionsWithExportOutput() throws -> Set<String> {
        try read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT lower(h.identifier) FROM history_connection h
                        WHERE EXISTS (SELECT 1 FROM refresh_attempt r JOIN refresh_file f ON f.refresh_attempt_id = r.id
                                      WHERE r.history_connection_id = h.id AND r.status = 1 AND r.source = 1)
                        """))
        }
    }
}
