import Foundation
import GRDB

extension Catalog {
    /// Records an import atomically: replaces the current configuration and agent settings when
    /// `record.contentHash` differs from the latest import's, adds the import record, its file
    /// list and what it knows of each secret (for every import, changed or not), and records
    /// `attempts` and the `exportScan` they came from — all in one transaction.
    /// - Returns: the stored record (with `id` and `changed` set).
    /// - Throws: ``InputError`` for identifier clashes (nothing is stored), `DatabaseError`.
    public func recordImport(
        _ record: ImportRecord, files: [ConfigurationFileInfo], agentSettingsHash: String?,
        configuration: Configuration, settings: AgentSettings?,
        attempts: [RefreshAttempt], exportScan: ExportScanFacts? = nil,
        exportRoles: [String: ExportRoleDecision]? = nil
    ) throws -> ImportRecord {
        try write { db in
            let writer = try ImportWriter(db: db, contentHash: { record.contentHash })
            try writer.add(configuration, files: files)
            return try writer.finish(
                record, files: files, agentSettingsHash: agentSettingsHash, settings: settings,
                attempts: attempts, exportScan: exportScan,
                exportRoles: exportRoles ?? ExportRoleDecision.decide(for: configuration))
        }
    }

    /// Runs `body` with an ``ImportWriter`` in one write transaction: everything it wrote is
    /// committed when `body` returns and rolled back when it throws. Lets an import stream its
    /// configuration into the catalog file by file instead of holding all of it in memory.
    /// - Parameters:
    ///   - contentHash: the new import's ``ImportRecord/contentHash``, compared with the latest
    ///     import's to decide whether the configuration is replaced.
    ///   - files: the XML files (path under the imported folder, SHA-256 or `nil`), so that files
    ///     unchanged since the previous import can be reused unread; `nil` stores every file again.
    ///   `body` checks identifiers before adding a part or finishing (the writer does not).
    ///   `contentHash` is called only when the catalog holds an import to compare with (a new
    ///   catalog's first import replaces nothing: its writing need not wait for the hash).
    func writeImport<T>(
        contentHash: () -> String, files: [(path: String, contentHash: String?)]? = nil,
        _ body: (ImportWriter) throws -> T
    ) throws -> T {
        try write { db in try body(ImportWriter(db: db, contentHash: contentHash, files: files, identifiersChecked: true)) }
    }

    /// Records `record` as a repetition of the latest import when that import read the same
    /// inputs (`inputHash`, see ``ImportInputs``) and no schema refresh was recorded since: the
    /// new import row shares its configuration version, secrets and content hash, and nothing
    /// else is written (no refresh attempt: the latest ones stand).
    /// - Returns: the stored record (`changed` false) with the files of the configuration it
    ///   shares, or `nil` when the latest import is not repeated (nothing is written then).
    func recordRepeatedImport(_ record: ImportRecord, inputHash: String) throws -> RepeatedImport? {
        try write { db in
            guard
                let latest = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, content_hash, config_version_id, secrets_run_id, xml_file_count, element_count FROM import_run
                        WHERE id = (SELECT max(id) FROM import_run) AND input_hash = ?
                          AND refreshed_through IS (SELECT max(id) FROM refresh_attempt)
                        """, arguments: [inputHash]),
                let versionID: Int64 = latest["config_version_id"]
            else { return nil }
            var stored = record
            stored.changed = false
            stored.contentHash = latest["content_hash"]
            stored.xmlFileCount = latest["xml_file_count"]
            stored.elementCount = latest["element_count"]
            try db.execute(
                sql: """
                    INSERT INTO import_run (imported_at, source_folder, configuration_folder, agent_settings_file,
                        export_folder, xml_file_count, element_count, content_hash, changed, config_version_id,
                        secrets_run_id, input_hash, refreshed_through)
                    SELECT ?, ?, ?, ?, ?, xml_file_count, element_count, content_hash, 0, config_version_id,
                        secrets_run_id, input_hash, refreshed_through
                    FROM import_run WHERE id = ?
                    """,
                arguments: [
                    record.importedAt, record.sourceFolder, record.configurationFolder, record.agentSettingsFile,
                    record.exportFolder, latest["id"] as Int64,
                ])
            stored.id = db.lastInsertedRowID
            let versions = try HistoryWriter.fileVersions(ofConfigurationVersion: versionID, in: db)
            return RepeatedImport(
                record: stored, previousImportID: latest["id"], files: versions.filter { $0.role == 1 },
                agentSettingsConnections: try Int.fetchOne(db, sql: "SELECT count(*) FROM connection_settings") ?? 0)
        }
    }

    /// All recorded imports, oldest first.
    public func imports() throws -> [ImportRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_run ORDER BY id").compactMap(Self.importRecord)
        }
    }
}

/// One import being written, inside the transaction of ``Catalog/writeImport(contentHash:files:_:)``
/// (valid only there).
///
/// When the content differs from the latest import's, the current configuration is replaced file
/// by file: the rows of files that changed or disappeared are deleted on creation, and each
/// ``add(_:file:)`` inserts one file's elements, identifiers checked for clashes across every
/// part added. Every import's configuration is also kept in the history: a file with the same
/// path and bytes as in the previous import is reused (``reusable(path:contentHash:)``: the
/// caller need not read it), the others are stored as file versions.
final class ImportWriter {
    private let db: Database
    /// Whether this import replaces the configuration.
    let changed: Bool
    private var inserter: ElementInserter
    private var history: HistoryWriter
    /// The file versions of this import, in reading order.
    private var fileVersions: [Int64] = []
    /// The configuration files of this import, and those reused unread.
    private var reusedPaths: Set<String> = []

    /// - Parameter files: the import's XML files (path under the imported folder, SHA-256 of the
    ///   bytes or `nil` when unreadable) when known before writing: files unchanged since the
    ///   previous import may then be reused; `nil` stores everything again.
    /// - Parameter identifiersChecked: whether the caller checks the identifiers of every part
    ///   (and of the agent settings) before adding it, as the streamed import does; the rows are
    ///   then inserted without a second check.
    /// - Parameter contentHash: the import's ``ImportRecord/contentHash``, asked for only when
    ///   the catalog holds an earlier import (to compare with).
    init(
        db: Database, contentHash: () -> String, files: [(path: String, contentHash: String?)]? = nil,
        identifiersChecked: Bool = false
    ) throws {
        self.db = db
        let previousHash = try String.fetchOne(db, sql: "SELECT content_hash FROM import_run ORDER BY id DESC LIMIT 1")
        changed = previousHash.map { $0 != contentHash() } ?? true
        inserter = ElementInserter(db: db)
        inserter.checksIdentifiers = !identifiersChecked
        history = try HistoryWriter(db: db)
        guard let files, history.previousRecorded else {
            if changed { try Catalog.deleteConfiguration(in: db) }
            return
        }
        for file in files
        where file.contentHash != nil && history.previous[file.path]?.contentHash == file.contentHash
            && history.previous[file.path]?.role == 1
        {
            reusedPaths.insert(file.path)
        }
        if changed {
            // The rows of every file read again or gone; the agent settings are stored again whole.
            let stale = history.previous.values.filter { $0.role == 1 && !reusedPaths.contains($0.path) }.map(\.path)
            try Catalog.deleteConfiguration(files: stale, in: db)
        }
    }

    /// The previous import's version of the file at `path` when its bytes are unchanged: the
    /// file need not be read; pass it to ``reuse(_:)``.
    func reusable(path: String, contentHash: String) -> StoredFileVersion? {
        reusedPaths.contains(path) ? history.previous[path] : nil
    }

    /// Records a reused file version for this import.
    func reuse(_ version: StoredFileVersion) {
        fileVersions.append(version.id)
    }

    /// Inserts the elements of `part` (one file's) when the import replaces the configuration,
    /// and keeps it in the history.
    /// - Throws: ``InputError`` for an identifier declared twice (in this part or an earlier one).
    func add(_ part: Configuration, file: ConfigurationFileInfo) throws {
        if changed { try inserter.insert(part) }
        let version = try history.store(
            role: 1, path: file.path, contentHash: file.contentHash, size: file.size,
            elements: part.historyElements, summary: ConfigurationSummary(part))
        fileVersions.append(version.id)
    }

    /// Starts one XML file read in chunks: pass each chunk to ``add(chunk:to:)`` in file order,
    /// then the file to ``finish(_:file:summary:)``. The file's history is one file version, as
    /// ``add(_:file:)`` stores it.
    func begin(path: String, contentHash: String) -> ChunkedFileVersion {
        ChunkedFileVersion(path: path, contentHash: contentHash)
    }

    /// Inserts the elements of one chunk of a file (when the import replaces the configuration)
    /// and adds them to the file's history.
    func add(chunk part: Configuration, to file: inout ChunkedFileVersion) throws {
        if changed {
            // Where the file's rows start: a new file's history is copied from them at its end.
            if file.count == 0, file.rowsAfter == nil {
                file.rowsAfter = try HistoryWriter.currentRowMarks(in: db)
                inserter.rows = InsertedRows()
            }
            try inserter.insert(part)
        }
        try history.append({ part.historyElements }, count: part.elementCount, to: &file)
    }

    /// Stores the history of a file read in chunks: `file` holds its size and hash, `summary`
    /// counts every chunk.
    func finish(_ chunked: ChunkedFileVersion, file: ConfigurationFileInfo, summary: ConfigurationSummary) throws {
        let rows = inserter.rows
        inserter.rows = nil
        let version = try history.finish(chunked, size: file.size, summary: summary, rows: rows)
        fileVersions.append(version.id)
    }

    /// Inserts a whole configuration read at once (files as listed) when the import replaces the
    /// configuration, and keeps it in the history file by file.
    func add(_ configuration: Configuration, files: [ConfigurationFileInfo]) throws {
        if changed { try inserter.insert(configuration) }
        let parts = configuration.splitByFile()
        for file in files {
            let part = parts[file.path] ?? Configuration()
            let version = try history.store(
                role: 1, path: file.path, contentHash: file.contentHash, size: file.size,
                elements: part.historyElements, summary: ConfigurationSummary(part))
            fileVersions.append(version.id)
        }
    }

    /// The identifiers of the files reused unread, by file, as the current configuration holds
    /// them (``Catalog/storedIdentifiers(files:in:)``).
    func reusedIdentifiers() throws -> [String: [StoredIdentifier]] {
        try Catalog.storedIdentifiers(files: reusedPaths, in: db)
    }

    /// The connections and declared connection tables of the files reused unread, by file, as
    /// the current configuration holds them.
    func reusedDeclarations() throws -> [String: Configuration] {
        guard !reusedPaths.isEmpty else { return [:] }
        return try Catalog.declarations(files: reusedPaths, in: db)
    }

    /// Stores the agent settings (when the configuration is replaced), the import record, its
    /// configuration version, what it knows of each secret (when that differs from the import
    /// before) and `attempts` (with `keepingRepeatedAttempts` false, only those that differ from
    /// their connection's latest stored attempt): ``settle(_:files:agentSettingsHash:settings:exportRoles:)``
    /// then ``complete(_:attempts:exportScan:inputHash:keepingRepeatedAttempts:)``.
    /// - Returns: the stored record (with `id` and `changed` set).
    /// - Parameter exportRoles: the export role of each connection (by lower-cased identifier),
    ///   replacing the stored ones.
    func finish(
        _ record: ImportRecord, files: [ConfigurationFileInfo], agentSettingsHash: String?, settings: AgentSettings?,
        attempts: [RefreshAttempt], exportScan: ExportScanFacts? = nil,
        exportRoles: [String: ExportRoleDecision] = [:], inputHash: String? = nil,
        keepingRepeatedAttempts: Bool = true
    ) throws -> ImportRecord {
        let stored = try settle(
            record, files: files, agentSettingsHash: agentSettingsHash, settings: settings, exportRoles: exportRoles)
        try complete(
            stored, attempts: attempts, exportScan: exportScan, inputHash: inputHash,
            keepingRepeatedAttempts: keepingRepeatedAttempts)
        return stored
    }

    /// The first part of ``finish(_:files:agentSettingsHash:settings:attempts:exportScan:exportRoles:inputHash:keepingRepeatedAttempts:)``,
    /// everything that does not depend on the schema refresh: the agent settings (when the
    /// configuration is replaced), the export roles, the configuration version, the import
    /// record and what it knows of each secret. The streamed import stores it while the export
    /// files are still being read.
    /// - Returns: the stored record (with `id` and `changed` set); pass it to
    ///   ``complete(_:attempts:exportScan:inputHash:keepingRepeatedAttempts:)``.
    func settle(
        _ record: ImportRecord, files: [ConfigurationFileInfo], agentSettingsHash: String?, settings: AgentSettings?,
        exportRoles: [String: ExportRoleDecision]
    ) throws -> ImportRecord {
        var stored = record
        stored.changed = changed
        if changed, let settings { try inserter.insert(settings) }
        try Catalog.replaceExportRoles(exportRoles, in: db)
        var versions = fileVersions
        if let settings {
            // Built one connection at a time, twice (hash, then rows): never all held at once.
            let version = try history.store(
                role: 2, path: settings.file, contentHash: HistoryWriter.settingsHash(settings.lazyHistoryElements), size: 0,
                elements: settings.lazyHistoryElements, count: settings.historyElementCount, summary: ConfigurationSummary())
            versions.append(version.id)
        }
        let configurationVersion = try history.configurationVersion(contentHash: record.contentHash, files: versions)
        // The import before: its id and the group of imports whose secrets it shares.
        let previous = try Row.fetchOne(db, sql: "SELECT id, secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1")
        try db.execute(
            sql: """
                INSERT INTO import_run (imported_at, source_folder, configuration_folder, agent_settings_file,
                    export_folder, xml_file_count, element_count, content_hash, changed, config_version_id)
                VALUES (?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                record.importedAt, record.sourceFolder, record.configurationFolder, record.agentSettingsFile,
                record.exportFolder, record.xmlFileCount, record.elementCount, record.contentHash, stored.changed,
                configurationVersion,
            ])
        let id = db.lastInsertedRowID
        stored.id = id
        // What each import knew of each secret is stored once per run of consecutive imports that
        // knew the same (fingerprint, state, kind, location): the rows are held by the first
        // import of the run, which `secrets_run_id` names; the later ones write nothing for it.
        if let settings {
            var group = id
            if let previous, let previousGroup: Int64 = previous[1],
                try Catalog.storedSecrets(importRunID: previousGroup, in: db) == Catalog.secretRows(settings)
            {
                group = previousGroup
            } else {
                if let agentSettingsHash {
                    try db.execute(
                        sql: "INSERT INTO import_file (import_run_id, role, path, size, content_hash, element_count) VALUES (?,?,?,?,?,?)",
                        arguments: [id, "agent_settings", settings.file, 0, agentSettingsHash, settings.connections.count])
                }
                try Catalog.insertSecrets(settings, importRunID: id, in: db)
            }
            try db.execute(sql: "UPDATE import_run SET secrets_run_id = ? WHERE id = ?", arguments: [group, id])
        }
        return stored
    }

    /// Stores refresh `attempts` of this import (with `keepingRepeatedAttempts` false, only
    /// those that differ from their connection's latest stored attempt), in order; called with
    /// successive batches of one refresh, as its attempts are made.
    func store(_ attempts: [RefreshAttempt], keepingRepeatedAttempts: Bool) throws {
        // An attempt that would record what the connection's latest attempt already holds (the
        // same files with the same facts, the same outcome and schema) is not stored again: the
        // latest attempt stands, and an import that changes one element stays small.
        let kept = try keepingRepeatedAttempts ? attempts : attempts.filter { try !Catalog.repeatsLatestAttempt($0, in: db) }
        try Catalog.insertRefreshAttempts(kept, in: db)
    }

    /// The last part of ``finish(_:files:agentSettingsHash:settings:attempts:exportScan:exportRoles:inputHash:keepingRepeatedAttempts:)``:
    /// the refresh `attempts` (with `keepingRepeatedAttempts` false, only those that differ from
    /// their connection's latest stored attempt), the export scan they came from, and the
    /// import's input hash, for `stored` (``settle(_:files:agentSettingsHash:settings:exportRoles:)``).
    func complete(
        _ stored: ImportRecord, attempts: [RefreshAttempt], exportScan: ExportScanFacts?, inputHash: String?,
        keepingRepeatedAttempts: Bool
    ) throws {
        try store(attempts, keepingRepeatedAttempts: keepingRepeatedAttempts)
        if let exportScan { try Catalog.insertExportScan(exportScan, in: db) }
        try db.execute(
            sql: "UPDATE import_run SET input_hash = ?, refreshed_through = (SELECT max(id) FROM refresh_attempt) WHERE id = ?",
            arguments: [inputHash, stored.id])
    }
}

/// An import recorded as a repetition of the latest one (``Catalog/recordRepeatedImport(_:inputHash:)``).
struct RepeatedImport {
    var record: ImportRecord
    /// The import it repeats.
    var previousImportID: Int64
    /// The XML file versions of the configuration it shares, in reading order.
    var files: [StoredFileVersion]
    /// Members of `Connections` in the stored agent settings.
    var agentSettingsConnections: Int
}
