import Crypto
import Foundation
import GRDB

/// One file version of the configuration history (`config_file_version`).
struct StoredFileVersion: Sendable {
    var id: Int64
    var path: String
    /// 1 XML configuration file, 2 agent settings.
    var role: Int
    var contentHash: String
    var size: Int64
    var elementCount: Int
    /// What the file declares, counted.
    var summary: ConfigurationSummary
    var depth: Int
}

extension ConfigurationSummary {
    /// `connections tables entityTypes mappings associationMappings resourceTypeMappings tasks elements`.
    var storedCounts: String {
        [connections, connectionTables, entityTypes, entityTypeMappings, entityAssociationMappings, resourceTypeMappings, tasks, elements]
            .map(String.init).joined(separator: " ")
    }

    init(storedCounts text: String) {
        self.init()
        let v = text.split(separator: " ").map { Int($0) ?? 0 } + Array(repeating: 0, count: 8)
        connections = v[0]
        connectionTables = v[1]
        entityTypes = v[2]
        entityTypeMappings = v[3]
        entityAssociationMappings = v[4]
        resourceTypeMappings = v[5]
        tasks = v[6]
        elements = v[7]
    }
}

/// Writes the configuration history of one import inside its transaction: element versions
/// (reused from the previous version of the same file when their content is equal), file
/// versions and the configuration version.
struct HistoryWriter {
    let db: Database
    /// The previous import's file versions by path (empty when it has no recorded configuration).
    private(set) var previous: [String: StoredFileVersion] = [:]
    /// Whether the previous import has a recorded configuration.
    private(set) var previousRecorded = false
    /// A change is stored against a base whose chain of changes is shorter than this.
    static let maximumDepth = 16
    private var jsonBuffer: [UInt8] = []

    init(db: Database) throws {
        self.db = db
        if let versionID = try Int64.fetchOne(db, sql: "SELECT config_version_id FROM import_run ORDER BY id DESC LIMIT 1") {
            previousRecorded = true
            for version in try Self.fileVersions(ofConfigurationVersion: versionID, in: db) { previous[version.path] = version }
        }
    }

    /// The file versions of a configuration version, in reading order.
    static func fileVersions(ofConfigurationVersion id: Int64, in db: Database) throws -> [StoredFileVersion] {
        guard let blob = try Data.fetchOne(db, sql: "SELECT files FROM config_version WHERE id = ?", arguments: [id]),
            let ids = Varint.decodeAll([UInt8](blob))
        else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.id, p.path, v.role, v.content_hash, v.size, v.element_count, v.counts, v.depth
                FROM json_each(?) j JOIN config_file_version v ON v.id = j.value JOIN config_path p ON p.id = v.config_path_id
                ORDER BY j.key
                """, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
        return rows.map { row in
            StoredFileVersion(
                id: row[0], path: row[1], role: row[2], contentHash: row[3], size: row[4], elementCount: row[5],
                summary: ConfigurationSummary(storedCounts: row[6]), depth: row[7])
        }
    }

    /// The previous version of `path` in `role` (stored by the import before), its element list,
    /// and the ids of its element versions by content: what a new version of the file reuses
    /// (of equal ones, the latest stored, whatever order the list names them in).
    func previousElements(path: String, role: Int) throws -> (
        base: StoredFileVersion?, list: ElementList?, known: [String: Int64]
    ) {
        guard let base = previous[path].flatMap({ $0.role == role ? $0 : nil }) else { return (nil, nil, [:]) }
        guard let list = try Self.elementList(base.id, in: db) else { return (base, nil, [:]) }
        var known: [String: Int64] = [:]
        let ids = Set(list.entries.map(\.id))
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.kind, e.element, e.identifier, e.attributes
                FROM json_each(?) j JOIN config_element e ON e.id = j.value
                ORDER BY e.id
                """, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
        while let row = try rows.next() {
            known[Self.contentKey(kind: row[1], element: row[2], identifier: row[3], attributes: row[4])] = row[0]
        }
        return (base, list, known)
    }

    /// Stores one file's elements as a file version (or finds the stored one of equal content).
    mutating func store(
        role: Int, path: String, contentHash: String, size: Int64, elements: [HistoryElement],
        summary: ConfigurationSummary
    ) throws -> StoredFileVersion {
        try store(
            role: role, path: path, contentHash: contentHash, size: size, elements: elements, count: elements.count,
            summary: summary)
    }

    /// Stores `count` elements, read once from `elements` (which may build them as they are
    /// read), as a file version (or finds the stored one of equal content, reading none).
    mutating func store(
        role: Int, path: String, contentHash: String, size: Int64, elements: some Sequence<HistoryElement>, count: Int,
        summary: ConfigurationSummary
    ) throws -> StoredFileVersion {
        let pathID = try Self.pathID(path, in: db)
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT id, depth FROM config_file_version WHERE config_path_id = ? AND content_hash = ? AND role = ? ORDER BY id DESC LIMIT 1
                """, arguments: [pathID, contentHash, role])
        {
            return StoredFileVersion(
                id: row[0], path: path, role: role, contentHash: contentHash, size: size,
                elementCount: count, summary: summary, depth: row[1])
        }
        var (base, baseList, known) = try previousElements(path: path, role: role)
        var insert = try RawStatement(db, "INSERT INTO config_element (kind, element, identifier, attributes) VALUES (?,?,?,?)")
        var entries = ElementListEncoder(capacity: count, keepingEntries: baseList != nil)
        for e in elements {
            jsonBuffer.removeAll(keepingCapacity: true)
            JSONText.appendObject(e.attributes.items.lazy.map { ($0.name, $0.value) }, to: &jsonBuffer)
            // A new file (no earlier version) has nothing to reuse: no look-up.
            let key =
                base == nil
                ? nil
                : Self.contentKey(
                    kind: e.kind.rawValue, element: e.element, identifier: e.identifier,
                    attributes: String(decoding: jsonBuffer, as: UTF8.self))
            let id: Int64
            if let key, let found = known[key] {
                id = found
            } else {
                insert.bind(Int64(e.kind.rawValue))
                insert.bind(e.element)
                insert.bind(e.identifier)
                insert.bindText(jsonBuffer)
                try insert.execute()
                id = db.lastInsertedRowID
                if let key { known[key] = id }
            }
            entries.append(id: id, line: Int64(e.line ?? 0))
        }
        return try insertVersion(
            entries, pathID: pathID, path: path, role: role, contentHash: contentHash, size: size,
            summary: summary, base: base, baseList: baseList)
    }

    /// Stores a new file version listing what `encoded` holds: whole, or as a change of `base`
    /// (when `encoded` kept its entries) when that is less than half the size and the chain of
    /// changes stays shorter than ``maximumDepth``.
    func insertVersion(
        _ encoded: ElementListEncoder, pathID: Int64, path: String, role: Int, contentHash: String, size: Int64,
        summary: ConfigurationSummary, base: StoredFileVersion?, baseList: ElementList?
    ) throws -> StoredFileVersion {
        var bytes = encoded.whole
        var baseID: Int64?
        var depth = 0
        if let base, let baseList, let list = encoded.list, base.depth + 1 < Self.maximumDepth {
            let change = list.encoded(asChangeOf: baseList)
            if change.count * 2 < bytes.count {
                bytes = change
                baseID = base.id
                depth = base.depth + 1
            }
        }
        try db.execute(
            sql: """
                INSERT INTO config_file_version (config_path_id, role, content_hash, size, base_id, depth, elements, element_count, counts)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, arguments: [pathID, role, contentHash, size, baseID, depth, Data(bytes), encoded.count, summary.storedCounts])
        return StoredFileVersion(
            id: db.lastInsertedRowID, path: path, role: role, contentHash: contentHash, size: size,
            elementCount: encoded.count, summary: summary, depth: depth)
    }

    /// The configuration version of `contentHash` listing `files`, stored when new.
    func configurationVersion(contentHash: String, files: [Int64]) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM config_version WHERE content_hash = ?", arguments: [contentHash]) {
            return id
        }
        try db.execute(
            sql: "INSERT INTO config_version (content_hash, files) VALUES (?, ?)",
            arguments: [contentHash, Data(Varint.encode(files))])
        return db.lastInsertedRowID
    }

    static func contentKey(kind: Int, element: String?, identifier: String?, attributes: String) -> String {
        "\(kind)\u{0}\(element ?? "\u{1}")\u{0}\(identifier ?? "\u{1}")\u{0}\(attributes)"
    }

    static func pathID(_ path: String, in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM config_path WHERE path = ?", arguments: [path]) { return id }
        try db.execute(sql: "INSERT INTO config_path (path) VALUES (?)", arguments: [path])
        return db.lastInsertedRowID
    }

    /// The element list of a file version, following its chain of changes.
    static func elementList(_ id: Int64, in db: Database) throws -> ElementList? {
        guard let row = try Row.fetchOne(db, sql: "SELECT base_id, elements FROM config_file_version WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let baseID: Int64? = row[0]
        let bytes: Data = row[1]
        return try ElementList.decode([UInt8](bytes)) { try baseID.flatMap { try elementList($0, in: db) } }
    }

    /// The elements of a file version, in file order.
    static func elements(ofFileVersion id: Int64, in db: Database) throws -> [HistoryElement] {
        guard let list = try elementList(id, in: db), !list.entries.isEmpty else { return [] }
        var byID: [Int64: HistoryElement] = [:]
        let unique = Set(list.entries.map(\.id))
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.kind, e.element, e.identifier, a.key, a.value
                FROM json_each(?) j JOIN config_element e ON e.id = j.value LEFT JOIN json_each(e.attributes) a
                ORDER BY j.key, a.id
                """, arguments: ["[" + unique.map(String.init).joined(separator: ",") + "]"])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if byID[id] == nil {
                byID[id] = HistoryElement(
                    kind: ConfigurationElementKind(rawValue: row[1]) ?? .agent, element: row[2], identifier: row[3],
                    attributes: XMLAttributes(), line: nil)
            }
            if let name: String = row[4] {
                byID[id]?.attributes.items.append(XMLAttribute(name: name, value: (row[5] as String?) ?? ""))
            }
        }
        return list.entries.compactMap { entry in
            guard var e = byID[entry.id] else { return nil }
            e.line = entry.line > 0 ? Int(entry.line) : nil
            return e
        }
    }

    /// SHA-256 (hex) of the agent settings as the history keeps them (lines included).
    static func settingsHash(_ elements: some Sequence<HistoryElement>) -> String {
        var hasher = SHA256()
        var buffer: [UInt8] = []
        for e in elements {
            buffer.removeAll(keepingCapacity: true)
            JSONText.appendObject(e.attributes.items.lazy.map { ($0.name, $0.value) }, to: &buffer)
            hasher.update(data: Data("\(e.kind.rawValue)\u{0}\(e.identifier ?? "")\u{0}\(e.line ?? 0)\u{0}".utf8))
            hasher.update(data: Data(buffer))
            hasher.update(data: Data("\n".utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// One import as `conncat imports` lists it.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var importID: Int64
    /// ISO 8601 UTC.
    public var at: String
    /// The folder the user named.
    public var folder: String
    public var xmlFiles: Int
    public var elements: Int
    /// Whether its configuration or agent settings differed from the import before.
    public var changed: Bool
    /// Whether its configuration is recorded (imports made before the history was kept are not).
    public var recorded: Bool

    public init(importID: Int64, at: String, folder: String, xmlFiles: Int, elements: Int, changed: Bool, recorded: Bool) {
        self.importID = importID
        self.at = at
        self.folder = folder
        self.xmlFiles = xmlFiles
        self.elements = elements
        self.changed = changed
        self.recorded = recorded
    }
}

/// The configuration an import read, rebuilt from the history.
public struct RecordedConfiguration: Sendable, Equatable {
    public var record: ImportRecord
    /// Locations relative to the imported folder, as the import stored them.
    public var configuration: Configuration
    /// The `Connections` of the agent settings (secret settings without value); `nil` when the
    /// import read none.
    public var agentSettings: AgentSettings?
    /// The elements of each XML file, files in reading order.
    var files: [(file: String, elements: [HistoryElement])]

    init(
        record: ImportRecord, configuration: Configuration, agentSettings: AgentSettings?,
        files: [(file: String, elements: [HistoryElement])]
    ) {
        self.record = record
        self.configuration = configuration
        self.agentSettings = agentSettings
        self.files = files
    }

    public static func == (a: RecordedConfiguration, b: RecordedConfiguration) -> Bool {
        a.record == b.record && a.configuration == b.configuration && a.agentSettings == b.agentSettings
    }
}

extension Catalog {
    /// Every import, oldest first, as `conncat imports` lists them.
    public func importSummaries() throws -> [ImportSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, imported_at, source_folder, xml_file_count, element_count, changed, config_version_id IS NOT NULL
                    FROM import_run ORDER BY id
                    """
            ).map { row in
                ImportSummary(
                    importID: row[0], at: row[1], folder: row[2], xmlFiles: row[3], elements: row[4], changed: row[5],
                    recorded: row[6])
            }
        }
    }

    /// The import `id`, or `nil` when there is none.
    public func importRecord(id: Int64) throws -> ImportRecord? {
        try read { db in try Self.importRecord(Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE id = ?", arguments: [id])) }
    }

    /// The latest import at or before `at`, or `nil`.
    public func latestImport(atOrBefore at: Timestamp) throws -> ImportRecord? {
        let limit = at.secondsSince1970
        return try read { db in
            let times = try Row.fetchAll(db, sql: "SELECT id, imported_at FROM import_run ORDER BY id")
            guard let id: Int64 = times.last(where: { (Timestamp.seconds($0[1]) ?? .max) <= limit })?[0] else { return nil }
            return try Self.importRecord(Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE id = ?", arguments: [id]))
        }
    }

    static func importRecord(_ row: Row?) -> ImportRecord? {
        row.map { row in
            ImportRecord(
                id: row["id"], importedAt: row["imported_at"], sourceFolder: row["source_folder"],
                configurationFolder: row["configuration_folder"], agentSettingsFile: row["agent_settings_file"],
                exportFolder: row["export_folder"], xmlFileCount: row["xml_file_count"],
                elementCount: row["element_count"], contentHash: row["content_hash"], changed: row["changed"])
        }
    }

    /// The configuration and agent settings that import `id` read, rebuilt from the history.
    /// - Returns: `nil` when there is no such import, or its configuration was not recorded (an
    ///   import made before the catalog kept history).
    public func recordedConfiguration(importID id: Int64) throws -> RecordedConfiguration? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE id = ?", arguments: [id]),
                let record = Self.importRecord(row), let versionID: Int64 = row["config_version_id"]
            else { return nil }
            return try Self.recordedConfiguration(versionID: versionID, record: record, in: db)
        }
    }

    static func recordedConfiguration(versionID: Int64, record: ImportRecord, in db: Database) throws -> RecordedConfiguration {
        var configuration = Configuration()
        var settings: AgentSettings?
        var files: [(file: String, elements: [HistoryElement])] = []
        for file in try HistoryWriter.fileVersions(ofConfigurationVersion: versionID, in: db) {
            let elements = try HistoryWriter.elements(ofFileVersion: file.id, in: db)
            if file.role == 2 {
                settings = AgentSettings(file: file.path, historyElements: elements)
            } else {
                configuration.append(historyElements: elements, file: file.path)
                files.append((file.path, elements))
            }
        }
        return RecordedConfiguration(record: record, configuration: configuration, agentSettings: settings, files: files)
    }

    /// The configuration of the latest import at or before `asOf`, when it differs from the
    /// current one; `nil` when the current configuration answers (no `asOf`, the same
    /// configuration, or one recorded before the catalog kept history). Before the first import
    /// the catalog knew no configuration: an empty one answers (no connection, no mapping).
    static func historicalConfiguration(asOf: Timestamp?, in db: Database) throws -> Configuration? {
        guard let limit = asOf?.secondsSince1970 else { return nil }
        let imports = try Row.fetchAll(db, sql: "SELECT id, imported_at, config_version_id FROM import_run ORDER BY id")
        guard let latest = imports.last else { return nil }
        guard let then = imports.last(where: { (Timestamp.seconds($0[1]) ?? .max) <= limit }) else { return Configuration() }
        guard let version: Int64 = then[2], version != (latest[2] as Int64?),
            let record = try importRecord(Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE id = ?", arguments: [then[0] as Int64]))
        else { return nil }
        return try recordedConfiguration(versionID: version, record: record, in: db).configuration
    }

    /// Whether `asOf` is before the catalog's first import: the catalog knew nothing then.
    /// `false` without `asOf` or without imports.
    static func beforeFirstImport(_ asOf: Timestamp?, in db: Database) throws -> Bool {
        guard let limit = asOf?.secondsSince1970,
            let first = try String.fetchOne(db, sql: "SELECT MIN(imported_at) FROM import_run")
        else { return false }
        return (Timestamp.seconds(first) ?? .max) > limit
    }

    /// The connections declared (as written) in the configuration of the latest import at or
    /// before `asOf`, when that configuration differs from the current one; `nil` when the
    /// current configuration answers (as ``historicalConfiguration(asOf:in:)``). The one place
    /// that says which connections a query as of a time lists: those of that time's
    /// configuration, not the ones declared now.
    static func historicalConnections(asOf: Timestamp?, in db: Database) throws -> [String]? {
        try historicalConfiguration(asOf: asOf, in: db)?.connections.map(\.identifier)
    }

    /// What mapped each column (table key → column key → `Mapping:Property` or association
    /// identifiers, keys folded as NOCASE folds) in the configuration of the latest import at or
    /// before `asOf`, when that configuration differs from the current one; `nil` when the current
    /// configuration answers (no `asOf`, the same configuration, no import until then, or one
    /// recorded before the catalog kept history).
    static func historicalMappings(asOf: Timestamp?, in db: Database) throws -> [String: [String: [String]]]? {
        guard let configuration = try historicalConfiguration(asOf: asOf, in: db) else { return nil }
        var refs: [String: [String: [String]]] = [:]
        for m in configuration.entityTypeMappings {
            guard let table = m.connectionTable else { continue }
            let key = nocaseFolded(TableName.key(table))
            if refs[key] == nil { refs[key] = [:] }  // a mapped table, even with no column mapped
            for p in m.properties {
                guard let column = p.connectionColumn else { continue }
                refs[key, default: [:]][nocaseFolded(column), default: []].append(m.identifier + ":" + p.identifier)
            }
        }
        for a in configuration.entityAssociationMappings where !a.identifier.isEmpty {
            guard let table = a.connectionTable else { continue }
            if refs[nocaseFolded(TableName.key(table))] == nil { refs[nocaseFolded(TableName.key(table))] = [:] }
            for column in [a.column1, a.column2].compactMap({ $0 }) {
                refs[nocaseFolded(TableName.key(table)), default: [:]][nocaseFolded(column), default: []].append(a.identifier)
            }
        }
        return refs
    }
}

/// What one import recorded of one secret (an `import_secret` row without its import).
struct SecretRow: Equatable {
    var jsonPath: String, connection: String?, key: String, reason: String, state: String, kind: String
    var fingerprint: String?, keyID: String?, redactedValue: String?, file: String, line: Int?, plainLine: Int?
}

extension SecretRow {
    /// What the row says of the secret's value (``SecretObservation``); `nil` when its state or
    /// kind is not a known word.
    var observation: SecretObservation? {
        guard let state = SettingState(rawValue: state), let kind = SecretKind(rawValue: kind) else { return nil }
        return SecretObservation(
            state: state, kind: kind,
            fingerprint: fingerprint.flatMap { value in keyID.map { SecretFingerprint(keyID: $0, value: value) } })
    }
}

extension Catalog {
    /// The secrets of `settings` as ``insertSecrets(_:importRunID:in:)`` stores them, in order.
    static func secretRows(_ settings: AgentSettings) -> [SecretRow] {
        var seen: Set<String> = []
        return settings.secrets.filter { seen.insert($0.jsonPath.lowercased()).inserted }.map { s in
            SecretRow(
                jsonPath: s.jsonPath, connection: s.connection, key: s.key, reason: s.reason.rawValue, state: s.state.rawValue,
                kind: s.kind.rawValue, fingerprint: s.fingerprint?.value, keyID: s.fingerprint?.keyID, redactedValue: s.redactedValue,
                file: s.location.file, line: s.location.line, plainLine: s.plainTextLine)
        }
    }

    /// The secrets import `importRunID` stored, in order.
    static func storedSecrets(importRunID: Int64, in db: Database) throws -> [SecretRow] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT json_path, connection, key, reason, state, kind, fingerprint, key_id, redacted_value, file, line, plain_line
                FROM import_secret WHERE import_run_id = ? ORDER BY rowid
                """, arguments: [importRunID]
        ).map { r in
            SecretRow(
                jsonPath: r[0], connection: r[1], key: r[2], reason: r[3], state: r[4], kind: r[5], fingerprint: r[6],
                keyID: r[7], redactedValue: r[8], file: r[9], line: r[10], plainLine: r[11])
        }
    }

    /// Deletes, inside the caller's transaction, the current configuration's rows declared in
    /// `files`, and the whole agent settings.
    static func deleteConfiguration(files: [String], in db: Database) throws {
        try db.execute(sql: "DELETE FROM connection_setting")
        try db.execute(sql: "DELETE FROM connection_settings")
        guard !files.isEmpty else { return }
        let list = String(decoding: try JSONSerialization.data(withJSONObject: files), as: UTF8.self)
        for table in configurationTables where table != "connection_setting" && table != "connection_settings" {
            // Table names are constants.
            try db.execute(sql: "DELETE FROM \(table) WHERE file IN (SELECT value FROM json_each(?))", arguments: [list])
        }
    }

    /// The identifiers of the current configuration declared in `files`, by file, each file's in
    /// storage order (kind by kind, then as declared): what an import checks the identifiers of
    /// the files it reads against when it reuses the others unread.
    static func storedIdentifiers(files: Set<String>, in db: Database) throws -> [String: [StoredIdentifier]] {
        guard !files.isEmpty else { return [:] }
        let list = String(decoding: try JSONSerialization.data(withJSONObject: files.sorted()), as: UTF8.self)
        var result: [String: [StoredIdentifier]] = [:]
        for table in [
            "agent", "connector", "connection", "connection_table", "entity_type", "entity_type_mapping", "entity_association",
            "entity_association_mapping", "resource_type", "resource_type_mapping", "export_task", "fulfill_task",
        ] {
            // Table names are constants.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT identifier, file, line FROM \(table) WHERE file IN (SELECT value FROM json_each(?)) ORDER BY id",
                arguments: [list])
            while let row = try rows.next() {
                let file: String = row[1]
                let line: Int = row[2]
                result[file, default: []].append(
                    StoredIdentifier(table: table, identifier: row[0], location: SourceLocation(file: file, line: line > 0 ? line : nil)))
            }
        }
        return result
    }

    /// The connections and declared connection tables (with their columns) of the current
    /// configuration declared in `files`, by file, in reading order.
    static func declarations(files: Set<String>, in db: Database) throws -> [String: Configuration] {
        var parts: [String: Configuration] = [:]
        func load(_ sql: String, _ body: (Int64, Int64?, String, String, SourceLocation, XMLAttributes) -> Void) throws {
            let rows = try Row.fetchCursor(db, sql: sql)
            var current: (id: Int64, parent: Int64?, identifier: String, file: String, line: Int, attributes: XMLAttributes)?
            func flush() {
                guard let c = current else { return }
                body(c.id, c.parent, c.identifier, c.file, SourceLocation(file: c.file, line: c.line > 0 ? c.line : nil), c.attributes)
            }
            while let row = try rows.next() {
                let id: Int64 = row[0]
                if current?.id != id {
                    flush()
                    current = (id, row[1], row[2], row[3], row[4], XMLAttributes())
                }
                if let name: String = row[5] { current?.attributes.items.append(XMLAttribute(name: name, value: (row[6] as String?) ?? "")) }
            }
            flush()
        }
        try load(
            """
            SELECT e.id, NULL, e.identifier, e.file, e.line, j.key, j.value FROM connection e LEFT JOIN json_each(e.attributes) j
            ORDER BY e.id, j.id
            """
        ) { _, _, identifier, file, location, attributes in
            guard files.contains(file) else { return }
            parts[file, default: Configuration()].connections.append(Connection(identifier: identifier, attributes: attributes, location: location))
        }
        var tables: [Int64: (file: String, index: Int)] = [:]
        try load(
            """
            SELECT e.id, NULL, e.identifier, e.file, e.line, j.key, j.value FROM connection_table e LEFT JOIN json_each(e.attributes) j
            ORDER BY e.id, j.id
            """
        ) { id, _, identifier, file, location, attributes in
            guard files.contains(file) else { return }
            tables[id] = (file, parts[file]?.connectionTables.count ?? 0)
            parts[file, default: Configuration()].connectionTables.append(
                DeclaredConnectionTable(identifier: identifier, attributes: attributes, location: location))
        }
        guard !tables.isEmpty else { return parts }
        try load(
            """
            SELECT e.id, e.connection_table_id, e.identifier, e.file, e.line, j.key, j.value FROM connection_table_column e
            LEFT JOIN json_each(e.attributes) j ORDER BY e.connection_table_id, e.position, j.id
            """
        ) { _, parent, identifier, _, location, attributes in
            guard let parent, let table = tables[parent] else { return }
            parts[table.file]?.connectionTables[table.index].columns.append(
                DeclaredColumn(identifier: identifier, attributes: attributes, location: location))
        }
        return parts
    }
}

extension ConfigurationSummary {
    /// Adds the counts of `other` (a file reused from the previous import).
    mutating func add(_ other: ConfigurationSummary) {
        connections += other.connections
        connectionTables += other.connectionTables
        entityTypes += other.entityTypes
        entityTypeMappings += other.entityTypeMappings
        entityAssociationMappings += other.entityAssociationMappings
        resourceTypeMappings += other.resourceTypeMappings
        tasks += other.tasks
        elements += other.elements
    }
}
