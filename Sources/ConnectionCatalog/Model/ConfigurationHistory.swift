/// The kind of an element kept in the configuration history. A child kind names its parent
/// (`EntityTypeMapping/Property`); the raw values are stored in the catalog and never change.
public enum ConfigurationElementKind: Int, Sendable, CaseIterable, Codable {
    case agent = 1, connector, connection, connectionTable, connectionTableColumn, entityType, entityProperty
    case entityTypeMapping, entityPropertyMapping, entityAssociation, entityAssociationMapping, resourceType
    case resourceTypeMapping, exportTask, fulfillTask, taskResourceType
    /// A member of `Connections` in the agent settings, and one of its keys.
    case connectionSettings, setting

    /// The element name, a child's prefixed with its parent's (`ConnectionTable/Column`).
    public var name: String {
        switch self {
        case .agent: "Agent"
        case .connector: "Connector"
        case .connection: "Connection"
        case .connectionTable: "ConnectionTable"
        case .connectionTableColumn: "ConnectionTable/Column"
        case .entityType: "EntityType"
        case .entityProperty: "EntityType/Property"
        case .entityTypeMapping: "EntityTypeMapping"
        case .entityPropertyMapping: "EntityTypeMapping/Property"
        case .entityAssociation: "EntityAssociation"
        case .entityAssociationMapping: "EntityAssociationMapping"
        case .resourceType: "ResourceType"
        case .resourceTypeMapping: "ResourceTypeMapping"
        case .exportTask: "ExportTask"
        case .fulfillTask: "FulfillTask"
        case .taskResourceType: "FulfillTask/TaskResourceType"
        case .connectionSettings: "ConnectionSettings"
        case .setting: "ConnectionSettings/Setting"
        }
    }

    /// The parent kind of a child kind.
    public var parent: ConfigurationElementKind? {
        switch self {
        case .connectionTableColumn: .connectionTable
        case .entityProperty: .entityType
        case .entityPropertyMapping: .entityTypeMapping
        case .taskResourceType: .fulfillTask
        case .setting: .connectionSettings
        default: nil
        }
    }
}

/// One element of one file as the configuration history keeps it: its content, and its line.
public struct HistoryElement: Sendable, Equatable, Hashable {
    public var kind: ConfigurationElementKind
    /// The XML element name when it differs from ``ConfigurationElementKind/name`` (a typed
    /// `LdapResourceTypeMapping`), else `nil`.
    public var element: String?
    public var identifier: String?
    /// Every attribute as stored (secret-valued ones redacted).
    public var attributes: XMLAttributes
    /// `nil` when unknown.
    public var line: Int?

    public init(kind: ConfigurationElementKind, element: String? = nil, identifier: String?, attributes: XMLAttributes, line: Int?) {
        self.kind = kind
        self.element = element
        self.identifier = identifier
        self.attributes = attributes
        self.line = line
    }

    /// What identifies this element within its kind (and parent), compared case-insensitively:
    /// the identifier; for a task resource type, its `ResourceType`.
    var key: String {
        switch kind {
        case .taskResourceType: (attributes["ResourceType"] ?? "").lowercased()
        default: (identifier ?? "").lowercased()
        }
    }
}

extension Configuration {
    /// Every element of this configuration, children right after their parent, in the order of
    /// ``updateEachElement(_:)``.
    public var historyElements: [HistoryElement] {
        var out: [HistoryElement] = []
        out.reserveCapacity(elementCount)
        func add(
            _ kind: ConfigurationElementKind, _ identifier: String?, _ attributes: XMLAttributes, _ location: SourceLocation,
            element: String? = nil
        ) {
            out.append(HistoryElement(kind: kind, element: element, identifier: identifier, attributes: attributes, line: location.line))
        }
        for e in agents { add(.agent, e.identifier, e.attributes, e.location) }
        for e in connectors { add(.connector, e.identifier, e.attributes, e.location) }
        for e in connections { add(.connection, e.identifier, e.attributes, e.location) }
        for t in connectionTables {
            add(.connectionTable, t.identifier, t.attributes, t.location)
            for c in t.columns { add(.connectionTableColumn, c.identifier, c.attributes, c.location) }
        }
        for t in entityTypes {
            add(.entityType, t.identifier, t.attributes, t.location)
            for p in t.properties { add(.entityProperty, p.identifier, p.attributes, p.location) }
        }
        for m in entityTypeMappings {
            add(.entityTypeMapping, m.identifier, m.attributes, m.location)
            for p in m.properties { add(.entityPropertyMapping, p.identifier, p.attributes, p.location) }
        }
        for e in entityAssociations { add(.entityAssociation, e.identifier, e.attributes, e.location) }
        for e in entityAssociationMappings { add(.entityAssociationMapping, e.identifier, e.attributes, e.location) }
        for e in resourceTypes { add(.resourceType, e.identifier, e.attributes, e.location) }
        for e in resourceTypeMappings {
            add(
                .resourceTypeMapping, e.identifier, e.attributes, e.location,
                element: e.element == "ResourceTypeMapping" ? nil : e.element)
        }
        for e in exportTasks { add(.exportTask, e.identifier, e.attributes, e.location) }
        for t in fulfillTasks {
            add(.fulfillTask, t.identifier, t.attributes, t.location)
            for r in t.taskResourceTypes { add(.taskResourceType, nil, r.attributes, r.location) }
        }
        return out
    }

    /// This configuration split by the file of each element (children go with their parent).
    public func splitByFile() -> [String: Configuration] {
        var parts: [String: Configuration] = [:]
        for e in agents { parts[e.location.file, default: Configuration()].agents.append(e) }
        for e in connectors { parts[e.location.file, default: Configuration()].connectors.append(e) }
        for e in connections { parts[e.location.file, default: Configuration()].connections.append(e) }
        for e in connectionTables { parts[e.location.file, default: Configuration()].connectionTables.append(e) }
        for e in entityTypes { parts[e.location.file, default: Configuration()].entityTypes.append(e) }
        for e in entityTypeMappings { parts[e.location.file, default: Configuration()].entityTypeMappings.append(e) }
        for e in entityAssociations { parts[e.location.file, default: Configuration()].entityAssociations.append(e) }
        for e in entityAssociationMappings { parts[e.location.file, default: Configuration()].entityAssociationMappings.append(e) }
        for e in resourceTypes { parts[e.location.file, default: Configuration()].resourceTypes.append(e) }
        for e in resourceTypeMappings { parts[e.location.file, default: Configuration()].resourceTypeMappings.append(e) }
        for e in exportTasks { parts[e.location.file, default: Configuration()].exportTasks.append(e) }
        for e in fulfillTasks { parts[e.location.file, default: Configuration()].fulfillTasks.append(e) }
        return parts
    }

    /// Appends the elements of one file (as ``historyElements`` lists them) located in `file`.
    /// Agent-settings kinds are ignored.
    public mutating func append(historyElements elements: [HistoryElement], file: String) {
        for e in elements {
            let location = SourceLocation(file: file, line: e.line)
            let id = e.identifier ?? ""
            switch e.kind {
            case .agent: agents.append(Agent(identifier: id, attributes: e.attributes, location: location))
            case .connector: connectors.append(Connector(identifier: id, attributes: e.attributes, location: location))
            case .connection: connections.append(Connection(identifier: id, attributes: e.attributes, location: location))
            case .connectionTable:
                connectionTables.append(DeclaredConnectionTable(identifier: id, attributes: e.attributes, location: location))
            case .connectionTableColumn:
                guard !connectionTables.isEmpty else { continue }
                connectionTables[connectionTables.count - 1].columns.append(
                    DeclaredColumn(identifier: id, attributes: e.attributes, location: location))
            case .entityType: entityTypes.append(EntityType(identifier: id, attributes: e.attributes, location: location))
            case .entityProperty:
                guard !entityTypes.isEmpty else { continue }
                entityTypes[entityTypes.count - 1].properties.append(EntityProperty(identifier: id, attributes: e.attributes, location: location))
            case .entityTypeMapping:
                entityTypeMappings.append(EntityTypeMapping(identifier: id, attributes: e.attributes, location: location))
            case .entityPropertyMapping:
                guard !entityTypeMappings.isEmpty else { continue }
                entityTypeMappings[entityTypeMappings.count - 1].properties.append(
                    PropertyMapping(identifier: id, attributes: e.attributes, location: location))
            case .entityAssociation:
                entityAssociations.append(EntityAssociation(identifier: id, attributes: e.attributes, location: location))
            case .entityAssociationMapping:
                entityAssociationMappings.append(EntityAssociationMapping(identifier: id, attributes: e.attributes, location: location))
            case .resourceType: resourceTypes.append(ResourceType(identifier: id, attributes: e.attributes, location: location))
            case .resourceTypeMapping:
                resourceTypeMappings.append(
                    ResourceTypeMapping(
                        element: e.element ?? "ResourceTypeMapping", identifier: id,
                        attributes: e.attributes, location: location))
            case .exportTask: exportTasks.append(ExportTask(identifier: e.identifier, attributes: e.attributes, location: location))
            case .fulfillTask: fulfillTasks.append(FulfillTask(identifier: e.identifier, attributes: e.attributes, location: location))
            case .taskResourceType:
                guard !fulfillTasks.isEmpty else { continue }
                fulfillTasks[fulfillTasks.count - 1].taskResourceTypes.append(TaskResourceType(attributes: e.attributes, location: location))
            case .connectionSettings, .setting: continue
            }
        }
    }
}

extension AgentSettings {
    /// The `Connections` members and their keys as history elements: a secret key keeps no value.
    public var historyElements: [HistoryElement] {
        var out: [HistoryElement] = []
        out.reserveCapacity(historyElementCount)
        for connection in connections { out += Self.historyElements(of: connection) }
        return out
    }

    /// ``historyElements`` built one `Connections` member at a time while they are read, so that
    /// writing them never holds all of them (one per member and one per key: tens of megabytes
    /// for ten thousand connections).
    var lazyHistoryElements: some Sequence<HistoryElement> {
        connections.lazy.flatMap { Self.historyElements(of: $0) }
    }

    /// How many elements ``historyElements`` lists: one per `Connections` member and one per key.
    var historyElementCount: Int {
        connections.reduce(connections.count) { $0 + $1.settings.count }
    }

    /// One `Connections` member as history elements: the member, then each of its keys.
    static func historyElements(of connection: ConnectionSettings) -> [HistoryElement] {
        var out: [HistoryElement] = []
        out.reserveCapacity(connection.settings.count + 1)
        var attributes = XMLAttributes()
        if let path = connection.location.jsonPath { attributes.items.append(XMLAttribute(name: "JsonPath", value: path)) }
        out.append(
            HistoryElement(
                kind: .connectionSettings, identifier: connection.connection, attributes: attributes,
                line: connection.location.line))
        for s in connection.settings {
            var attributes = XMLAttributes([XMLAttribute(name: "JsonPath", value: s.jsonPath)])
            if s.isSecret {
                attributes.items.append(XMLAttribute(name: "Secret", value: "true"))
            } else if let value = s.value {
                attributes.items.append(XMLAttribute(name: "Value", value: value))
            }
            out.append(HistoryElement(kind: .setting, identifier: s.key, attributes: attributes, line: nil))
        }
        return out
    }

    /// The `Connections` of `elements` (as ``historyElements`` lists them), located in `file`.
    public init(file: String, historyElements elements: [HistoryElement]) {
        self.init(file: file)
        for e in elements {
            switch e.kind {
            case .connectionSettings:
                connections.append(
                    ConnectionSettings(
                        connection: e.identifier ?? "", settings: [],
                        location: SourceLocation(file: file, line: e.line, jsonPath: e.attributes["JsonPath"])))
            case .setting:
                guard !connections.isEmpty else { continue }
                let secret = e.attributes["Secret"] == "true"
                connections[connections.count - 1].settings.append(
                    ConnectionSetting(
                        key: e.identifier ?? "", value: secret ? nil : e.attributes["Value"], isSecret: secret,
                        jsonPath: e.attributes["JsonPath"] ?? ""))
            default: continue
            }
        }
    }
}
