import Foundation
import GRDB

/// What `conncat check` reads from the catalog.
extension Catalog {
    /// The latest import, or `nil` when nothing was imported.
    public func latestImport() throws -> ImportRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM import_run ORDER BY id DESC LIMIT 1").map { row in
                ImportRecord(id: row["id"], importedAt: row["imported_at"], sourceFolder: row["source_folder"],
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
        try read { db in
            let load = ElementLoader(db: db)
            var c = Configuration()
            c.agents = try load.elements("agent").map { Agent(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.connectors = try load.elements("connector").map { Connector(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.connections = try load.elements("connection").map { Connection(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            let columns = Dictionary(grouping: try load.elements("connection_table_column", parent: "connection_table_id"), by: \.parent)
            c.connectionTables = try load.elements("connection_table").map { e in
                DeclaredConnectionTable(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location,
                                        columns: (columns[e.id] ?? []).map { DeclaredColumn(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) })
            }
            let properties = Dictionary(grouping: try load.elements("entity_property", parent: "entity_type_id"), by: \.parent)
            c.entityTypes = try load.elements("entity_type").map { e in
                EntityType(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location,
                           properties: (properties[e.id] ?? []).map { EntityProperty(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) })
            }
            let mapped = Dictionary(grouping: try load.elements("entity_property_mapping", parent: "entity_type_mapping_id"), by: \.parent)
            c.entityTypeMappings = try load.elements("entity_type_mapping").map { e in
                EntityTypeMapping(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location,
                                  properties: (mapped[e.id] ?? []).map { PropertyMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) })
            }
            c.entityAssociations = try load.elements("entity_association").map { EntityAssociation(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.entityAssociationMappings = try load.elements("entity_association_mapping").map { EntityAssociationMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.resourceTypes = try load.elements("resource_type").map { ResourceType(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            c.resourceTypeMappings = try load.elements("resource_type_mapping", element: true).map {
                ResourceTypeMapping(element: $0.element ?? "ResourceTypeMapping", identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location)
            }
            c.exportTasks = try load.elements("export_task").map { ExportTask(identifier: $0.identifier, attributes: $0.attributes, location: $0.location) }
            let children = Dictionary(grouping: try load.elements("task_resource_type", identifier: false, parent: "fulfill_task_id"), by: \.parent)
            c.fulfillTasks = try load.elements("fulfill_task").map { e in
                FulfillTask(identifier: e.identifier, attributes: e.attributes, location: e.location,
                            taskResourceTypes: (children[e.id] ?? []).map { TaskResourceType(attributes: $0.attributes, location: $0.location) })
            }
            return c
        }
    }

    /// What mapping impact needs of the current configuration: its connections, entity type
    /// mappings (with their properties) and association mappings, as ``currentConfiguration()``
    /// rebuilds them; every other kind is left empty.
    public func mappingConfiguration() throws -> Configuration {
        try read { db in
            let load = ElementLoader(db: db)
            var c = Configuration()
            c.connections = try load.elements("connection").map { Connection(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
            let mapped = Dictionary(grouping: try load.elements("entity_property_mapping", parent: "entity_type_mapping_id"), by: \.parent)
            c.entityTypeMappings = try load.elements("entity_type_mapping").map { e in
                EntityTypeMapping(identifier: e.identifier ?? "", attributes: e.attributes, location: e.location,
                                  properties: (mapped[e.id] ?? []).map { PropertyMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) })
            }
            c.entityAssociationMappings = try load.elements("entity_association_mapping").map { EntityAssociationMapping(identifier: $0.identifier ?? "", attributes: $0.attributes, location: $0.location) }
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
            let rows = try Row.fetchCursor(db, sql: """
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
        try read { db in
            var settings = AgentSettings(file: file)
            var current: ConnectionSettings?
            var currentID: Int64?
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.id, s.connection, s.file, s.json_path, s.line, cs.key, cs.value, cs.is_secret, cs.json_path AS setting_path
                FROM connection_settings s LEFT JOIN connection_setting cs ON cs.connection_settings_id = s.id
                ORDER BY s.id, cs.rowid
                """)
            for row in rows {
                let id: Int64 = row["id"]
                if id != currentID {
                    if let current { settings.connections.append(current) }
                    currentID = id
                    current = ConnectionSettings(connection: row["connection"], settings: [],
                                                 location: SourceLocation(file: row["file"], line: row["line"], jsonPath: row["json_path"]))
                }
                if let key: String = row["key"] {
                    current?.settings.append(ConnectionSetting(key: key, value: row["value"], isSecret: row["is_secret"],
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
    ///   - asOf: the history as it was then (ISO 8601 UTC): attempts after it are ignored, and a
    ///     connection without an attempt by then is absent; `nil` = now.
    public func schemaStates(of connections: [String]? = nil, asOf: String? = nil) throws -> [ConnectionSchemaState] {
        try read { db in
            let names = connections.map { "[" + $0.map(JSONText.string).joined(separator: ",") + "]" }
            let until = asOf.flatMap(Timestamp.seconds)
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.id AS connection_id, h.identifier, l.id AS latest_id, l.status, l.at, l.error_class, l.error_message,
                       s.at AS success_at, s.snapshot_id, (SELECT p.path FROM history_folder p WHERE p.id = l.history_folder_id) AS folder
                FROM history_connection h
                JOIN refresh_attempt l ON l.id =
                    (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND (:asOf IS NULL OR r.at <= :asOf)
                      ORDER BY r.at DESC, r.id DESC LIMIT 1)
                LEFT JOIN refresh_attempt s ON s.id =
                    (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                      AND (:asOf IS NULL OR r.at <= :asOf) ORDER BY r.at DESC, r.id DESC LIMIT 1)
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
                state.fileWarnings = try Row.fetchAll(db, sql: """
                    SELECT n.name, f.warning FROM refresh_file f JOIN history_file n ON n.id = f.history_file_id
                    WHERE f.refresh_attempt_id = ? AND f.warning IS NOT NULL ORDER BY n.name
                    """, arguments: [row["latest_id"] as Int64]).map { file in
                    let name: String = file[0]
                    return ExportFileWarning(file: folder.map { $0.isEmpty ? name : "\($0)/\(name)" } ?? name, warning: file[1])
                }
                if let snapshotID: Int64 = row["snapshot_id"] {
                    let snapshot = try Self.snapshot(id: snapshotID, in: db)
                    state.snapshot = snapshot
                    state.removed = try Self.removedItems(connectionID: row["connection_id"], latestSnapshot: snapshotID,
                                                          inForce: snapshot, until: until, in: db)
                }
                return state
            }
        }
    }

    /// Tables and columns of earlier successful snapshots of a connection that `inForce` lacks
    /// (compared case-insensitively), each with the last success that had it and the first
    /// success after that, and for a column the `renamed_to` hint of the diff between those two.
    /// Reads each distinct earlier snapshot once.
    static func removedItems(connectionID: Int64, latestSnapshot: Int64, inForce: SchemaSnapshot, until: Int64? = nil,
                             in db: Database) throws -> [RemovedSchemaItem] {
        let seen = try Row.fetchAll(db, sql: """
            WITH s AS (SELECT r.snapshot_id, MAX(r.at) AS last_at FROM refresh_attempt r
                       WHERE r.history_connection_id = ? AND r.status = 1 AND r.snapshot_id <> ? AND (? IS NULL OR r.at <= ?)
                       GROUP BY r.snapshot_id)
            SELECT st.name AS table_name, sc.name AS column_name, MAX(s.last_at) AS last_seen
            FROM s JOIN snapshot_table st ON st.snapshot_id = s.snapshot_id
            JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
            GROUP BY st.name, sc.name
            ORDER BY st.name, sc.name
            """, arguments: [connectionID, latestSnapshot, until, until])
        guard !seen.isEmpty else { return [] }
        var present: [String: Set<String>] = [:]
        for table in inForce.tables { present[table.name.lowercased()] = Set(table.columns.map { $0.lowercased() }) }
        let successes = try Int64.fetchAll(db, sql: """
            SELECT at FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 AND (? IS NULL OR at <= ?) ORDER BY at
            """, arguments: [connectionID, until, until])
        func firstSuccess(after seconds: Int64) -> Int64? {
            var low = 0, high = successes.count
            while low < high {
                let mid = (low + high) / 2
                if successes[mid] <= seconds { low = mid + 1 } else { high = mid }
            }
            return low < successes.count ? successes[low] : nil
        }
        // The diff of the refresh that removed a column, for its rename hint: one per pair of
        // refreshes, however many columns it removed.
        var diffs: [[Int64]: [SchemaChange]] = [:]
        func removingDiff(_ lastSeen: Int64, _ after: Int64) throws -> [SchemaChange] {
            if let known = diffs[[lastSeen, after]] { return known }
            let sql = "SELECT snapshot_id FROM refresh_attempt WHERE history_connection_id = ? AND status = 1 AND at = ? ORDER BY id DESC LIMIT 1"
            var changes: [SchemaChange] = []
            if let older = try Int64.fetchOne(db, sql: sql, arguments: [connectionID, lastSeen]),
               let newer = try Int64.fetchOne(db, sql: sql, arguments: [connectionID, after]) {
                changes = try snapshot(id: older, in: db).diff(to: snapshot(id: newer, in: db))
            }
            diffs[[lastSeen, after]] = changes
            return changes
        }
        var removed: [RemovedSchemaItem] = []
        var tableLastSeen: [(name: String, at: Int64)] = []
        for row in seen {
            let table: String = row["table_name"], column: String = row["column_name"], lastSeen: Int64 = row["last_seen"]
            if let columns = present[table.lowercased()] {
                guard !columns.contains(column.lowercased()), let after = firstSuccess(after: lastSeen) else { continue }
                let changes = try removingDiff(lastSeen, after)
                let renamedTo = changes.first {
                    $0.change == .columnRemoved && $0.column == column && $0.table.lowercased() == table.lowercased()
                }?.renamedTo
                removed.append(RemovedSchemaItem(table: table, column: column, lastSeenAt: Timestamp.format(seconds: lastSeen),
                                                 removedAt: Timestamp.format(seconds: after), renamedTo: renamedTo))
            } else if let index = tableLastSeen.firstIndex(where: { $0.name.lowercased() == table.lowercased() }) {
                tableLastSeen[index].at = max(tableLastSeen[index].at, lastSeen)
            } else {
                tableLastSeen.append((table, lastSeen))
            }
        }
        for (table, lastSeen) in tableLastSeen {
            guard let after = firstSuccess(after: lastSeen) else { continue }
            removed.append(RemovedSchemaItem(table: table, column: nil, lastSeenAt: Timestamp.format(seconds: lastSeen),
                                             removedAt: Timestamp.format(seconds: after)))
        }
        return removed
    }

    /// The latest scan of an ExportOutput folder, with its unattributed files sorted by name
    /// (case-insensitively, then exactly); `nil` when no folder was ever scanned.
    public func latestExportScan() throws -> ExportScanFacts? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT e.id, e.at, f.path FROM export_scan e JOIN history_folder f ON f.id = e.history_folder_id
                ORDER BY e.at DESC, e.id DESC LIMIT 1
                """) else { return nil }
            let files = try String.fetchAll(db, sql: """
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

/// Reads configuration tables back into ``StoredElement``s. Table and column names are constants
/// of ``Catalog/currentConfiguration()``, never user input.
private struct ElementLoader {
    let db: Database

    func elements(_ table: String, identifier: Bool = true, parent: String? = nil, element: Bool = false) throws -> [StoredElement] {
        let sql = """
            SELECT e.id, \(parent.map { "e.\($0)" } ?? "NULL") AS parent_id, \(identifier ? "e.identifier" : "NULL") AS identifier,
                   \(element ? "e.element" : "NULL") AS element, e.file, e.line, j.key, j.value
            FROM \(table) e LEFT JOIN json_each(e.attributes) j
            ORDER BY e.id, j.id
            """
        var result: [StoredElement] = []
        // Columns by position (the SELECT above): name look-ups cost more than the rest on large configurations.
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if result.last?.id != id {
                let file: String = row[4]
                let line: Int = row[5]
                result.append(StoredElement(
                    id: id, parent: row[1], identifier: row[2], element: row[3],
                    location: SourceLocation(file: file, line: line > 0 ? line : nil),
                    attributes: XMLAttributes()))
            }
            if let key: String = row[6] {
                result[result.count - 1].attributes.items.append(XMLAttribute(name: key, value: (row[7] as String?) ?? ""))
            }
        }
        return result
    }
}
