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

/// Inserts model values through multi-row statements bound raw (``BatchedInsert``), each row
/// given the next id of its table so that children are written in batches of their own. Reports
/// identifier clashes as located errors.
struct ElementInserter {
    let db: Database
    /// First declaration of each identifier per kind, for duplicate reports.
    var firstSeen: [String: [String: SourceLocation]] = [:]
    /// Whether identifiers are checked here; `false` when the caller checked every part before
    /// adding it (the streamed import's identifier index): no second index is then held.
    var checksIdentifiers = true
    /// When set, every row written, by history group in writing order: a new file's history
    /// copies its rows in that order (``HistoryWriter/finish(_:size:summary:rows:)``).
    var rows: InsertedRows?

    /// Writes every element of `c`, kind by kind in table order (parents before children), each
    /// identifier checked before its row is written. Every row is in its table when this returns.
    mutating func insert(_ c: Configuration) throws {
        try write(c.agents)
        try write(c.connectors)
        try write(c.connections)
        var column = try KindWriter<DeclaredColumn>(db: db, rows: c.connectionTables.reduce(0) { $0 + $1.columns.count })
        try write(
            c.connectionTables,
            children: { inserter, table, id in
                try inserter.write(table.columns, parent: id, into: &column)
            })
        var property = try KindWriter<EntityProperty>(db: db, rows: c.entityTypes.reduce(0) { $0 + $1.properties.count })
        let checkProperties: ((EntityType) throws -> Void)? = checksIdentifiers ? { try Self.checkProperties(of: $0) } : nil
        try write(
            c.entityTypes, check: checkProperties,
            children: { inserter, type, id in
                try inserter.write(type.properties, parent: id, into: &property)
            })
        var propertyMapping = try KindWriter<PropertyMapping>(db: db, rows: c.entityTypeMappings.reduce(0) { $0 + $1.properties.count })
        try write(
            c.entityTypeMappings,
            children: { inserter, mapping, id in
                try inserter.write(mapping.properties, parent: id, into: &propertyMapping)
            })
        try write(c.entityAssociations)
        try write(c.entityAssociationMappings)
        try write(c.resourceTypes)
        try write(c.resourceTypeMappings)
        try write(c.exportTasks)
        var taskResourceType = try KindWriter<TaskResourceType>(db: db, rows: c.fulfillTasks.reduce(0) { $0 + $1.taskResourceTypes.count })
        try write(
            c.fulfillTasks,
            children: { inserter, task, id in
                try inserter.write(task.taskResourceTypes, parent: id, into: &taskResourceType)
            })
    }

    /// Writes the top-level `elements` of one kind, a batch at a time; once a batch is written,
    /// `children` writes the children of each of its elements under the element's id. Each
    /// element is checked (its identifier, then `check`, which checks its children) before any
    /// later one, in document order; rows are recorded in ``rows`` in document order (an
    /// element, then its children).
    mutating func write<E: PersistedElement>(
        _ elements: [E], check: ((E) throws -> Void)? = nil,
        children: ((inout ElementInserter, E, Int64) throws -> Void)? = nil
    ) throws {
        guard !elements.isEmpty else { return }
        var writer = try KindWriter<E>(db: db, rows: elements.count)
        let group = Int(ChunkedFileVersion.group(E.kind))
        var start = elements.startIndex
        while start < elements.endIndex {
            let batch = elements[start..<min(start + BatchedInsert.batchSize, elements.endIndex)]
            let firstID = writer.nextID
            for e in batch {
                try checkUnique(e)
                try check?(e)
                try writer.append(e, parent: nil, position: 0)
            }
            // The batch's rows are written (its last row was added) before any child refers to them.
            for (offset, e) in batch.enumerated() {
                rows?.append(group: group, child: false, line: Int64(e.location.line ?? 0))
                try children?(&self, e, firstID + Int64(offset))
            }
            start = batch.endIndex
        }
    }

    /// Writes `elements` (children of the row `parent`, in order, checked with their parent)
    /// through `writer`. They are in their table once `writer` added all its rows.
    mutating func write<E: PersistedElement>(_ elements: [E], parent: Int64, into writer: inout KindWriter<E>) throws {
        let group = Int(ChunkedFileVersion.group(E.kind))
        for (index, e) in elements.enumerated() {
            try writer.append(e, parent: parent, position: index + 1)
            rows?.append(group: group, child: true, line: Int64(e.location.line ?? 0))
        }
    }

    /// Property identifiers are unique within their entity type only, case-insensitively
    /// (reported at the later declaration).
    static func checkProperties(of type: EntityType) throws {
        var seen: [String: SourceLocation] = [:]
        for p in type.properties where !p.identifier.isEmpty {
            let key = Identifier.fold(p.identifier)
            if let first = seen[key] {
                throw duplicate("Property of EntityType \(type.identifier)", p.identifier, p.location, first: first)
            }
            seen[key] = p.location
        }
    }

    /// Checks the element's identifier when its kind requires unique ones.
    private mutating func checkUnique<E: PersistedElement>(_ e: E) throws {
        if checksIdentifiers, let kind = E.uniquenessKind, let identifier = e.uniqueIdentifier {
            try unique(kind, identifier, e.location)
        }
    }

    /// Writes the agent settings: one row per `Connections` member, one per setting (a
    /// secret's value never), in batches (``BatchedInsert``), each member's settings once its
    /// batch of members is written.
    mutating func insert(_ settings: AgentSettings) throws {
        // Each member's settings, a key once (the first of keys equal but for case).
        let kept = settings.connections.map { connection in
            var seenKeys: Set<String> = []
            return connection.settings.filter { seenKeys.insert($0.key.lowercased()).inserted }
        }
        var members = BatchedInsert(
            db, "INSERT INTO connection_settings (id, connection, file, json_path, line) VALUES", width: 5,
            rows: settings.connections.count)
        var values = BatchedInsert(
            db, "INSERT INTO connection_setting (connection_settings_id, key, value, is_secret, json_path) VALUES", width: 5,
            rows: kept.reduce(0) { $0 + $1.count })
        var nextID = try Catalog.nextRowID(of: "connection_settings", in: db)
        let all = settings.connections
        var start = all.startIndex
        while start < all.endIndex {
            let batch = start..<min(start + BatchedInsert.batchSize, all.endIndex)
            let firstID = nextID
            for connection in all[batch] {
                if checksIdentifiers { try unique("connection key under Connections", connection.connection, connection.location) }
                try members.add { statement in
                    statement.bind(nextID)
                    statement.bind(connection.connection)
                    statement.bind(connection.location.file)
                    statement.bind(connection.location.jsonPath ?? "Connections:\(connection.connection)")
                    statement.bind(connection.location.line)
                }
                nextID += 1
            }
            // The members are written (the batch's last was added) before their settings.
            for index in batch {
                for setting in kept[index] {
                    try values.add { statement in
                        statement.bind(firstID + Int64(index - batch.lowerBound))
                        statement.bind(setting.key)
                        statement.bind(setting.isSecret ? nil : setting.value)
                        statement.bind(setting.isSecret)
                        statement.bind(setting.jsonPath)
                    }
                }
            }
            start = batch.upperBound
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
}

/// The rows of one kind being written (``ElementInserter``): in batches (``BatchedInsert``), each
/// given the next id of its table, so that the ids of a batch are known before it is written.
struct KindWriter<E: PersistedElement> {
    private var rows: BatchedInsert
    /// The attribute JSON of the row being added (each row's bytes are held until its batch runs).
    private var json: [UInt8] = []
    /// The id the next row gets.
    private(set) var nextID: Int64

    /// - Parameter rows: the number of rows that will be added.
    init(db: Database, rows: Int) throws {
        nextID = try Catalog.nextRowID(of: E.table, in: db)
        self.rows = BatchedInsert(db, E.insertHead, width: E.rowColumns.count, rows: rows)
    }

    /// Adds the row of `e` (a child of the row `parent` when given, at `position` among its
    /// siblings, from 1); its batch is written when the row is the batch's last.
    mutating func append(_ e: E, parent: Int64?, position: Int) throws {
        let id = nextID
        // Attributes as a JSON object, names as keys, in document order.
        json.removeAll(keepingCapacity: true)
        JSONText.appendObject(e.attributes.items.lazy.map { ($0.name, $0.value) }, to: &json)
        let attributes = json
        try rows.add { statement in
            statement.bind(id)
            if let parent { statement.bind(parent) }
            e.bind(to: &statement, position: position)
            statement.bind(e.location.file)
            statement.bind(e.location.line ?? 0)
            statement.bindText(attributes)
        }
        nextID += 1
    }
}
