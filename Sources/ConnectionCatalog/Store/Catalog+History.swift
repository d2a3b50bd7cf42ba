import Foundation
import GRDB

extension Catalog {
    /// Every refresh attempt of `connection` (case-insensitive), oldest first (by time, then by
    /// the order they were recorded), with `changed` computed against the previous success.
    public func refreshHistory(of connection: String) throws -> [HistoryEntry] {
        try read { db in
            var previousSnapshot: Int64?
            return try Row.fetchAll(db, sql: """
                SELECT r.id, r.connection, r.at, r.status, r.trigger, r.source, r.error_class, r.error_message,
                       r.snapshot_id, s.table_count, s.column_count
                FROM refresh_history r LEFT JOIN snapshot s ON s.id = r.snapshot_id
                WHERE r.connection = ?
                ORDER BY r.at_seconds, r.id
                """, arguments: [connection]).map { row in
                let snapshotID: Int64? = row["snapshot_id"]
                let errorClass: String? = row["error_class"]
                let message: String? = row["error_message"]
                var changed = false
                if let snapshotID {
                    changed = snapshotID != previousSnapshot
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
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.at, n.name, f.size, f.modified_at, f.encoding, f.separator, f.column_count, f.error, f.warning
                FROM refresh_attempt r
                JOIN history_connection h ON h.id = r.history_connection_id
                JOIN refresh_file f ON f.refresh_attempt_id = r.id
                JOIN history_file n ON n.id = f.history_file_id
                WHERE h.identifier = ?
                ORDER BY r.at, r.id, n.name
                """, arguments: [connection]).map { row in
                let name: String = row["name"]
                return RefreshFileEntry(
                    refreshID: row["id"], at: Timestamp.format(seconds: row["at"]),
                    file: RefreshFile(fileName: name, tableName: TableName.key(name), size: row["size"],
                                      modifiedAt: (row["modified_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                                      encoding: row["encoding"], separator: row["separator"], columnCount: row["column_count"],
                                      error: row["error"], warning: row["warning"]))
            }
        }
    }

    /// The tables and ordered columns of a stored snapshot.
    public func snapshot(id: Int64) throws -> SchemaSnapshot {
        try read { db in try Self.snapshot(id: id, in: db) }
    }

    static func snapshot(id: Int64, in db: Database) throws -> SchemaSnapshot {
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.name, t.source, c.name AS column_name FROM snapshot_table t
            LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id
            WHERE t.snapshot_id = ? ORDER BY t.id, c.position
            """, arguments: [id])
        var order: [String] = []
        var columns: [String: [String]] = [:]
        var sources: [String: SchemaSource] = [:]
        for row in rows {
            let name: String = row["name"]
            if columns[name] == nil { order.append(name); columns[name] = [] }
            sources[name] = SchemaSource(code: row["source"])
            if let column: String = row["column_name"] { columns[name, default: []].append(column) }
        }
        // A table read from an export file always has columns (empty headers fail the refresh);
        // a table declared by the configuration may have none.
        return SchemaSnapshot(tables: order.map { TableSchema(name: $0, columns: columns[$0] ?? [], source: sources[$0] ?? .exportOutput) })
    }

    /// Failed attempts at or after `since` (all when `nil`), with the last success before each
    /// and the number of failures since that success; sorted by time.
    /// - Parameter latestOnly: only connections whose latest attempt (overall) is that failure.
    public func failedRefreshes(since: String?, latestOnly: Bool) throws -> [FailedRefresh] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.id, h.identifier AS connection, f.at, f.error_class, f.error_message,
                       (SELECT s.at FROM refresh_attempt s WHERE s.history_connection_id = f.history_connection_id AND s.status = 1
                          AND (s.at < f.at OR (s.at = f.at AND s.id < f.id)) ORDER BY s.at DESC, s.id DESC LIMIT 1) AS last_success_at,
                       (SELECT COUNT(*) FROM refresh_attempt x WHERE x.history_connection_id = f.history_connection_id AND x.status = 2
                          AND (x.at < f.at OR (x.at = f.at AND x.id <= f.id))
                          AND NOT EXISTS (SELECT 1 FROM refresh_attempt s WHERE s.history_connection_id = f.history_connection_id
                               AND s.status = 1 AND (s.at > x.at OR (s.at = x.at AND s.id > x.id))
                               AND (s.at < f.at OR (s.at = f.at AND s.id < f.id)))) AS failed_attempts
                FROM refresh_attempt f JOIN history_connection h ON h.id = f.history_connection_id
                JOIN connection c ON c.identifier = h.identifier
                WHERE f.status = 2 AND (:since IS NULL OR f.at >= :since)
                  AND (NOT :latestOnly OR f.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = f.history_connection_id
                                                  ORDER BY r.at DESC, r.id DESC LIMIT 1))
                ORDER BY f.at, f.id
                """, arguments: ["since": since.flatMap(Timestamp.seconds), "latestOnly": latestOnly]).map { row in
                let cls: String = row["error_class"]
                let message: String? = row["error_message"]
                return FailedRefresh(connection: row["connection"], failedAt: Timestamp.format(seconds: row["at"]),
                                     error: message.map { "\(cls): \($0)" } ?? cls,
                                     lastSuccessAt: (row["last_success_at"] as Int64?).map { Timestamp.format(seconds: $0) },
                                     failedAttempts: row["failed_attempts"],
                                     refreshID: row["id"])
            }
        }
    }
}
