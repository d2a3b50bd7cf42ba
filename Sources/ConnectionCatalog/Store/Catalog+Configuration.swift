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

    mutating func insert(_ c: Configuration) throws {
        var agent = try RawStatement(db, "INSERT INTO agent (identifier, display_name, uri, file, line, attributes) VALUES (?,?,?,?,?,?)")
        for e in c.agents {
            try unique("Agent", e.identifier, e.location)
            agent.bind(e.identifier)
            agent.bind(e.displayName)
            agent.bind(e.uri)
            bindLocation(e.location, &agent)
            bindJSON(e.attributes, &agent)
            try agent.execute()
        }
        var connector = try RawStatement(db, "INSERT INTO connector (identifier, display_name, agent, file, line, attributes) VALUES (?,?,?,?,?,?)")
        for e in c.connectors {
            try unique("Connector", e.identifier, e.location)
            connector.bind(e.identifier)
            connector.bind(e.displayName)
            connector.bind(e.agent)
            bindLocation(e.location, &connector)
            bindJSON(e.attributes, &connector)
            try connector.execute()
        }
        var connection = try RawStatement(
            db, "INSERT INTO connection (identifier, display_name, connector, package, file, line, attributes) VALUES (?,?,?,?,?,?,?)")
        for e in c.connections {
            try unique("Connection", e.identifier, e.location)
            connection.bind(e.identifier)
            connection.bind(e.displayName)
            connection.bind(e.connector)
            connection.bind(e.package)
            bindLocation(e.location, &connection)
            bindJSON(e.attributes, &connection)
            try connection.execute()
        }
        var table = try RawStatement(
            db, "INSERT INTO connection_table (connection, identifier, display_name, path, file, line, attributes) VALUES (?,?,?,?,?,?,?)")
        var column = try RawStatement(
            db, "INSERT INTO connection_table_column (connection_table_id, position, identifier, display_name, file, line, attributes) VALUES (?,?,?,?,?,?,?)")
        for t in c.connectionTables {
            try unique("ConnectionTable", t.identifier, t.location)
            table.bind(t.connection)
            table.bind(t.identifier)
            table.bind(t.attributes["DisplayName"])
            table.bind(t.attributes["Path"])
            bindLocation(t.location, &table)
            bindJSON(t.attributes, &table)
            try table.execute()
            let tableID = db.lastInsertedRowID
            for (index, c) in t.columns.enumerated() {
                column.bind(tableID)
                column.bind(index + 1)
                column.bind(c.identifier)
                column.bind(c.attributes["DisplayName"])
                bindLocation(c.location, &column)
                bindJSON(c.attributes, &column)
                try column.execute()
            }
        }
        var entityType = try RawStatement(db, "INSERT INTO entity_type (identifier, display_name, file, line, attributes) VALUES (?,?,?,?,?)")
        var property = try RawStatement(
            db, "INSERT INTO entity_property (entity_type_id, identifier, display_name, type, is_key, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)")
        for t in c.entityTypes {
            try unique("EntityType", t.identifier, t.location)
            entityType.bind(t.identifier)
            entityType.bind(t.displayName)
            bindLocation(t.location, &entityType)
            bindJSON(t.attributes, &entityType)
            try entityType.execute()
            let typeID = db.lastInsertedRowID
            // Property identifiers are unique within their entity type only.
            var seenProperties: [String: SourceLocation] = [:]
            for p in t.properties {
                if !p.identifier.isEmpty {
                    let key = Identifier.fold(p.identifier)
                    if let first = seenProperties[key] {
                        throw Self.duplicate("Property of EntityType \(t.identifier)", p.identifier, p.location, first: first)
                    }
                    seenProperties[key] = p.location
                }
                property.bind(typeID)
                property.bind(p.identifier)
                property.bind(p.attributes.displayName)
                property.bind(p.type)
                property.bind(p.isKey)
                bindLocation(p.location, &property)
                bindJSON(p.attributes, &property)
                try property.execute()
            }
        }
        var mapping = try RawStatement(
            db, "INSERT INTO entity_type_mapping (identifier, connector, connection_table, connection_table_key, file, line, attributes) VALUES (?,?,?,?,?,?,?)"
        )
        var propertyMapping = try RawStatement(
            db,
            "INSERT INTO entity_property_mapping (entity_type_mapping_id, identifier, connection_column, format, is_primary_key, is_unique_key, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?)"
        )
        for m in c.entityTypeMappings {
            try unique("EntityTypeMapping", m.identifier, m.location)
            mapping.bind(m.identifier)
            mapping.bind(m.connector)
            mapping.bind(m.connectionTable)
            mapping.bind(m.connectionTable.map(TableName.key))
            bindLocation(m.location, &mapping)
            bindJSON(m.attributes, &mapping)
            try mapping.execute()
            let mappingID = db.lastInsertedRowID
            for p in m.properties {
                propertyMapping.bind(mappingID)
                propertyMapping.bind(p.identifier)
                propertyMapping.bind(p.connectionColumn)
                propertyMapping.bind(p.format)
                propertyMapping.bind(p.isPrimaryKey)
                propertyMapping.bind(p.isUniqueKey)
                bindLocation(p.location, &propertyMapping)
                bindJSON(p.attributes, &propertyMapping)
                try propertyMapping.execute()
            }
        }
        var association = try RawStatement(
            db,
            "INSERT INTO entity_association (identifier, property1, property2, is_property1_collection, is_property2_collection, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)"
        )
        for a in c.entityAssociations {
            try unique("EntityAssociation", a.identifier, a.location)
            association.bind(a.identifier)
            association.bind(a.property1)
            association.bind(a.property2)
            association.bind(a.attributes.bool("IsProperty1Collection"))
            association.bind(a.attributes.bool("IsProperty2Collection"))
            bindLocation(a.location, &association)
            bindJSON(a.attributes, &association)
            try association.execute()
        }
        var associationMapping = try RawStatement(
            db,
            "INSERT INTO entity_association_mapping (identifier, connector, connection_table, connection_table_key, column1, column2, entity_property_mapping1, entity_property_mapping2, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
        )
        for m in c.entityAssociationMappings {
            try unique("EntityAssociationMapping", m.identifier, m.location)
            associationMapping.bind(m.identifier)
            associationMapping.bind(m.connector)
            associationMapping.bind(m.connectionTable)
            associationMapping.bind(m.connectionTable.map(TableName.key))
            associationMapping.bind(m.column1)
            associationMapping.bind(m.column2)
            associationMapping.bind(m.entityPropertyMapping1)
            associationMapping.bind(m.entityPropertyMapping2)
            bindLocation(m.location, &associationMapping)
            bindJSON(m.attributes, &associationMapping)
            try associationMapping.execute()
        }
        var resourceType = try RawStatement(
            db, "INSERT INTO resource_type (identifier, display_name, source_entity_type, target_entity_type, file, line, attributes) VALUES (?,?,?,?,?,?,?)")
        for r in c.resourceTypes {
            try unique("ResourceType", r.identifier, r.location)
            resourceType.bind(r.identifier)
            resourceType.bind(r.displayName)
            resourceType.bind(r.sourceEntityType)
            resourceType.bind(r.targetEntityType)
            bindLocation(r.location, &resourceType)
            bindJSON(r.attributes, &resourceType)
            try resourceType.execute()
        }
        var resourceTypeMapping = try RawStatement(
            db, "INSERT INTO resource_type_mapping (element, identifier, connection, file, line, attributes) VALUES (?,?,?,?,?,?)")
        for m in c.resourceTypeMappings {
            try unique("resource type mapping", m.identifier, m.location)
            resourceTypeMapping.bind(m.element)
            resourceTypeMapping.bind(m.identifier)
            resourceTypeMapping.bind(m.connection)
            bindLocation(m.location, &resourceTypeMapping)
            bindJSON(m.attributes, &resourceTypeMapping)
            try resourceTypeMapping.execute()
        }
        var exportTask = try RawStatement(
            db, "INSERT INTO export_task (identifier, display_name, agent, connection, open_id_client, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)")
        for t in c.exportTasks {
            if let id = t.identifier { try unique("ExportTask", id, t.location) }
            exportTask.bind(t.identifier)
            exportTask.bind(t.displayName)
            exportTask.bind(t.agent)
            exportTask.bind(t.connection)
            exportTask.bind(t.openIdClient)
            bindLocation(t.location, &exportTask)
            bindJSON(t.attributes, &exportTask)
            try exportTask.execute()
        }
        var fulfillTask = try RawStatement(
            db,
            "INSERT INTO fulfill_task (identifier, display_name, agent, connector, connection, open_id_client, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?)"
        )
        var taskResourceType = try RawStatement(
            db, "INSERT INTO task_resource_type (fulfill_task_id, resource_type, file, line, attributes) VALUES (?,?,?,?,?)")
        for t in c.fulfillTasks {
            if let id = t.identifier { try unique("FulfillTask", id, t.location) }
            fulfillTask.bind(t.identifier)
            fulfillTask.bind(t.displayName)
            fulfillTask.bind(t.agent)
            fulfillTask.bind(t.connector)
            fulfillTask.bind(t.connection)
            fulfillTask.bind(t.openIdClient)
            bindLocation(t.location, &fulfillTask)
            bindJSON(t.attributes, &fulfillTask)
            try fulfillTask.execute()
            let taskID = db.lastInsertedRowID
            for r in t.taskResourceTypes {
                taskResourceType.bind(taskID)
                taskResourceType.bind(r.resourceType)
                bindLocation(r.location, &taskResourceType)
                bindJSON(r.attributes, &taskResourceType)
                try taskResourceType.execute()
            }
        }
    }

    mutating func insert(_ settings: AgentSettings) throws {
        var connectionSettings = try RawStatement(db, "INSERT INTO connection_settings (connection, file, json_path, line) VALUES (?,?,?,?)")
        var setting = try RawStatement(db, "INSERT INTO connection_setting (connection_settings_id, key, value, is_secret, json_path) VALUES (?,?,?,?,?)")
        for connection in settings.connections {
            try unique("connection key under Connections", connection.connection, connection.location)
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
