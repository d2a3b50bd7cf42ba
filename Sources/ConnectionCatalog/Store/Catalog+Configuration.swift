import Foundation
import GRDB

extension Catalog {
    /// Tables holding the current configuration, children after parents for deletion order.
    static let configurationTables = [
        "task_resource_type", "fulfill_task", "export_task", "resource_type_mapping", "resource_type",
        "entity_association_mapping", "entity_association", "entity_property_mapping", "entity_type_mapping",
        "entity_property", "entity_type", "connection_table_column", "connection_table", "connection",
        "connector", "agent", "connection_setting", "connection_settings",
    ]

    /// Replaces the current configuration and agent settings with `configuration` and `settings`
    /// inside the caller's transaction.
    /// - Throws: ``InputError`` located at the later declaration when two elements of one kind share
    ///   an identifier case-insensitively (the product's rule), or a `DatabaseError`.
    static func replaceConfiguration(_ configuration: Configuration, settings: AgentSettings?, in db: Database) throws {
        try deleteConfiguration(in: db)
        var inserter = ElementInserter(db: db)
        try inserter.insert(configuration)
        if let settings { try inserter.insert(settings) }
    }

    /// Empties the configuration and agent settings tables inside the caller's transaction.
    static func deleteConfiguration(in db: Database) throws {
        for table in configurationTables {
            try db.execute(sql: "DELETE FROM \(table)")  // table names are constants above
        }
    }
}

/// Inserts model values through prepared statements bound raw (``RawStatement``): one statement
/// per table, prepared once; the attribute JSON written into one reused buffer. Reports
/// identifier clashes as located errors.
struct ElementInserter {
    let db: Database
    /// First declaration of each identifier per kind, for duplicate reports.
    var firstSeen: [String: [String: SourceLocation]] = [:]
    /// The attribute JSON of the row being inserted.
    var jsonBuffer: [UInt8] = []
    /// Whether identifiers are checked here; `false` when the caller checked every part before
    /// adding it (the streamed import's identifier index): no second index is then held.
    var checksIdentifiers = true
    /// When set, every row written, by history group in writing order: a new file's history
    /// copies its rows in that order (``HistoryWriter/finish(_:size:summary:rows:)``).
    var rows: InsertedRows?

    /// Writes every element of `c`, kind by kind in table order (parents before children), each
    /// identifier checked before its row is written.
    mutating func insert(_ c: Configuration) throws {
        try write(c.agents)
        try write(c.connectors)
        try write(c.connections)
        var column = try RawStatement(db, DeclaredColumn.insertSQL)
        try write(c.connectionTables) { inserter, table, id in
            try inserter.write(table.columns, parent: id, into: &column)
        }
        var property = try RawStatement(db, EntityProperty.insertSQL)
        try write(c.entityTypes) { inserter, type, id in
            // Property identifiers are unique within their entity type only.
            var seenProperties: [String: SourceLocation] = [:]
            try inserter.write(type.properties, parent: id, into: &property) { [checks = inserter.checksIdentifiers] p in
                guard checks, !p.identifier.isEmpty else { return }
                let key = Identifier.fold(p.identifier)
                if let first = seenProperties[key] {
                    throw Self.duplicate("Property of EntityType \(type.identifier)", p.identifier, p.location, first: first)
                }
                seenProperties[key] = p.location
            }
        }
        var propertyMapping = try RawStatement(db, PropertyMapping.insertSQL)
        try write(c.entityTypeMappings) { inserter, mapping, id in
            try inserter.write(mapping.properties, parent: id, into: &propertyMapping)
        }
        try write(c.entityAssociations)
        try write(c.entityAssociationMappings)
        try write(c.resourceTypes)
        try write(c.resourceTypeMappings)
        try write(c.exportTasks)
        var taskResourceType = try RawStatement(db, TaskResourceType.insertSQL)
        try write(c.fulfillTasks) { inserter, task, id in
            try inserter.write(task.taskResourceTypes, parent: id, into: &taskResourceType)
        }
    }

    /// Writes the top-level `elements` of one kind through one prepared statement; after each
    /// row, `children` writes the element's children under the row's id.
    mutating func write<E: PersistedElement>(
        _ elements: [E], children: (inout ElementInserter, E, Int64) throws -> Void = { _, _, _ in }
    ) throws {
        var statement = try RawStatement(db, E.insertSQL)
        for e in elements {
            try write(e, parent: nil, position: 0, into: &statement)
            let id = db.lastInsertedRowID
            try children(&self, e, id)
        }
    }

    /// Writes `elements` (children of the row `parent`, in order) through `statement`, after
    /// `check` accepts each one.
    mutating func write<E: PersistedElement>(
        _ elements: [E], parent: Int64, into statement: inout RawStatement, check: (E) throws -> Void = { _ in }
    ) throws {
        for (index, e) in elements.enumerated() {
            try check(e)
            try write(e, parent: parent, position: index + 1, into: &statement)
        }
    }

    /// Checks the element's identifier (when its kind requires unique ones), binds its row and
    /// executes `statement`.
    mutating func write<E: PersistedElement>(_ e: E, parent: Int64?, position: Int, into statement: inout RawStatement) throws {
        if checksIdentifiers, let kind = E.uniquenessKind, let identifier = e.uniqueIdentifier {
            try unique(kind, identifier, e.location)
        }
        if let parent { statement.bind(parent) }
        e.bind(to: &statement, position: position)
        bindLocation(e.location, &statement)
        bindJSON(e.attributes, &statement)
        try statement.execute()
        rows?.append(group: Int(ChunkedFileVersion.group(E.kind)), child: parent != nil, line: Int64(e.location.line ?? 0))
    }

    mutating func insert(_ settings: AgentSettings) throws {
        var connectionSettings = try RawStatement(db, "INSERT INTO connection_settings (connection, file, json_path, line) VALUES (?,?,?,?)")
        var setting = try RawStatement(db, "INSERT INTO connection_setting (connection_settings_id, key, value, is_secret, json_path) VALUES (?,?,?,?,?)")
        for connection in settings.connections {
            if checksIdentifiers { try unique("connection key under Connections", connection.connection, connection.location) }
            connectionSettings.bind(connection.connection)
            connectionSettings.bind(connection.location.file)
            connectionSettings.bind(connection.location.jsonPath ?? "Connections:\(connection.connection)")
            connectionSettings.bind(connection.location.line)
            try connectionSettings.execute()
            let settingsID = db.lastInsertedRowID
            var seenKeys: Set<String> = []
            for s in connection.settings where seenKeys.insert(s.key.lowercased()).inserted {
                setting.bind(settingsID)
                setting.bind(s.key)
                setting.bind(s.isSecret ? nil : s.value)
                setting.bind(s.isSecret)
                setting.bind(s.jsonPath)
                try setting.execute()
            }
        }
    }

    /// Identifiers are unique case-insensitively within their kind (XML Connection page: `adexport`
    /// and `ADEXPORT` clash). Reported at the later declaration.
    /// One element of a kind may lack its Identifier (`conncat check` reports it); a second one
    /// cannot be stored beside it, so it stops the import at its own line.
    mutating func unique(_ kind: String, _ identifier: String, _ location: SourceLocation) throws {
        guard !identifier.isEmpty else {
            if let first = firstSeen[kind]?[""] {
                throw InputError(
                    location, "\(kind) without Identifier, like the one at \(first)",
                    hint: "give each \(kind) its Identifier")
            }
            firstSeen[kind, default: [:]][""] = location
            return
        }
        let key = Identifier.fold(identifier)
        if let first = firstSeen[kind]?[key] {
            throw Self.duplicate(kind, identifier, location, first: first)
        }
        firstSeen[kind, default: [:]][key] = location
    }

    static func duplicate(_ kind: String, _ identifier: String, _ location: SourceLocation, first: SourceLocation) -> InputError {
        InputError(
            location, "\(kind) '\(identifier)' is declared twice (first at \(first)); identifiers are compared case-insensitively",
            hint: "rename or remove one of the two declarations")
    }

    /// Binds `file` and `line` (0 when unknown).
    func bindLocation(_ location: SourceLocation, _ statement: inout RawStatement) {
        statement.bind(location.file)
        statement.bind(location.line ?? 0)
    }

    /// Binds the attributes as a JSON object, names as keys, in document order.
    mutating func bindJSON(_ attributes: XMLAttributes, _ statement: inout RawStatement) {
        jsonBuffer.removeAll(keepingCapacity: true)
        JSONText.appendObject(attributes.items.lazy.map { ($0.name, $0.value) }, to: &jsonBuffer)
        statement.bindText(jsonBuffer)
    }
}
