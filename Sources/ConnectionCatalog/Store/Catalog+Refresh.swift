import Foundation
import GRDB

extension Catalog {
    /// Records schema refresh attempts in one transaction.
    public func recordRefreshAttempts(_ attempts: [RefreshAttempt]) throws {
        try write { db in
            for attempt in attempts { try Self.insertRefreshAttempt(attempt, in: db) }
        }
    }

    /// Inserts one attempt; a successful one points at its snapshot, stored once per distinct
    /// content (content-addressed by ``SchemaSnapshot/contentHash``).
    @discardableResult
    static func insertRefreshAttempt(_ attempt: RefreshAttempt, in db: Database) throws -> Int64 {
        var snapshotID: Int64?
        if attempt.status == .success {
            snapshotID = try storedSnapshotID(for: attempt.snapshot ?? SchemaSnapshot(tables: []), in: db)
        }
        try db.cachedStatement(sql: """
            INSERT INTO refresh_attempt (connection, at, trigger, source, status, error_class, error_message, snapshot_id, export_folder)
            VALUES (?,?,?,?,?,?,?,?,?)
            """).execute(arguments: [attempt.connection, attempt.at, attempt.trigger.rawValue, attempt.source.rawValue,
                                     attempt.status.rawValue, attempt.status == .failed ? (attempt.errorClass ?? "failed") : nil,
                                     attempt.errorMessage, snapshotID, attempt.exportFolder])
        let attemptID = db.lastInsertedRowID
        let insertFile = try db.cachedStatement(sql: """
            INSERT INTO refresh_file (refresh_attempt_id, file_name, table_name, size, modified_at, encoding, separator, column_count, error)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        for file in attempt.files {
            try insertFile.execute(arguments: [attemptID, file.fileName, file.tableName, file.size, file.modifiedAt,
                                               file.encoding, file.separator, file.columnCount, file.error])
        }
        return attemptID
    }

    private static func storedSnapshotID(for snapshot: SchemaSnapshot, in db: Database) throws -> Int64 {
        let hash = snapshot.contentHash
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM snapshot WHERE content_hash = ?"), arguments: [hash]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO snapshot (content_hash, table_count, column_count) VALUES (?,?,?)")
            .execute(arguments: [hash, snapshot.tables.count, snapshot.columnCount])
        let id = db.lastInsertedRowID
        let insertTable = try db.cachedStatement(sql: "INSERT INTO snapshot_table (snapshot_id, name) VALUES (?,?)")
        let insertColumn = try db.cachedStatement(sql: "INSERT INTO snapshot_column (snapshot_table_id, position, name) VALUES (?,?,?)")
        for table in snapshot.tables {
            try insertTable.execute(arguments: [id, table.name])
            let tableID = db.lastInsertedRowID
            for (index, column) in table.columns.enumerated() {
                try insertColumn.execute(arguments: [tableID, index + 1, column])
            }
        }
        return id
    }
}
