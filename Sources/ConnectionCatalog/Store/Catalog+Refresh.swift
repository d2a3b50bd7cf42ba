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
            var names = InternedNames()
            for attempt in attempts { try Self.insertRefreshAttempt(attempt, names: &names, in: db) }
            if let exportScan { try Self.insertExportScan(exportScan, in: db) }
        }
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

    /// Inserts one attempt; a successful one points at its snapshot, stored once per distinct
    /// content (content-addressed by ``SchemaSnapshot/contentHash``).
    /// - Parameter names: the ids of the names already looked up in this transaction.
    @discardableResult
    static func insertRefreshAttempt(_ attempt: RefreshAttempt, names: inout InternedNames, in db: Database) throws -> Int64 {
        var snapshotID: Int64?
        if attempt.status == .success {
            snapshotID = try storedSnapshotID(for: attempt.snapshot ?? SchemaSnapshot(tables: []), in: db)
        }
        let connectionID = try names.id(of: attempt.connection, table: "history_connection", column: "identifier", in: db)
        let folderID = try attempt.exportFolder.map { try names.id(of: $0, table: "history_folder", column: "path", in: db) }
        var insertAttempt = try RawStatement(
            db,
            """
            INSERT INTO refresh_attempt (history_connection_id, at, trigger, source, status, error_class, error_message,
                                         snapshot_id, history_folder_id)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        insertAttempt.bind(connectionID)
        insertAttempt.bind(Timestamp.seconds(attempt.at) ?? 0)
        insertAttempt.bind(attempt.trigger.code)
        insertAttempt.bind(attempt.source.code)
        insertAttempt.bind(attempt.status.code)
        insertAttempt.bind(attempt.status == .failed ? (attempt.errorClass?.rawValue ?? "failed") : nil)
        insertAttempt.bind(attempt.errorMessage)
        insertAttempt.bind(snapshotID)
        insertAttempt.bind(folderID)
        try insertAttempt.execute()
        let attemptID = db.lastInsertedRowID
        var insertFile = try RawStatement(
            db,
            """
            INSERT OR IGNORE INTO refresh_file (refresh_attempt_id, history_file_id, size, modified_at, encoding, separator,
                                                column_count, error, warning)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        for file in attempt.files {
            let fileID = try names.id(of: file.fileName, table: "history_file", column: "name", in: db)
            insertFile.bind(attemptID)
            insertFile.bind(fileID)
            insertFile.bind(file.size)
            insertFile.bind(file.modifiedAt.flatMap(Timestamp.seconds))
            insertFile.bind(file.encoding)
            insertFile.bind(file.separator)
            insertFile.bind(file.columnCount)
            insertFile.bind(file.error)
            insertFile.bind(file.warning)
            try insertFile.execute()
        }
        return attemptID
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
        // Raw binding (RawStatement): a new schema is one row per column, thousands per import,
        // written `columnsPerStatement` rows to a statement (one step and reset for all of them).
        var insertTable = try RawStatement(db, "INSERT INTO snapshot_table (snapshot_id, name, source) VALUES (?,?,?)")
        var insertColumns = try RawStatement(db, snapshotColumnsSQL)
        var insertColumn = try RawStatement(db, snapshotColumnSQL)
        for table in snapshot.tables {
            insertTable.bind(id)
            insertTable.bind(table.name)
            insertTable.bind(table.source.code)
            try insertTable.execute()
            let tableID = db.lastInsertedRowID
            var position = 0
            while position < table.columns.count {
                let batch = table.columns.count - position >= columnsPerStatement
                let count = batch ? columnsPerStatement : 1
                for offset in 0..<count {
                    if batch {
                        insertColumns.bind(tableID)
                        insertColumns.bind(position + offset + 1)
                        insertColumns.bind(table.columns[position + offset])
                    } else {
                        insertColumn.bind(tableID)
                        insertColumn.bind(position + offset + 1)
                        insertColumn.bind(table.columns[position + offset])
                    }
                }
                try batch ? insertColumns.execute() : insertColumn.execute()
                position += count
            }
        }
        return id
    }

    /// Rows of `snapshot_column` written by one statement when a table has that many left.
    private static let columnsPerStatement = 16

    /// `INSERT INTO snapshot_column ... VALUES (?,?,?),...` for `rows` rows.
    private static func snapshotColumnsSQL(_ rows: Int) -> String {
        "INSERT INTO snapshot_column (snapshot_table_id, position, name) VALUES "
            + Array(repeating: "(?,?,?)", count: rows).joined(separator: ",")
    }

    /// ``snapshotColumnsSQL(_:)`` for a batch of ``columnsPerStatement`` rows, and for one row.
    private static let snapshotColumnsSQL = snapshotColumnsSQL(columnsPerStatement)
    private static let snapshotColumnSQL = snapshotColumnsSQL(1)
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
        // Raw binding (RawStatement): one row per connection, thousands in a large configuration.
        var insert = try RawStatement(db, "INSERT INTO connection_export_role (connection, role, reason) VALUES (?,?,?)")
        for (connection, decision) in roles.sorted(by: { $0.key < $1.key }) {
            insert.bind(connection)
            insert.bind(decision.role.rawValue)
            insert.bind(decision.reason)
            try insert.execute()
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
