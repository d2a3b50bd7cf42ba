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
            let writer = try ImportWriter(db: db, contentHash: record.contentHash)
            if writer.changed {
                var identifiers = IdentifierIndex()
                identifiers.add(configuration)
                if let settings { identifiers.add(settings) }
                if let clash = identifiers.firstClash { throw clash }
            }
            try writer.add(configuration)
            return try writer.finish(record, files: files, agentSettingsHash: agentSettingsHash, settings: settings,
                                     attempts: attempts, exportScan: exportScan)
        }
    }

    /// Runs `body` with an ``ImportWriter`` in one write transaction: everything it wrote is
    /// committed when `body` returns and rolled back when it throws. Lets an import stream its
    /// configuration into the catalog file by file instead of holding all of it in memory.
    /// - Parameter contentHash: the new import's ``ImportRecord/contentHash``, compared with the
    ///   latest import's to decide whether the configuration is replaced.
    func writeImport<T>(contentHash: String, _ body: (ImportWriter) throws -> T) throws -> T {
        try write { db in try body(ImportWriter(db: db, contentHash: contentHash)) }
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

/// One import being written, inside the transaction of ``Catalog/writeImport(contentHash:_:)``
/// (valid only there). When the content differs from the latest import's, the configuration
/// tables are emptied on creation and each ``add(_:)`` inserts its elements, identifiers
/// checked for clashes across every part added; otherwise the parts are not stored again.
final class ImportWriter {
    private let db: Database
    /// Whether this import replaces the configuration.
    let changed: Bool
    private var inserter: ElementInserter

    init(db: Database, contentHash: String) throws {
        self.db = db
        let previousHash = try String.fetchOne(db, sql: "SELECT content_hash FROM import_run ORDER BY id DESC LIMIT 1")
        changed = previousHash != contentHash
        inserter = ElementInserter(db: db)
        if changed { try Catalog.deleteConfiguration(in: db) }
    }

    /// Inserts the elements of `part` (one file's, or all of them) when the import replaces the
    /// configuration. Identifiers must have been checked (``IdentifierIndex``).
    /// - Throws: `DatabaseError`.
    func add(_ part: Configuration) throws {
        if changed { try inserter.insert(part) }
    }

    /// Stores the agent settings (when the configuration is replaced), the import record, its
    /// file list and `attempts`.
    /// - Returns: the stored record (with `id` and `changed` set).
    func finish(_ record: ImportRecord, files: [ConfigurationFileInfo], agentSettingsHash: String?, settings: AgentSettings?,
                attempts: [RefreshAttempt], exportScan: ExportScanFacts? = nil) throws -> ImportRecord {
        var stored = record
        stored.changed = changed
        if changed, let settings { try inserter.insert(settings) }
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
        // What each import knew of each secret is kept for every import, changed or not.
        if let settings, let id = stored.id {
            try Catalog.insertSecrets(settings, importRunID: id, in: db)
        }
        for attempt in attempts {
            try Catalog.insertRefreshAttempt(attempt, in: db)
        }
        if let exportScan { try Catalog.insertExportScan(exportScan, in: db) }
        return stored
    }
}
