/// A kind of configuration element stored as one row per element in its own table of the current
/// configuration: the kind declares its table, its columns and how it binds them; one routine
/// (``ElementInserter/write(_:children:)``) writes any kind.
///
/// Every row ends with the element's `file`, `line` (0 when unknown) and `attributes` (a JSON
/// object, names as keys, in document order); those three columns are not listed in ``columns``.
/// A child kind (``parentColumn`` set) starts its row with the row id of its parent's row.
protocol PersistedElement: LocatedElement {
    /// The kind the configuration history records an element of this kind as.
    static var kind: ConfigurationElementKind { get }
    /// The table holding one row per element of this kind.
    static var table: String { get }
    /// The column holding the parent row's id, first in the row; `nil` for a top-level kind.
    static var parentColumn: String? { get }
    /// The element's own columns, in the order ``bind(to:position:)`` binds them (after
    /// ``parentColumn``, before `file`, `line` and `attributes`).
    static var columns: [String] { get }
    /// The kind's name in duplicate reports when identifiers must be unique case-insensitively
    /// across the whole configuration; `nil` when the kind is not checked that way.
    static var uniquenessKind: String? { get }
    /// The identifier checked for uniqueness; `nil` skips the check for this element.
    var uniqueIdentifier: String? { get }
    /// Binds the values of ``columns`` in order.
    /// - Parameter position: the element's 1-based position among its siblings.
    func bind(to statement: inout RawStatement, position: Int)
}

extension PersistedElement {
    static var parentColumn: String? { nil }
    static var uniquenessKind: String? { nil }
    var uniqueIdentifier: String? { nil }

    /// The columns of a row in the order they are bound: `id`, the parent's id (a child kind),
    /// ``columns``, then `file`, `line` and `attributes`.
    static var rowColumns: [String] { ["id"] + (parentColumn.map { [$0] } ?? []) + columns + ["file", "line", "attributes"] }

    /// `INSERT INTO table (id, parent, columns..., file, line, attributes) VALUES`: the head of
    /// the statement that writes rows of this kind (``BatchedInsert``).
    static var insertHead: String { "INSERT INTO \(table) (\(rowColumns.joined(separator: ", "))) VALUES" }
}

extension Agent: PersistedElement {
    static let kind = ConfigurationElementKind.agent
    static let table = "agent"
    static let columns = ["identifier", "display_name", "uri"]
    static let uniquenessKind: String? = "Agent"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(uri)
    }
}

extension Connector: PersistedElement {
    static let kind = ConfigurationElementKind.connector
    static let table = "connector"
    static let columns = ["identifier", "display_name", "agent"]
    static let uniquenessKind: String? = "Connector"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(agent)
    }
}

extension Connection: PersistedElement {
    static let kind = ConfigurationElementKind.connection
    static let table = "connection"
    static let columns = ["identifier", "display_name", "connector", "package"]
    static let uniquenessKind: String? = "Connection"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(connector)
        s.bind(package)
    }
}

extension DeclaredConnectionTable: PersistedElement {
    static let kind = ConfigurationElementKind.connectionTable
    static let table = "connection_table"
    static let columns = ["connection", "identifier", "display_name", "path"]
    static let uniquenessKind: String? = "ConnectionTable"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(connection)
        s.bind(identifier)
        s.bind(attributes["DisplayName"])
        s.bind(attributes["Path"])
    }
}

extension DeclaredColumn: PersistedElement {
    static let kind = ConfigurationElementKind.connectionTableColumn
    static let table = "connection_table_column"
    static let parentColumn: String? = "connection_table_id"
    static let columns = ["position", "identifier", "display_name"]
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(position)
        s.bind(identifier)
        s.bind(attributes["DisplayName"])
    }
}

extension EntityType: PersistedElement {
    static let kind = ConfigurationElementKind.entityType
    static let table = "entity_type"
    static let columns = ["identifier", "display_name"]
    static let uniquenessKind: String? = "EntityType"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
    }
}

/// Property identifiers are unique within their entity type only (checked by the inserter).
extension EntityProperty: PersistedElement {
    static let kind = ConfigurationElementKind.entityProperty
    static let table = "entity_property"
    static let parentColumn: String? = "entity_type_id"
    static let columns = ["identifier", "display_name", "type", "is_key"]
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(attributes.displayName)
        s.bind(type)
        s.bind(isKey)
    }
}

extension EntityTypeMapping: PersistedElement {
    static let kind = ConfigurationElementKind.entityTypeMapping
    static let table = "entity_type_mapping"
    static let columns = ["identifier", "connector", "connection_table", "connection_table_key"]
    static let uniquenessKind: String? = "EntityTypeMapping"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(connector)
        s.bind(connectionTable)
        s.bind(connectionTable.map(TableName.key))
    }
}

extension PropertyMapping: PersistedElement {
    static let kind = ConfigurationElementKind.entityPropertyMapping
    static let table = "entity_property_mapping"
    static let parentColumn: String? = "entity_type_mapping_id"
    static let columns = ["identifier", "connection_column", "format", "is_primary_key", "is_unique_key"]
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(connectionColumn)
        s.bind(format)
        s.bind(isPrimaryKey)
        s.bind(isUniqueKey)
    }
}

extension EntityAssociation: PersistedElement {
    static let kind = ConfigurationElementKind.entityAssociation
    static let table = "entity_association"
    static let columns = ["identifier", "property1", "property2", "is_property1_collection", "is_property2_collection"]
    static let uniquenessKind: String? = "EntityAssociation"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(property1)
        s.bind(property2)
        s.bind(attributes.bool("IsProperty1Collection"))
        s.bind(attributes.bool("IsProperty2Collection"))
    }
}

extension EntityAssociationMapping: PersistedElement {
    static let kind = ConfigurationElementKind.entityAssociationMapping
    static let table = "entity_association_mapping"
    static let columns = [
        "identifier", "connector", "connection_table", "connection_table_key", "column1", "column2",
        "entity_property_mapping1", "entity_property_mapping2",
    ]
    static let uniquenessKind: String? = "EntityAssociationMapping"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(connector)
        s.bind(connectionTable)
        s.bind(connectionTable.map(TableName.key))
        s.bind(column1)
        s.bind(column2)
        s.bind(entityPropertyMapping1)
        s.bind(entityPropertyMapping2)
    }
}

extension ResourceType: PersistedElement {
    static let kind = ConfigurationElementKind.resourceType
    static let table = "resource_type"
    static let columns = ["identifier", "display_name", "source_entity_type", "target_entity_type"]
    static let uniquenessKind: String? = "ResourceType"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(sourceEntityType)
        s.bind(targetEntityType)
    }
}

extension ResourceTypeMapping: PersistedElement {
    static let kind = ConfigurationElementKind.resourceTypeMapping
    static let table = "resource_type_mapping"
    static let columns = ["element", "identifier", "connection"]
    static let uniquenessKind: String? = "resource type mapping"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(element)
        s.bind(identifier)
        s.bind(connection)
    }
}

/// An export task without Identifier is stored unchecked.
extension ExportTask: PersistedElement {
    static let kind = ConfigurationElementKind.exportTask
    static let table = "export_task"
    static let columns = ["identifier", "display_name", "agent", "connection", "open_id_client"]
    static let uniquenessKind: String? = "ExportTask"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(agent)
        s.bind(connection)
        s.bind(openIdClient)
    }
}

/// A fulfill task without Identifier is stored unchecked.
extension FulfillTask: PersistedElement {
    static let kind = ConfigurationElementKind.fulfillTask
    static let table = "fulfill_task"
    static let columns = ["identifier", "display_name", "agent", "connector", "connection", "open_id_client"]
    static let uniquenessKind: String? = "FulfillTask"
    var uniqueIdentifier: String? { identifier }
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(identifier)
        s.bind(displayName)
        s.bind(agent)
        s.bind(connector)
        s.bind(connection)
        s.bind(openIdClient)
    }
}

extension TaskResourceType: PersistedElement {
    static let kind = ConfigurationElementKind.taskResourceType
    static let table = "task_resource_type"
    static let parentColumn: String? = "fulfill_task_id"
    static let columns = ["resource_type"]
    func bind(to s: inout RawStatement, position: Int) {
        s.bind(resourceType)
    }
}
