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
        try read { db in try Self.plainTextSecrets(importRunID: try Self.secretsHolder(ofImport: id, in: db), in: db) }
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
