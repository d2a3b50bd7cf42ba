import Foundation
import GRDB

extension Catalog {
    /// The latest time the catalog records: that of the latest import, or of a schema refresh
    /// attempt after it (then `importID` is `nil`); `nil` for a catalog that records nothing.
    public func latestRecordedTime() throws -> (at: Timestamp, importID: Int64?)? {
        try read { db in
            let latestImport = try Row.fetchOne(db, sql: "SELECT id, imported_at FROM import_run ORDER BY imported_at DESC, id DESC LIMIT 1")
            let importAt = latestImport.flatMap { Timestamp.seconds($0["imported_at"]) }
            let refreshAt = try Int64.fetchOne(db, sql: "SELECT max(at) FROM refresh_attempt")
            if let refreshAt, refreshAt > (importAt ?? .min) { return (Timestamp(secondsSince1970: refreshAt), nil) }
            guard let importAt else { return nil }
            return (Timestamp(secondsSince1970: importAt), latestImport?["id"])
        }
    }

    /// Every refresh attempt of `connection` (case-insensitive), oldest first (by time, then by
    /// the order they were recorded), with `changed` computed against the previous success
    /// (``HistoryEntry/changed``: `nil` for the first success and for attempts without a schema;
    /// a schema change as ``schemaChanged(from:to:in:snapshots:)`` defines it).
    public func refreshHistory(of connection: String) throws -> [HistoryEntry] {
        try read { db in
            var previousSnapshot: Int64?
            var snapshots: [Int64: SchemaSnapshot] = [:]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.connection, r.at, r.status, r.trigger, r.source, r.error_class, r.error_message,
                           r.snapshot_id, s.table_count, s.column_count
                    FROM refresh_history r LEFT JOIN snapshot s ON s.id = r.snapshot_id
                    WHERE r.connection = ?
                    ORDER BY r.at_seconds, r.id
                    """, arguments: [connection]
            ).map { row in
                let snapshotID: Int64? = row["snapshot_id"]
                let errorClass: String? = row["error_class"]
                let message: String? = row["error_message"]
                var changed: Bool?
                if let snapshotID {
                    changed = try previousSnapshot.map { try Self.schemaChanged(from: $0, to: snapshotID, in: db, snapshots: &snapshots) }
                    previousSnapshot = snapshotID
                }
                return HistoryEntry(
                    refreshID: row["id"], connection: row["connection"], at: row["at"],
                    status: RefreshStatus(rawValue: row["status"]) ?? .failed,
                    trigger: RefreshTrigger(rawValue: row["trigger"]) ?? .refreshSchema,
                    source: SchemaSource(rawValue: row["source"]) ?? .exportOutput,
                    error: errorClass.map { cls in message.map { "\(cls): \($0)" } ?? cls },
                    tableCount: row["table_count"], columnCount: row["column_count"], changed: changed,
                    snapshotID: snapshotID)
            }
        }
    }

    /// The export files each attempt of `connection` read, oldest attempt first, files by name.
    public func refreshFiles(of connection: String) throws -> [RefreshFileEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.at, n.name, f.size, f.modified_at, f.encoding, f.separator, f.column_count, f.error, f.warning
                    FROM refresh_attempt r
                    JOIN history_connection h ON h.id = r.history_connection_id
                    JOIN refresh_file f ON f.refresh_attempt_id = r.id
                    JOIN history_file n ON n.id = f.history_file_id
                    WHERE h.identifier = ?
                    ORDER BY r.at, r.id, n.name
                    """, arguments: [connection]
            ).map { row in
                let name: String = row["name"]
                return RefreshFileEntry(
                    refreshID: row["id"], at: Timestamp.format(seconds: row["at"]),
                    file: RefreshFile(
                        fileName: name, tableName: TableName.key(name), size: row["size"],
                        modifiedAt: (row["modified_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                        encoding: row["encoding"], separator: row["separator"], columnCount: row["column_count"],
                        error: row["error"], warning: row["warning"]))
            }
        }
    }

    /// Whether the schema of snapshot `newer` differs from that of snapshot `older`: the one
    /// definition of a schema change that `history`, `diff`, a refresh and the report share.
    /// Tables are compared by name as the product compares ConnectionTable (case-insensitively),
    /// columns by name and order (``SchemaSnapshot/diff(to:)`` is empty exactly when they are
    /// the same); a snapshot that differs only in the case of a table name (an export file
    /// renamed `LdapExport_entries.csv` -> `ldapexport_entries.csv`) is no change.
    /// - Parameter snapshots: snapshots already loaded, by id (filled as they are loaded).
    static func schemaChanged(from older: Int64, to newer: Int64, in db: Database, snapshots: inout [Int64: SchemaSnapshot]) throws -> Bool {
        if older == newer { return false }
        func load(_ id: Int64) throws -> SchemaSnapshot {
            if let known = snapshots[id] { return known }
            let loaded = try snapshot(id: id, in: db)
            snapshots[id] = loaded
            return loaded
        }
        return try !load(older).diff(to: load(newer)).isEmpty
    }

    /// The tables and ordered columns of a stored snapshot.
    public func snapshot(id: Int64) throws -> SchemaSnapshot {
        try read { db in try Self.snapshot(id: id, in: db) }
    }

    static func snapshot(id: Int64, in db: Database) throws -> SchemaSnapshot {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT t.name, t.source, c.name AS column_name FROM snapshot_table t
                    LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id
                    WHERE t.snapshot_id = ? ORDER BY t.id, c.position
                    """), arguments: [id])
        var order: [String] = []
        var columns: [String: [String]] = [:]
        var sources: [String: SchemaSource] = [:]
        for row in rows {
            let name: String = row["name"]
            if columns[name] == nil {
                order.append(name)
                columns[name] = []
            }
            sources[name] = SchemaSource(code: row["source"])
            if let column: String = row["column_name"] { columns[name, default: []].append(column) }
        }
        // A table read from an export file always has columns (empty headers fail the refresh);
        // a table declared by the configuration may have none.
        return SchemaSnapshot(tables: order.map { TableSchema(name: $0, columns: columns[$0] ?? [], source: sources[$0] ?? .exportOutput) })
    }

    /// Failed attempts at or after `since` (all when `nil`), with the last success before each
    /// and the number of failures since that success; sorted by time.
    ///
    /// Every failure: one pass over the history in (connection, time) order (the index of
    /// m0001), counting as it goes, so the cost grows with the history and the answer together.
    /// The latest failures only: per connection, one seek to its latest attempt and, when it
    /// failed, a walk back to the success before it.
    /// - Parameter latestOnly: only connections whose latest attempt (overall) is that failure.
    public func failedRefreshes(since: Timestamp?, latestOnly: Bool) throws -> [FailedRefresh] {
        let sql =
            latestOnly
            ? """
            WITH latest AS (
                SELECT h.id AS connection_id, h.identifier,
                       (SELECT r.id FROM refresh_attempt r INDEXED BY refresh_attempt_by_connection
                         WHERE r.history_connection_id = h.id ORDER BY r.at DESC, r.id DESC LIMIT 1) AS id
                FROM history_connection h JOIN connection c ON c.identifier = h.identifier
            ),
            failed AS (
                SELECT l.identifier AS connection, f.id, f.history_connection_id, f.at, f.error_class, f.error_message,
                       (SELECT s.id FROM refresh_attempt s INDEXED BY refresh_attempt_by_connection
                         WHERE s.history_connection_id = f.history_connection_id AND s.status = 1
                           AND s.at <= f.at AND (s.at < f.at OR s.id < f.id)
                         ORDER BY s.at DESC, s.id DESC LIMIT 1) AS success_id
                FROM latest l JOIN refresh_attempt f ON f.id = l.id
                WHERE f.status = 2 AND (:since IS NULL OR f.at >= :since)
            )
            SELECT f.id, f.connection, f.at, f.error_class, f.error_message, s.at AS last_success_at,
                   (SELECT COUNT(*) FROM refresh_attempt x INDEXED BY refresh_attempt_by_connection
                     WHERE x.history_connection_id = f.history_connection_id AND x.status = 2
                       AND x.at <= f.at AND (x.at < f.at OR x.id <= f.id)
                       AND (s.id IS NULL OR (x.at >= s.at AND (x.at > s.at OR x.id > s.id)))) AS failed_attempts
            FROM failed f LEFT JOIN refresh_attempt s ON s.id = f.success_id
            ORDER BY f.at, f.id
            """
            : """
            WITH ordered AS (
                SELECT r.id, r.history_connection_id, r.at, r.status, r.error_class, r.error_message,
                       SUM(r.status = 1) OVER history AS run,
                       MAX(CASE WHEN r.status = 1 THEN r.at END) OVER history AS last_success_at
                FROM refresh_attempt r INDEXED BY refresh_attempt_by_connection
                WINDOW history AS (PARTITION BY r.history_connection_id ORDER BY r.at, r.id ROWS UNBOUNDED PRECEDING)
            ),
            counted AS (
                SELECT o.*, SUM(o.status = 2) OVER (PARTITION BY o.history_connection_id, o.run ORDER BY o.at, o.id
                                                    ROWS UNBOUNDED PRECEDING) AS failed_attempts
                FROM ordered o
            )
            SELECT c.id, h.identifier AS connection, c.at, c.error_class, c.error_message, c.last_success_at, c.failed_attempts
            FROM counted c JOIN history_connection h ON h.id = c.history_connection_id
            JOIN connection k ON k.identifier = h.identifier
            WHERE c.status = 2 AND (:since IS NULL OR c.at >= :since)
            ORDER BY c.at, c.id
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: ["since": since?.secondsSince1970]).map { row in
                let cls: String = row["error_class"]
                let message: String? = row["error_message"]
                return FailedRefresh(
                    connection: row["connection"], failedAt: Timestamp.format(seconds: row["at"]),
                    error: message.map { "\(cls): \($0)" } ?? cls,
                    lastSuccessAt: (row["last_success_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                    failedAttempts: row["failed_attempts"],
                    refreshID: row["id"])
            }
        }
    }
}
