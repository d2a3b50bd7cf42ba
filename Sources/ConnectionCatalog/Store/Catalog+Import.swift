import Foundation
import GRDB

extension Catalog {
    /// Records an import atomically: replaces the current configuration and agent settings when
    /// `record.contentHash` differs from the latest import's, adds the import record, its file
    /// list and what it knows of each secret (for every import, changed or not), and records
    /// `attempts` and the `exportScan` they came from — all in one transaction.
    /// - Returns: the stored record (with `id` and `changed` set).
    /// - Throws: ``InputError`` for identifier clashes (nothing is stored), `DatabaseError`.
    public func recordImport(_ record: ImportRecord, files: [ConfigurationFileInfo], agentSettingsHash: String?,
                             configuration: Configuration, settings: AgentSettings?,
                             attempts: [RefreshAttempt], exportScan: ExportScanFacts? = nil) throws -> ImportRecord {
        try write { db in
            var stored = record
            let previousHash = try String.fetchOne(db, sql: "SELECT content_hash FROM import_run ORDER BY id DESC LIMIT 1")
            stored.changed = previousHash != record.contentHash
            if stored.changed {
                try Self.replaceConfiguration(configuration, settings: settings, in: db)
            }
            try db.execute(sql: """
                INSERT INTO import_run (imported_at, source_folder, configuration_folder, agent_settings_file,
                    export_folder, xml_file_count, element_count, content_hash, changed)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, arguments: [record.importedAt, record.sourceFolder, record.configurationFolder, record.agentSettingsFile,
                                 record.exportFolder, record.xmlFileCount, record.elementCount, record.contentHash, stored.changed])
            stored.id = db.lastInsertedRowID
            for file in files {
                try db.execute(sql: "INSERT INTO import_file (import_run_id, role, path, size, content_hash, element_count) VALUES (?,?,?,?,?,?)",
                               arguments: [stored.id, "configuration", file.path, file.size, file.contentHash, file.elementCount])
            }
            if let settings, let agentSettingsHash {
                try db.execute(sql: "INSERT INTO import_file (import_run_id, role, path, size, content_hash, element_count) VALUES (?,?,?,?,?,?)",
                               arguments: [stored.id, "agent_settings", settings.file, 0, agentSettingsHash, settings.connections.count])
            }
            if let settings, let id = stored.id {
                try Self.insertSecrets(settings, importRunID: id, in: db)
            }
            for attempt in attempts {
                try Self.insertRefreshAttempt(attempt, in: db)
            }
            if let exportScan { try Self.insertExportScan(exportScan, in: db) }
            return stored
        }
    }

    /// All recorded imports, oldest first.
    public func imports() throws -> [ImportRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_run ORDER BY id").map { row in
                ImportRecord(id: row["id"], importedAt: row["imported_at"], sourceFolder: row["source_folder"],
                             configurationFolder: row["configuration_folder"], agentSettingsFile: row["agent_settings_file"],
                             exportFolder: row["export_folder"], xmlFileCount: row["xml_file_count"],
                             elementCount: row["element_count"], contentHash: row["content_hash"], changed: row["changed"])
            }
        }
    }
}
