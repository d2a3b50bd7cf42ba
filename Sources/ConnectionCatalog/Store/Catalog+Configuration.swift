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
        for table in configurationTables {
            try db.execute(sql: "DELETE FROM \(table)")  // table names are constants above
        }
        var inserter = ElementInserter(db: db)
        try inserter.insert(configuration)
        if let settings { try inserter.insert(settings) }
    }
}

/// Inserts model values with cached statements; reports identifier clashes as located errors.
private struct ElementInserter {
    let db: Database
    /// First declaration of each identifier per kind, for duplicate reports.
    var firstSeen: [String: [String: SourceLocation]] = [:]

    mutating func insert(_ c: Configuration) throws {
        for e in c.agents {
            try unique("Agent", e.identifier, e.location)
            try run("INSERT INTO agent (identifier, display_name, uri, file, line, attributes) VALUES (?,?,?,?,?,?)",
                    [e.identifier, e.displayName, e.uri, e.location.file, e.location.line ?? 0, json(e.attributes)])
        }
        for e in c.connectors {
            try unique("Connector", e.identifier, e.location)
            try run("INSERT INTO connector (identifier, display_name, agent, file, line, attributes) VALUES (?,?,?,?,?,?)",
                    [e.identifier, e.displayName, e.agent, e.location.file, e.location.line ?? 0, json(e.attributes)])
        }
        for e in c.connections {
            try unique("Connection", e.identifier, e.location)
            try run("INSERT INTO connection (identifier, display_name, connector, package, file, line, attributes) VALUES (?,?,?,?,?,?,?)",
                    [e.identifier, e.displayName, e.connector, e.package, e.location.file, e.location.line ?? 0, json(e.attributes)])
        }
        for t in c.connectionTables {
            try unique("ConnectionTable", t.identifier, t.location)
            try run("INSERT INTO connection_table (connection, identifier, display_name, path, file, line, attributes) VALUES (?,?,?,?,?,?,?)",
                    [t.connection, t.identifier, t.attributes["DisplayName"], t.attributes["Path"], t.location.file, t.location.line ?? 0, json(t.attributes)])
            let tableID = db.lastInsertedRowID
            for (index, column) in t.columns.enumerated() {
                try run("INSERT INTO connection_table_column (connection_table_id, position, identifier, display_name, file, line, attributes) VALUES (?,?,?,?,?,?,?)",
                        [tableID, index + 1, column.identifier, column.attributes["DisplayName"], column.location.file, column.location.line ?? 0, json(column.attributes)])
            }
        }
        for t in c.entityTypes {
            try unique("EntityType", t.identifier, t.location)
            try run("INSERT INTO entity_type (identifier, display_name, file, line, attributes) VALUES (?,?,?,?,?)",
                    [t.identifier, t.displayName, t.location.file, t.location.line ?? 0, json(t.attributes)])
            let typeID = db.lastInsertedRowID
            for p in t.properties {
                try unique("Property of EntityType \(t.identifier)", p.identifier, p.location)
                try run("INSERT INTO entity_property (entity_type_id, identifier, display_name, type, is_key, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)",
                        [typeID, p.identifier, p.attributes.displayName, p.type, p.isKey, p.location.file, p.location.line ?? 0, json(p.attributes)])
            }
        }
        for m in c.entityTypeMappings {
            try unique("EntityTypeMapping", m.identifier, m.location)
            try run("INSERT INTO entity_type_mapping (identifier, connector, connection_table, connection_table_key, file, line, attributes) VALUES (?,?,?,?,?,?,?)",
                    [m.identifier, m.connector, m.connectionTable, m.connectionTable.map(TableName.key), m.location.file, m.location.line ?? 0, json(m.attributes)])
            let mappingID = db.lastInsertedRowID
            for p in m.properties {
                try run("INSERT INTO entity_property_mapping (entity_type_mapping_id, identifier, connection_column, format, is_primary_key, is_unique_key, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?)",
                        [mappingID, p.identifier, p.connectionColumn, p.format, p.isPrimaryKey, p.isUniqueKey, p.location.file, p.location.line ?? 0, json(p.attributes)])
            }
        }
        for a in c.entityAssociations {
            try unique("EntityAssociation", a.identifier, a.location)
            try run("INSERT INTO entity_association (identifier, property1, property2, is_property1_collection, is_property2_collection, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)",
                    [a.identifier, a.property1, a.property2, a.attributes.bool("IsProperty1Collection"), a.attributes.bool("IsProperty2Collection"), a.location.file, a.location.line ?? 0, json(a.attributes)])
        }
        for m in c.entityAssociationMappings {
            try unique("EntityAssociationMapping", m.identifier, m.location)
            try run("INSERT INTO entity_association_mapping (identifier, connector, connection_table, connection_table_key, column1, column2, entity_property_mapping1, entity_property_mapping2, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [m.identifier, m.connector, m.connectionTable, m.connectionTable.map(TableName.key), m.column1, m.column2, m.entityPropertyMapping1, m.entityPropertyMapping2, m.location.file, m.location.line ?? 0, json(m.attributes)])
        }
        for r in c.resourceTypes {
            try unique("ResourceType", r.identifier, r.location)
            try run("INSERT INTO resource_type (identifier, display_name, source_entity_type, target_entity_type, file, line, attributes) VALUES (?,?,?,?,?,?,?)",
                    [r.identifier, r.displayName, r.sourceEntityType, r.targetEntityType, r.location.file, r.location.line ?? 0, json(r.attributes)])
        }
        for m in c.resourceTypeMappings {
            try unique("resource type mapping", m.identifier, m.location)
            try run("INSERT INTO resource_type_mapping (element, identifier, connection, file, line, attributes) VALUES (?,?,?,?,?,?)",
                    [m.element, m.identifier, m.connection, m.location.file, m.location.line ?? 0, json(m.attributes)])
        }
        for t in c.exportTasks {
            if let id = t.identifier { try unique("ExportTask", id, t.location) }
            try run("INSERT INTO export_task (identifier, display_name, agent, connection, open_id_client, file, line, attributes) VALUES (?,?,?,?,?,?,?,?)",
                    [t.identifier, t.displayName, t.agent, t.connection, t.openIdClient, t.location.file, t.location.line ?? 0, json(t.attributes)])
        }
        for t in c.fulfillTasks {
            if let id = t.identifier { try unique("FulfillTask", id, t.location) }
            try run("INSERT INTO fulfill_task (identifier, display_name, agent, connector, connection, open_id_client, file, line, attributes) VALUES (?,?,?,?,?,?,?,?,?)",
                    [t.identifier, t.displayName, t.agent, t.connector, t.connection, t.openIdClient, t.location.file, t.location.line ?? 0, json(t.attributes)])
            let taskID = db.lastInsertedRowID
            for r in t.taskResourceTypes {
                try run("INSERT INTO task_resource_type (fulfill_task_id, resource_type, file, line, attributes) VALUES (?,?,?,?,?)",
                        [taskID, r.resourceType, r.location.file, r.location.line ?? 0, json(r.attributes)])
            }
        }
    }

    mutating func insert(_ settings: AgentSettings) throws {
        for connection in settings.connections {
            try unique("connection key under Connections", connection.connection, connection.location)
            try run("INSERT INTO connection_settings (connection, file, json_path, line) VALUES (?,?,?,?)",
                    [connection.connection, connection.location.file, connection.location.jsonPath ?? "Connections:\(connection.connection)",
                     connection.location.line])
            let settingsID = db.lastInsertedRowID
            var seenKeys: Set<String> = []
            for setting in connection.settings where seenKeys.insert(setting.key.lowercased()).inserted {
                try run("INSERT INTO connection_setting (connection_settings_id, key, value, is_secret, json_path) VALUES (?,?,?,?,?)",
                        [settingsID, setting.key, setting.isSecret ? nil : setting.value, setting.isSecret, setting.jsonPath])
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
                throw InputError(location, "\(kind) without Identifier, like the one at \(first)",
                                 hint: "give each \(kind) its Identifier")
            }
            firstSeen[kind, default: [:]][""] = location
            return
        }
        let key = identifier.lowercased()
        if let first = firstSeen[kind]?[key] {
            throw InputError(location, "\(kind) '\(identifier)' is declared twice (first at \(first)); identifiers are compared case-insensitively",
                             hint: "rename or remove one of the two declarations")
        }
        firstSeen[kind, default: [:]][key] = location
    }

    func run(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: StatementArguments(arguments))
    }

    func json(_ attributes: XMLAttributes) -> String {
        JSONText.object(attributes.items.map { ($0.name, $0.value) })
    }
}
