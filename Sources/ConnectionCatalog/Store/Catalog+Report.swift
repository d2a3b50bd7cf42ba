import Foundation
import GRDB

/// What the report reads in bulk (one query for every connection, not one per connection).
extension Catalog {
    /// Every refresh attempt of every connection of the history, grouped by connection (the
    /// history's spelling, as in ``refreshHistory(of:)``), each list oldest first with `changed`
    /// computed against the previous success (`true` for the first success).
    public func allRefreshHistories() throws -> [String: [HistoryEntry]] {
        try read { db in
            var result: [String: [HistoryEntry]] = [:]
            var previousSnapshot: [Int64: Int64] = [:]
            var snapshots: [Int64: SchemaSnapshot] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, r.history_connection_id, h.identifier, r.at, r.status, r.trigger, r.source,
                           r.error_class, r.error_message, r.snapshot_id, s.table_count, s.column_count
                    FROM refresh_attempt r
                    JOIN history_connection h ON h.id = r.history_connection_id
                    LEFT JOIN snapshot s ON s.id = r.snapshot_id
                    ORDER BY r.history_connection_id, r.at, r.id
                    """)
            while let row = try rows.next() {
                let history: Int64 = row["history_connection_id"]
                let snapshotID: Int64? = row["snapshot_id"]
                let errorClass: String? = row["error_class"]
                let message: String? = row["error_message"]
                var changed = false
                if let snapshotID {
                    changed = try previousSnapshot[history].map { try Self.schemaChanged(from: $0, to: snapshotID, in: db, snapshots: &snapshots) } ?? true
                    previousSnapshot[history] = snapshotID
                }
                let connection: String = row["identifier"]
                result[connection, default: []].append(
                    HistoryEntry(
                        refreshID: row["id"], connection: connection, at: Timestamp.format(seconds: row["at"]),
                        status: RefreshStatus(code: row["status"]), trigger: RefreshTrigger(code: row["trigger"]),
                        source: SchemaSource(code: row["source"]),
                        error: errorClass.map { cls in message.map { "\(cls): \($0)" } ?? cls },
                        tableCount: row["table_count"], columnCount: row["column_count"], changed: changed,
                        snapshotID: snapshotID))
            }
            return result
        }
    }

    /// How many imports the catalog has recorded.
    public func importCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run") ?? 0 }
    }
}
