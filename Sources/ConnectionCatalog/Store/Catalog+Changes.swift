import Foundation
import GRDB

/// What `conncat changes` reads: the state of the catalog at the time of an earlier import.
extension Catalog {
    /// What import `id` knew of each secret (the rows of the import that recorded them), in
    /// order; empty when it read no agent settings.
    func secretRows(ofImport id: Int64) throws -> [SecretRow] {
        try read { db in
            guard let holder = try Self.secretsHolder(ofImport: id, in: db) else { return [] }
            return try Self.storedSecrets(importRunID: holder, in: db)
        }
    }

    /// The import that holds the `import_secret` rows of import `id`: the first import of the
    /// run of imports that knew the same secrets; `nil` when import `id` read no agent settings.
    static func secretsHolder(ofImport id: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT secrets_run_id FROM import_run WHERE id = ?", arguments: [id])
    }

    /// The secrets that import `id` found in clear in `appsettings.agent.json`, in file order.
    func plainTextSecrets(ofImport id: Int64) throws -> [PlainTextSecret] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sec.connection, sec.key, sec.json_path, sec.kind, sec.plain_line, coalesce(f.path, sec.file) AS file
                    FROM import_secret sec
                    LEFT JOIN import_file f ON f.import_run_id = sec.import_run_id AND f.role = 'agent_settings'
                    WHERE sec.import_run_id = ? AND sec.plain_line IS NOT NULL
                    ORDER BY sec.rowid
                    """, arguments: [try Self.secretsHolder(ofImport: id, in: db)]
            ).map { row in
                PlainTextSecret(
                    connection: row["connection"], key: row["key"],
                    location: SourceLocation(file: row["file"], line: row["plain_line"], jsonPath: row["json_path"]),
                    kind: SecretKind(rawValue: row["kind"]) ?? .plain)
            }
        }
    }

    /// The snapshot in force of every connection at `seconds` (its latest successful attempt
    /// then), by connection as the history spells it, sorted by connection.
    func snapshotsInForce(atSeconds seconds: Int64) throws -> [(connection: String, snapshot: SchemaSnapshot)] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.identifier,
                           (SELECT r.snapshot_id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1 AND r.at <= ?
                            ORDER BY r.at DESC, r.id DESC LIMIT 1) AS snapshot_id
                    FROM history_connection h ORDER BY h.identifier
                    """, arguments: [seconds])
            return try rows.compactMap { row in
                guard let id: Int64 = row["snapshot_id"] else { return nil }
                return (row["identifier"], try Self.snapshot(id: id, in: db))
            }
        }
    }

    /// ``schemaStates()`` as the history stood at `seconds`: only attempts made until then.
    func schemaStates(asOf seconds: Int64) throws -> [ConnectionSchemaState] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.id AS connection_id, h.identifier, l.status, l.at, l.error_class, l.error_message,
                           s.at AS success_at, s.snapshot_id
                    FROM history_connection h
                    JOIN refresh_attempt l ON l.id =
                        (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.at <= :asOf
                          ORDER BY r.at DESC, r.id DESC LIMIT 1)
                    LEFT JOIN refresh_attempt s ON s.id =
                        (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1 AND r.at <= :asOf
                          ORDER BY r.at DESC, r.id DESC LIMIT 1)
                    ORDER BY h.identifier
                    """, arguments: ["asOf": seconds])
            return try rows.map { row in
                let errorClass: String? = row["error_class"]
                let message: String? = row["error_message"]
                var state = ConnectionSchemaState(
                    connection: row["identifier"], latestStatus: RefreshStatus(code: row["status"]),
                    latestAt: Timestamp.format(seconds: row["at"]),
                    latestError: errorClass.map { cls in message.map { "\(cls): \($0)" } ?? cls },
                    lastSuccessAt: (row["success_at"] as Int64?).map { Timestamp.format(seconds: $0) })
                if let snapshotID: Int64 = row["snapshot_id"] {
                    let snapshot = try Self.snapshot(id: snapshotID, in: db)
                    state.snapshot = snapshot
                    state.removed = try Self.removedItems(
                        connectionID: row["connection_id"], inForce: snapshot, snapshotID: snapshotID,
                        asOf: seconds, in: db)
                }
                return state
            }
        }
    }

    /// Tables and columns of successful snapshots until `asOf` that `inForce` lacks, as
    /// ``removedItems(connectionID:latestSnapshot:inForce:in:)`` gives them for the whole history.
    private static func removedItems(
        connectionID: Int64, inForce: SchemaSnapshot, snapshotID: Int64, asOf: Int64,
        in db: Database
    ) throws -> [RemovedSchemaItem] {
        let successes = try Row.fetchAll(
            db,
            sql: """
                SELECT at, snapshot_id FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 AND at <= ? ORDER BY at, id
                """, arguments: [connectionID, asOf]
        ).map { (at: $0[0] as Int64, snapshot: $0[1] as Int64) }
        var lastSeen: [Int64: Int64] = [:]
        for s in successes where s.snapshot != snapshotID { lastSeen[s.snapshot] = max(lastSeen[s.snapshot] ?? .min, s.at) }
        guard !lastSeen.isEmpty else { return [] }
        var present: [String: Set<String>] = [:]
        for table in inForce.tables { present[table.name.lowercased()] = Set(table.columns.map { $0.lowercased() }) }
        func firstSuccess(after seconds: Int64) -> Int64? { successes.first { $0.at > seconds }?.at }
        var columns: [String: (table: String, column: String, at: Int64)] = [:]
        var tables: [String: (name: String, at: Int64)] = [:]
        for (id, at) in lastSeen {
            for table in try snapshot(id: id, in: db).tables {
                let tableKey = table.name.lowercased()
                if let have = present[tableKey] {
                    for column in table.columns where !have.contains(column.lowercased()) {
                        let key = tableKey + "\u{0}" + column.lowercased()
                        if (columns[key]?.at ?? .min) < at { columns[key] = (table.name, column, at) }
                    }
                } else if (tables[tableKey]?.at ?? .min) < at {
                    tables[tableKey] = (table.name, at)
                }
            }
        }
        // The diff of the refresh that removed a column, for its rename hint (one per pair).
        var diffs: [[Int64]: [SchemaChange]] = [:]
        func removingDiff(_ lastSeen: Int64, _ after: Int64) throws -> [SchemaChange] {
            if let known = diffs[[lastSeen, after]] { return known }
            var changes: [SchemaChange] = []
            if let older = successes.last(where: { $0.at == lastSeen })?.snapshot,
                let newer = successes.last(where: { $0.at == after })?.snapshot
            {
                changes = try snapshot(id: older, in: db).diff(to: snapshot(id: newer, in: db))
            }
            diffs[[lastSeen, after]] = changes
            return changes
        }
        var removed: [RemovedSchemaItem] = []
        for c in columns.values.sorted(by: { ($0.table, $0.column) < ($1.table, $1.column) }) {
            guard let after = firstSuccess(after: c.at) else { continue }
            let renamedTo = try removingDiff(c.at, after).first {
                $0.change == .columnRemoved && $0.column == c.column && $0.table.lowercased() == c.table.lowercased()
            }?.renamedTo
            removed.append(
                RemovedSchemaItem(
                    table: c.table, column: c.column, lastSeenAt: Timestamp.format(seconds: c.at),
                    removedAt: Timestamp.format(seconds: after), renamedTo: renamedTo))
        }
        for t in tables.values.sorted(by: { $0.name < $1.name }) {
            guard let after = firstSuccess(after: t.at) else { continue }
            removed.append(
                RemovedSchemaItem(
                    table: t.name, column: nil, lastSeenAt: Timestamp.format(seconds: t.at),
                    removedAt: Timestamp.format(seconds: after)))
        }
        return removed
    }

    /// The latest export scan until `seconds`, as ``latestExportScan()`` gives it.
    func exportScan(asOf seconds: Int64) throws -> ExportScanFacts? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT e.id, e.at, f.path FROM export_scan e JOIN history_folder f ON f.id = e.history_folder_id
                        WHERE e.at <= ? ORDER BY e.at DESC, e.id DESC LIMIT 1
                        """, arguments: [seconds])
            else { return nil }
            let files = try String.fetchAll(
                db,
                sql: """
                    SELECT f.name FROM export_scan_unattributed u JOIN history_file f ON f.id = u.history_file_id
                    WHERE u.export_scan_id = ? ORDER BY f.name COLLATE NOCASE, f.name
                    """, arguments: [row["id"] as Int64])
            return ExportScanFacts(folder: row["path"], at: Timestamp.format(seconds: row["at"]), unattributedFiles: files)
        }
    }
}
