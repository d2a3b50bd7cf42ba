import Foundation
import GRDB
import GRDBSQLite

/// What `conncat check` reads from the catalog.
extension Catalog {
    /// The latest import, or `nil` when nothing was imported.
    public func latestImport() throws -> ImportRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM import_run ORDER BY id DESC LIMIT 1").map { row in
                ImportRecord(
                    id: row["id"], importedAt: row["imported_at"], sourceFolder: row["source_folder"],
                    configurationFolder: row["configuration_folder"], agentSettingsFile: row["agent_settings_file"],
                    exportFolder: row["export_folder"], xmlFileCount: row["xml_file_count"],
                    elementCount: row["element_count"], contentHash: row["content_hash"], changed: row["changed"])
            }
        }
    }

    /// The current configuration rebuilt from the catalog: every element in the order it was
    /// read, with all its attributes and its location (files relative to the imported folder, as
    /// the import stores them).
    public func currentConfiguration() throws -> Configuration {
        try currentConfiguration(keeping: nil)
    }

    /// ``currentConfiguration()`` with, for each kind in `selection`, only the attributes named
    /// there (in document order; a kind absent from it keeps all): what a reader that looks at a
    /// few attributes of every element needs, at a fraction of the memory.
    func currentConfiguration(keeping selection: [ConfigurationElementKind: Set<String>]?) throws -> Configuration {
        try currentConfiguration(keeping: selection, indexingProperties: false).configuration
    }

    /// ``currentConfiguration(keeping:)``; with `indexingProperties`, entity types keep only
    /// their properties without identifier, and the identifiers of the others come as an index:
    /// for each entity type (by lower-cased identifier, the first declaration winning), its
    /// property identifiers by lower-cased identifier (the first declaration winning). What the
    /// check reads of the properties, without one element per property.
    func currentConfiguration(
        keeping selection: [ConfigurationElementKind: Set<String>]?, indexingProperties: Bool
    ) throws -> (configuration: Configuration, propertyIdentifiers: [String: [String: String]]?) {
        try read { db in
            let load = ElementLoader(db: db, selection: selection)
            var c = Configuration()
            c.agents = try load.elements(.agent) { Agent(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.connectors = try load.elements(.connector) { Connector(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.connections = try load.elements(.connection) {
                Connection(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            let columns = try load.children(.connectionTableColumn, parent: "connection_table_id") {
                DeclaredColumn(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.connectionTables = try load.elements(.connectionTable) { e in
                DeclaredConnectionTable(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location, columns: columns[e.id] ?? [])
            }
            var properties: [Int64: [EntityProperty]] = [:]
            var identifiers: [Int64: [String: String]]?
            if indexingProperties {
                var index: [Int64: [String: String]] = [:]
                try load.each(.entityProperty, identifier: true, parent: "entity_type_id", element: false) { e in
                    let identifier = e.identifier ?? ""
                    if identifier.isEmpty {
                        properties[e.parent ?? 0, default: []].append(
                            EntityProperty(identifier: identifier, attributes: e.attributes, location: e.location))
                    } else if index[e.parent ?? 0]?[identifier.lowercased()] == nil {
                        index[e.parent ?? 0, default: [:]][identifier.lowercased()] = identifier
                    }
                }
                identifiers = index
            } else {
                properties = try load.children(.entityProperty, parent: "entity_type_id") {
                    EntityProperty(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
                }
            }
            var propertyIdentifiers: [String: [String: String]]?
            if identifiers != nil { propertyIdentifiers = [:] }
            c.entityTypes = try load.elements(.entityType) { e in
                let type = EntityType(
                    identifier: e.identifier ?? "", attributes: e.attributes, location: e.location, properties: properties[e.id] ?? [])
                if let identifiers, !type.identifier.isEmpty, propertyIdentifiers?[type.identifier.lowercased()] == nil {
                    propertyIdentifiers?[type.identifier.lowercased()] = identifiers[e.id] ?? [:]
                }
                return type
            }
            let mapped = try load.children(.entityPropertyMapping, parent: "entity_type_mapping_id") {
                PropertyMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.entityTypeMappings = try load.elements(.entityTypeMapping) { e in
                EntityTypeMapping(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location, properties: mapped[e.id] ?? [])
            }
            c.entityAssociations = try load.elements(.entityAssociation) {
                EntityAssociation(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.entityAssociationMappings = try load.elements(.entityAssociationMapping) {
                EntityAssociationMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.resourceTypes = try load.elements(.resourceType) {
                ResourceType(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.resourceTypeMappings = try load.elements(.resourceTypeMapping, element: true) {
                ResourceTypeMapping(
                    element: $0.element ?? "ResourceTypeMapping", identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.exportTasks = try load.elements(.exportTask) { ExportTask(identifier: $0.identifier, attributes: $0.attributes, location: $0.location) }
            let children = try load.children(.taskResourceType, identifier: false, parent: "fulfill_task_id") {
                TaskResourceType(attributes: $0.attributes, location: $0.location)
            }
            c.fulfillTasks = try load.elements(.fulfillTask) { e in
                FulfillTask(identifier: e.identifier, attributes: e.attributes, location: e.location, taskResourceTypes: children[e.id] ?? [])
            }
            return (c, propertyIdentifiers)
        }
    }

    /// The attributes of the current configuration's XML elements that held a credential in
    /// clear, found by content and redacted by the import (the value keeps its other text around
    /// `<secret>`; an attribute replaced whole, such as `HashedSecret`, is not one), in kind and
    /// document order, attributes by name.
    public func clearCredentialAttributes() throws -> [ClearCredential] {
        let placeholder = ConnectionStringRedactor.placeholder
        return try read { db in
            var result: [ClearCredential] = []
            for kind in ConfigurationElementKind.allCases where kind != .connectionSettings && kind != .setting {
                // A task's resource type has no identifier.
                let identifier = kind == .taskResourceType ? "NULL" : "identifier"
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT file, line, \(identifier) AS identifier, attributes FROM \(ElementLoader.table(of: kind))
                        WHERE instr(attributes, ?) > 0 ORDER BY id
                        """,
                    arguments: [placeholder])
                for row in rows {
                    let json: String = row["attributes"]
                    guard let attributes = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { continue }
                    for (name, value) in attributes.sorted(by: { $0.key < $1.key }) where value != placeholder && value.contains(placeholder) {
                        result.append(
                            ClearCredential(
                                location: SourceLocation(file: row["file"], line: row["line"]),
                                place: .xmlAttribute(element: kind.name, identifier: row["identifier"], attribute: name)))
                    }
                }
            }
            return result
        }
    }

    /// What mapping impact needs of the current configuration: its connections, entity type
    /// mappings (with their properties) and association mappings, as ``currentConfiguration()``
    /// rebuilds them; every other kind is left empty.
    public func mappingConfiguration() throws -> Configuration {
        try read { db in
            let load = ElementLoader(db: db, selection: nil)
            var c = Configuration()
            c.connections = try load.elements(.connection) {
                Connection(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            let mapped = try load.children(.entityPropertyMapping, parent: "entity_type_mapping_id") {
                PropertyMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.entityTypeMappings = try load.elements(.entityTypeMapping) { e in
                EntityTypeMapping(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location, properties: mapped[e.id] ?? [])
            }
            c.entityAssociationMappings = try load.elements(.entityAssociationMapping) {
                EntityAssociationMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            return c
        }
    }

    /// The snapshot in force (latest successful refresh) of each connection of the history, or
    /// of those named in `connections` (case-insensitive), by its id and content hash: what a
    /// refresh's impact is measured against (``MappingImpact/impact(of:since:in:)``). One query,
    /// no snapshot read.
    public func schemaBaseline(of connections: [String]? = nil) throws -> SchemaBaseline {
        try read { db in
            let names = connections.map { "[" + $0.map(JSONText.string).joined(separator: ",") + "]" }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    WITH f AS MATERIALIZED (
                        SELECT h.identifier,
                               (SELECT r.snapshot_id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                                 ORDER BY r.at DESC, r.id DESC LIMIT 1) AS snapshot_id
                        FROM history_connection h
                        WHERE :names IS NULL OR h.identifier IN (SELECT value FROM json_each(:names)))
                    SELECT f.identifier, s.id, s.content_hash FROM f JOIN snapshot s ON s.id = f.snapshot_id
                    """, arguments: ["names": names])
            var baseline = SchemaBaseline()
            while let row = try rows.next() {
                baseline.snapshots[(row[0] as String).lowercased()] = SchemaBaseline.Snapshot(id: row[1], contentHash: row[2])
            }
            return baseline
        }
    }

    /// The `Connections` of the current agent settings, in file order, redacted as stored
    /// (secret settings have no value). `file` names the settings file in the result.
    public func currentAgentSettings(file: String) throws -> AgentSettings {
        try currentAgentSettings(file: file, keys: true)
    }

    /// ``currentAgentSettings(file:)``; with `keys` `false`, each connection's settings without
    /// its keys (``ConnectionSettings/settings`` empty): the connections and where they are.
    func currentAgentSettings(file: String, keys: Bool) throws -> AgentSettings {
        try read { db in
            var settings = AgentSettings(file: file)
            var current: ConnectionSettings?
            var currentID: Int64?
            let rows = try Row.fetchCursor(
                db,
                sql: keys
                    ? """
                    SELECT s.id, s.connection, s.file, s.json_path, s.line, cs.key, cs.value, cs.is_secret, cs.json_path AS setting_path
                    FROM connection_settings s LEFT JOIN connection_setting cs ON cs.connection_settings_id = s.id
                    ORDER BY s.id, cs.rowid
                    """
                    : """
                    SELECT s.id, s.connection, s.file, s.json_path, s.line, NULL AS key
                    FROM connection_settings s ORDER BY s.id
                    """)
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                if id != currentID {
                    if let current { settings.connections.append(current) }
                    currentID = id
                    current = ConnectionSettings(
                        connection: row["connection"], settings: [],
                        location: SourceLocation(file: row["file"], line: row["line"], jsonPath: row["json_path"]))
                }
                if let key: String = row["key"] {
                    current?.settings.append(
                        ConnectionSetting(
                            key: key, value: row["value"], isSecret: row["is_secret"],
                            jsonPath: row["setting_path"]))
                }
            }
            if let current { settings.connections.append(current) }
            return settings
        }
    }

    /// The schema history of every connection that has one, sorted by connection: its latest
    /// attempt, the snapshot in force, and the tables and columns earlier snapshots had that the
    /// snapshot in force lacks.
    /// - Parameters:
    ///   - connections: only these connections (case-insensitive); `nil` = all.
    ///   - asOf: the history as it was then: attempts after it are ignored, and a
    ///     connection without an attempt by then is absent; `nil` = now.
    public func schemaStates(of connections: [String]? = nil, asOf: Timestamp? = nil) throws -> [ConnectionSchemaState] {
        try schemaStates(of: connections, untilSeconds: asOf?.secondsSince1970)
    }

    /// ``schemaStates(of:asOf:)`` with the upper time in Unix seconds (`nil` = now): what the
    /// check and the changes between two imports (the history as it stood at each) both read.
    /// - Parameter referenced: when given, ``ConnectionSchemaState/removed`` holds only the
    ///   removed tables and columns among these (and the later names of a renamed one, followed
    ///   to the name in force), not every removal the history shows.
    func schemaStates(
        of connections: [String]? = nil, untilSeconds until: Int64?, removedAmong referenced: ReferencedSchemaItems? = nil
    ) throws -> [ConnectionSchemaState] {
        try read { db in
            let names = connections.map { "[" + $0.map(JSONText.string).joined(separator: ",") + "]" }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.id AS connection_id, h.identifier, l.id AS latest_id, l.status, l.at, l.error_class, l.error_message,
                           s.at AS success_at, s.snapshot_id, (SELECT p.path FROM history_folder p WHERE p.id = l.history_folder_id) AS folder
                    FROM history_connection h
                    JOIN refresh_attempt l ON l.id =
                        (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND (:asOf IS NULL OR r.at <= :asOf)
                          ORDER BY r.at DESC, r.id DESC LIMIT 1)
                    LEFT JOIN refresh_attempt s ON s.id =
                        (SELECT r.id FROM refresh_attempt r INDEXED BY refresh_attempt_by_connection
                          WHERE r.history_connection_id = h.id AND r.status = 1 AND (:asOf IS NULL OR r.at <= :asOf)
                          ORDER BY r.at DESC, r.id DESC LIMIT 1)
                    WHERE :names IS NULL OR h.identifier IN (SELECT value FROM json_each(:names))
                    ORDER BY h.identifier
                    """, arguments: ["names": names, "asOf": until])
            return try rows.map { row in
                let errorClass: String? = row["error_class"]
                let message: String? = row["error_message"]
                var state = ConnectionSchemaState(
                    connection: row["identifier"], latestStatus: RefreshStatus(code: row["status"]),
                    latestAt: Timestamp.format(seconds: row["at"]),
                    latestError: errorClass.map { cls in message.map { "\(cls): \($0)" } ?? cls },
                    lastSuccessAt: (row["success_at"] as Int64?).map { Timestamp.format(seconds: $0) })
                let folder: String? = row["folder"]
                state.fileWarnings = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT n.name, f.warning FROM refresh_file f JOIN history_file n ON n.id = f.history_file_id
                            WHERE f.refresh_attempt_id = ? AND f.warning IS NOT NULL ORDER BY n.name
                            """), arguments: [row["latest_id"] as Int64]
                ).map { file in
                    let name: String = file[0]
                    return ExportFileWarning(file: folder.map { $0.isEmpty ? name : "\($0)/\(name)" } ?? name, warning: file[1])
                }
                if let snapshotID: Int64 = row["snapshot_id"] {
                    let snapshot = try Self.snapshot(id: snapshotID, in: db)
                    state.snapshot = snapshot
                    state.removed = try Self.removedItems(
                        connectionID: row["connection_id"], latestSnapshot: snapshotID,
                        inForce: snapshot, until: until, among: referenced, in: db)
                }
                return state
            }
        }
    }

    /// Tables and columns of earlier successful snapshots of a connection that `inForce` lacks
    /// (compared case-insensitively), each with the last success that had it and the first
    /// success after that, and for a column the `renamed_to` hint of the diff between those two.
    ///
    /// Costs grow with the number of distinct snapshots of the connection, not with its history:
    /// the distinct snapshots and the last success of each are found by seeks on the index of
    /// successes (m0014), and the first success after a removed item's last sighting by one seek
    /// per distinct time, for the missing items only. With `among`, nothing is read when none of
    /// those items is missing from `inForce`, and only their removals (and those of the names a
    /// renamed one took later) are dated and diffed.
    /// - Parameters:
    ///   - until: only the history up to this time (Unix seconds); `nil` = all of it.
    ///   - among: only removals of these tables and columns; `nil` = every removal.
    static func removedItems(
        connectionID: Int64, latestSnapshot: Int64, inForce: SchemaSnapshot, until: Int64? = nil,
        among referenced: ReferencedSchemaItems? = nil, in db: Database
    ) throws -> [RemovedSchemaItem] {
        var present: [String: Set<String>] = [:]
        for table in inForce.tables { present[table.name.lowercased()] = Set(table.columns.map { $0.lowercased() }) }
        // The referenced items the snapshot in force lacks: when there are none, the history
        // has nothing to say that anyone asks.
        let arguments: StatementArguments = ["connection": connectionID, "latest": latestSnapshot, "until": until]
        var wantedColumns: Set<String>?
        if let referenced {
            var columns = Set<String>()
            for (table, have) in present {
                for column in referenced.columns[table] ?? [] where !have.contains(column) {
                    columns.insert(ReferencedSchemaItems.key(table, column))
                }
            }
            wantedColumns = columns
            if columns.isEmpty {
                // Only a referenced table that an earlier snapshot had and the one in force lacks
                // is left to date: the table names of the distinct snapshots say whether there is one.
                let tables = try String.fetchAll(
                    db.cachedStatement(
                        sql: Self.distinctSnapshots + """
                            SELECT DISTINCT st.name FROM distinct_snapshot d JOIN snapshot_table st ON st.snapshot_id = d.snapshot_id
                            WHERE d.snapshot_id IS NOT NULL AND d.snapshot_id <> :latest
                            """), arguments: arguments)
                guard tables.contains(where: { present[$0.lowercased()] == nil && referenced.tables.contains($0.lowercased()) }) else { return [] }
            }
        }
        let seen = try Row.fetchAll(
            db.cachedStatement(
                sql: Self.distinctSnapshots + """
                    ,
                    s AS (SELECT d.snapshot_id,
                                 (SELECT MAX(r.at) FROM refresh_attempt r WHERE r.history_connection_id = :connection AND r.status = 1
                                    AND r.snapshot_id = d.snapshot_id AND (:until IS NULL OR r.at <= :until)) AS last_at
                          FROM distinct_snapshot d WHERE d.snapshot_id IS NOT NULL AND d.snapshot_id <> :latest)
                    SELECT st.name AS table_name, sc.name AS column_name, MAX(s.last_at) AS last_seen
                    FROM s JOIN snapshot_table st ON st.snapshot_id = s.snapshot_id
                    JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
                    GROUP BY st.name, sc.name
                    ORDER BY st.name, sc.name
                    """), arguments: arguments)
        guard !seen.isEmpty else { return [] }
        var firstSuccesses: [Int64: Int64?] = [:]
        func firstSuccess(after seconds: Int64) throws -> Int64? {
            if let known = firstSuccesses[seconds] { return known }
            let found = try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT at FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 AND at > ?
                          AND (? IS NULL OR at <= ?) ORDER BY at LIMIT 1
                        """), arguments: [connectionID, seconds, until, until])
            firstSuccesses[seconds] = found
            return found
        }
        // The diff of the refresh that removed a column, for its rename hint: one per pair of
        // refreshes, however many columns it removed.
        var diffs: [[Int64]: [SchemaChange]] = [:]
        var snapshots: [Int64: SchemaSnapshot] = [:]
        func loaded(_ id: Int64) throws -> SchemaSnapshot {
            if let known = snapshots[id] { return known }
            let found = try snapshot(id: id, in: db)
            snapshots[id] = found
            return found
        }
        func removingDiff(_ lastSeen: Int64, _ after: Int64) throws -> [SchemaChange] {
            if let known = diffs[[lastSeen, after]] { return known }
            let statement = try db.cachedStatement(
                sql: "SELECT snapshot_id FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 AND at = ? ORDER BY id DESC LIMIT 1")
            var changes: [SchemaChange] = []
            if let older = try Int64.fetchOne(statement, arguments: [connectionID, lastSeen]),
                let newer = try Int64.fetchOne(statement, arguments: [connectionID, after])
            {
                changes = try loaded(older).diff(to: loaded(newer))
            }
            diffs[[lastSeen, after]] = changes
            return changes
        }
        var candidates: [(table: String, column: String, lastSeen: Int64, key: String)] = []
        var tableLastSeen: [(name: String, at: Int64)] = []
        for row in seen {
            let table: String = row["table_name"]
            let column: String = row["column_name"]
            let lastSeen: Int64 = row["last_seen"]
            if let columns = present[table.lowercased()] {
                guard !columns.contains(column.lowercased()) else { continue }
                candidates.append((table, column, lastSeen, ReferencedSchemaItems.key(table.lowercased(), column.lowercased())))
            } else if let index = tableLastSeen.firstIndex(where: { $0.name.lowercased() == table.lowercased() }) {
                tableLastSeen[index].at = max(tableLastSeen[index].at, lastSeen)
            } else {
                tableLastSeen.append((table, lastSeen))
            }
        }
        var removals: [Int: RemovedSchemaItem?] = [:]
        func removal(_ index: Int) throws -> RemovedSchemaItem? {
            if let known = removals[index] { return known }
            let c = candidates[index]
            var item: RemovedSchemaItem?
            if let after = try firstSuccess(after: c.lastSeen) {
                let renamedTo = try removingDiff(c.lastSeen, after).first {
                    $0.change == .columnRemoved && $0.column == c.column && $0.table.lowercased() == c.table.lowercased()
                }?.renamedTo
                item = RemovedSchemaItem(
                    table: c.table, column: c.column, lastSeenAt: Timestamp.format(seconds: c.lastSeen),
                    removedAt: Timestamp.format(seconds: after), renamedTo: renamedTo)
            }
            removals[index] = item
            return item
        }
        // The columns to date: the wanted ones, then the names they were renamed to while
        // those are missing too (a chain of renames is followed to the name in force).
        var needed = wantedColumns ?? Set(candidates.map(\.key))
        if wantedColumns != nil {
            let byKey = Dictionary(grouping: candidates.indices, by: { candidates[$0].key })
            var queue = Array(needed)
            while let key = queue.popLast() {
                for index in byKey[key] ?? [] {
                    guard let renamed = try removal(index)?.renamedTo else { continue }
                    let table = candidates[index].table.lowercased()
                    let next = ReferencedSchemaItems.key(table, renamed.lowercased())
                    if present[table]?.contains(renamed.lowercased()) == false, needed.insert(next).inserted { queue.append(next) }
                }
            }
        }
        var removed: [RemovedSchemaItem] = []
        for index in candidates.indices where needed.contains(candidates[index].key) {
            if let item = try removal(index) { removed.append(item) }
        }
        for (table, lastSeen) in tableLastSeen where referenced?.tables.contains(table.lowercased()) ?? true {
            guard let after = try firstSuccess(after: lastSeen) else { continue }
            removed.append(
                RemovedSchemaItem(
                    table: table, column: nil, lastSeenAt: Timestamp.format(seconds: lastSeen),
                    removedAt: Timestamp.format(seconds: after)))
        }
        return removed
    }

    /// The distinct snapshots of a connection's successes until `:until` (all when `NULL`), as
    /// `distinct_snapshot(snapshot_id)` ending in one `NULL` row: one seek each on the index of
    /// successes (m0014). The start of a `WITH` clause; bind `:connection` and `:until`.
    private static let distinctSnapshots = """
        WITH RECURSIVE distinct_snapshot(snapshot_id) AS (
            SELECT MIN(r.snapshot_id) FROM refresh_attempt r
            WHERE r.history_connection_id = :connection AND r.status = 1 AND (:until IS NULL OR r.at <= :until)
            UNION ALL
            SELECT (SELECT MIN(r.snapshot_id) FROM refresh_attempt r
                    WHERE r.history_connection_id = :connection AND r.status = 1 AND r.snapshot_id > d.snapshot_id
                      AND (:until IS NULL OR r.at <= :until))
            FROM distinct_snapshot d WHERE d.snapshot_id IS NOT NULL
        )

        """

    /// The latest scan of an ExportOutput folder, with its unattributed files sorted by name
    /// (case-insensitively, then exactly); `nil` when no folder was ever scanned.
    public func latestExportScan() throws -> ExportScanFacts? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT e.id, e.at, f.path FROM export_scan e JOIN history_folder f ON f.id = e.history_folder_id
                        ORDER BY e.at DESC, e.id DESC LIMIT 1
                        """)
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

/// One stored configuration row with its attributes (from the JSON object, in document order).
private struct StoredElement {
    var id: Int64
    var parent: Int64?
    var identifier: String?
    var element: String?
    var location: SourceLocation
    var attributes: XMLAttributes
}

/// Reads configuration tables back into ``StoredElement``s, stepping the statement through the
/// SQLite C API and reading each attribute object straight from its stored JSON text
/// (``StoredAttributes``): no row per attribute (`json_each`), no boxed values. Attribute names
/// and file paths, repeated on every element, are shared rather than allocated per element.
/// Table and column names are constants of ``Catalog/currentConfiguration()``, never user input.
private struct ElementLoader {
    let db: Database
    /// The attributes to keep per kind (all for a kind it lacks); `nil` = all.
    let selection: [ConfigurationElementKind: Set<String>]?
    private let names = StringInterner()
    private let files = StringInterner()

    init(db: Database, selection: [ConfigurationElementKind: Set<String>]?) {
        self.db = db
        self.selection = selection
    }

    /// The table that stores elements of `kind`.
    static func table(of kind: ConfigurationElementKind) -> String {
        switch kind {
        case .agent: "agent"
        case .connector: "connector"
        case .connection: "connection"
        case .connectionTable: "connection_table"
        case .connectionTableColumn: "connection_table_column"
        case .entityType: "entity_type"
        case .entityProperty: "entity_property"
        case .entityTypeMapping: "entity_type_mapping"
        case .entityPropertyMapping: "entity_property_mapping"
        case .entityAssociation: "entity_association"
        case .entityAssociationMapping: "entity_association_mapping"
        case .resourceType: "resource_type"
        case .resourceTypeMapping: "resource_type_mapping"
        case .exportTask: "export_task"
        case .fulfillTask: "fulfill_task"
        case .taskResourceType: "task_resource_type"
        case .connectionSettings: "connection_settings"
        case .setting: "connection_setting"
        }
    }

    /// The elements of `kind` in the order they were read, each made by `make`.
    func elements<T>(
        _ kind: ConfigurationElementKind, identifier: Bool = true, element: Bool = false, _ make: (StoredElement) -> T
    ) throws -> [T] {
        var result: [T] = []
        try each(kind, identifier: identifier, parent: nil, element: element) { result.append(make($0)) }
        return result
    }

    /// The child elements of `kind` by the id of their parent (column `parent`), in the order
    /// they were read, each made by `make`: no row is held longer than it takes to make it.
    /// The children of a parent, stored one after the other, are gathered in one buffer and
    /// then kept in an array of their exact count (arrays grown by appending keep up to twice
    /// the room they need, for every parent).
    func children<T>(
        _ kind: ConfigurationElementKind, identifier: Bool = true, parent: String, _ make: (StoredElement) -> T
    ) throws -> [Int64: [T]] {
        var result: [Int64: [T]] = [:]
        var run: [T] = []
        var runParent: Int64 = 0
        func flush() {
            guard !run.isEmpty else { return }
            result[runParent, default: []].append(contentsOf: run)
            run.removeAll(keepingCapacity: true)
        }
        try each(kind, identifier: identifier, parent: parent, element: false) { e in
            let id = e.parent ?? 0
            if id != runParent { flush() }
            runParent = id
            run.append(make(e))
        }
        flush()
        return result
    }

    /// Calls `body` with each element of `kind`, in the order they were read.
    func each(
        _ kind: ConfigurationElementKind, identifier: Bool, parent: String?, element: Bool, _ body: (StoredElement) -> Void
    ) throws {
        let table = Self.table(of: kind)
        let keeping = selection?[kind]
        let sql = """
            SELECT e.id, \(parent.map { "e.\($0)" } ?? "NULL"), \(identifier ? "e.identifier" : "NULL"),
                   \(element ? "e.element" : "NULL"), e.file, e.line, e.attributes
            FROM \(table) e ORDER BY e.id
            """
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
            }
            let id = sqlite3_column_int64(handle, 0)
            let line = Int(sqlite3_column_int64(handle, 5))
            let fileBytes = UnsafeBufferPointer(start: sqlite3_column_text(handle, 4), count: Int(sqlite3_column_bytes(handle, 4)))
            let json = UnsafeBufferPointer(start: sqlite3_column_text(handle, 6), count: Int(sqlite3_column_bytes(handle, 6)))
            var attributes: XMLAttributes
            if let parsed = StoredAttributes.parse(json, names: names, keeping: keeping) {
                attributes = parsed
            } else {
                attributes = try Self.attributesThroughSQLite(table, id: id, in: db)
                if let keeping { attributes.items.removeAll { !keeping.contains($0.name) } }
            }
            let identifier = text(2)
            // The Identifier attribute shares the identifier's storage rather than holding a copy.
            if let identifier, let index = attributes.items.firstIndex(where: { $0.name == "Identifier" }),
                attributes.items[index].value == identifier
            {
                attributes.items[index].value = identifier
            }
            body(
                StoredElement(
                    id: id, parent: sqlite3_column_type(handle, 1) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 1),
                    identifier: identifier, element: text(3),
                    location: SourceLocation(file: files.string(fileBytes), line: line > 0 ? line : nil),
                    attributes: attributes))
        }
    }

    /// The attributes of one row read by SQLite's JSON functions: for stored text that
    /// ``StoredAttributes`` does not read (never written by this version).
    private static func attributesThroughSQLite(_ table: String, id: Int64, in db: Database) throws -> XMLAttributes {
        let rows = try Row.fetchAll(
            db, sql: "SELECT j.key, j.value FROM \(table) e, json_each(e.attributes) j WHERE e.id = ? ORDER BY j.id",
            arguments: [id])
        return XMLAttributes(rows.map { XMLAttribute(name: $0[0], value: ($0[1] as String?) ?? "") })
    }
}

/// One `String` per distinct byte sequence (attribute names, file paths): repeated on every
/// element, they are decoded once and then shared.
final class StringInterner {
    private var known: [Int: [String]] = [:]

    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hash = 5381
        for byte in bytes { hash = (hash &* 33) &+ Int(byte) }
        hash = hash &* 31 &+ bytes.count
        if let candidates = known[hash] {
            for candidate in candidates {
                var candidate = candidate
                if candidate.withUTF8({ $0.elementsEqual(bytes) }) { return candidate }
            }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        known[hash, default: []].append(string)
        return string
    }
}

/// Reads the attribute objects the catalog stores (``JSONText/appendObject(_:to:)``: one JSON
/// object of string values, keys in document order) without building a JSON value tree.
enum StoredAttributes {
    /// The attributes of `json`, or `nil` when it is not an object of string values.
    /// - Parameter keeping: only the attributes with these names (in document order); `nil` = all.
    ///   The values of the others are read past, never decoded.
    static func parse(_ json: UnsafeBufferPointer<UInt8>, names: StringInterner, keeping: Set<String>? = nil) -> XMLAttributes? {
        var index = 0
        let count = json.count
        func skipSpace() { while index < count, json[index] == 0x20 || json[index] == 0x0A || json[index] == 0x0D || json[index] == 0x09 { index += 1 } }
        /// A string literal at `index`: its raw bytes when it has no escape, else decoded.
        /// With `skipped`, a literal without escapes is read past and `""` returned.
        func string(interned: Bool, skipped: Bool = false) -> String? {
            guard index < count, json[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < count, json[index] != UInt8(ascii: "\""), json[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < count else { return nil }
            if json[index] == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: json[start..<index])
                index += 1
                if skipped { return "" }
                return interned ? names.string(raw) : String(decoding: raw, as: UTF8.self)
            }
            var bytes = Array(json[start..<index])
            while index < count {
                let byte = json[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: bytes, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < count else { return nil }
                    let escape = json[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            // A surrogate pair: `\uD83D\uDE00`.
                            guard index + 1 < count, json[index] == UInt8(ascii: "\\"), json[index + 1] == UInt8(ascii: "u") else { return nil }
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        bytes.append(contentsOf: String(Character(unicode)).utf8)
                    default: return nil
                    }
                default:
                    bytes.append(byte)
                }
            }
            return nil
        }
        func hex4() -> UInt32? {
            guard index + 4 <= count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = json[index]
                index += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        skipSpace()
        guard index < count, json[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var items: [XMLAttribute] = []
        skipSpace()
        if index < count, json[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard let name = string(interned: true) else { return nil }
                skipSpace()
                guard index < count, json[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                skipSpace()
                let kept = keeping?.contains(name) ?? true
                guard let value = string(interned: false, skipped: !kept) else { return nil }
                if kept { items.append(XMLAttribute(name: name, value: value)) }
                skipSpace()
                guard index < count else { return nil }
                if json[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard json[index] == UInt8(ascii: "}") else { return nil }
                index += 1
                break
            }
        }
        skipSpace()
        return index == count ? XMLAttributes(items) : nil
    }
}
