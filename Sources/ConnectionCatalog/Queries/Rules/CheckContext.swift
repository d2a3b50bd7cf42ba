/// A ``CheckInput`` with the look-ups rules share: elements by identifier (case-insensitively,
/// as the product compares identifiers), settings and schemas by connection.
public struct CheckContext: Sendable {
    /// What the rules check.
    public let input: CheckInput
    let connections: [String: Connection]
    let connectors: [String: Connector]
    let agents: [String: Agent]
    let entityTypes: [String: EntityType]
    let entityAssociations: [String: EntityAssociation]
    let resourceTypes: [String: ResourceType]
    let entityTypeMappings: [String: EntityTypeMapping]
    let settings: [String: ConnectionSettings]
    let schemas: [String: ConnectionSchemaState]
    /// The property identifiers of each entity type, by lower-cased identifier (both keys
    /// lower-cased), built once.
    let properties: [String: [String: String]]
    /// Connections by lower-cased `Connector`, in configuration order.
    let connectionsByConnector: [String: [Connection]]
    /// ``dependants(of:)`` by lower-cased connection, built once.
    private let dependantsByConnection: [String: [String]]
    /// Resource type mappings by lower-cased identifier (the first wins; empty ones included).
    let resourceTypeMappingsByIdentifier: [String: ResourceTypeMapping]
    /// The `Connection` of the first export task with a lower-cased identifier that has one.
    let exportTaskConnections: [String: String]
    /// The `Connection` of the first fulfill task with a lower-cased identifier that has one.
    let fulfillTaskConnections: [String: String]
    /// Mappings compared with their connection's schema in force (shared by the drift rules).
    private(set) var driftItems: [DriftItem] = []

    /// Indexes `input` and compares every mapping with its connection's schema in force.
    public init(_ input: CheckInput) {
        self.input = input
        let c = input.configuration
        connections = Self.index(c.connections, \.identifier)
        connectors = Self.index(c.connectors, \.identifier)
        agents = Self.index(c.agents, \.identifier)
        entityTypes = Self.index(c.entityTypes, \.identifier)
        entityAssociations = Self.index(c.entityAssociations, \.identifier)
        resourceTypes = Self.index(c.resourceTypes, \.identifier)
        entityTypeMappings = Self.index(c.entityTypeMappings, \.identifier)
        settings = Self.index(input.agentSettings?.connections ?? [], \.connection)
        schemas = Self.index(input.schemas, \.connection)
        properties = input.propertyIdentifiers ?? entityTypes.mapValues { Self.propertyIdentifiers(of: $0) }
        connectionsByConnector = Dictionary(grouping: c.connections) { $0.connector?.lowercased() ?? "" }
        var dependants: [String: [String]] = [:]
        for task in c.exportTasks {
            guard let connection = task.connection else { continue }
            dependants[connection.lowercased(), default: []].append("ExportTask \(task.identifier ?? "(no Identifier)") (\(task.location))")
        }
        for task in c.fulfillTasks {
            guard let connection = task.connection else { continue }
            dependants[connection.lowercased(), default: []].append("FulfillTask \(task.identifier ?? "(no Identifier)") (\(task.location))")
        }
        for mapping in c.resourceTypeMappings {
            guard let connection = mapping.connection else { continue }
            dependants[connection.lowercased(), default: []].append("\(mapping.element) \(mapping.identifier) (\(mapping.location))")
        }
        dependantsByConnection = dependants
        var mappings: [String: ResourceTypeMapping] = [:]
        for mapping in c.resourceTypeMappings where mappings[mapping.identifier.lowercased()] == nil {
            mappings[mapping.identifier.lowercased()] = mapping
        }
        resourceTypeMappingsByIdentifier = mappings
        func taskConnections(_ tasks: [(identifier: String?, connection: String?)]) -> [String: String] {
            var result: [String: String] = [:]
            for task in tasks {
                guard let identifier = task.identifier?.lowercased(), let connection = task.connection, result[identifier] == nil else { continue }
                result[identifier] = connection
            }
            return result
        }
        exportTaskConnections = taskConnections(c.exportTasks.map { ($0.identifier, $0.connection) })
        fulfillTaskConnections = taskConnections(c.fulfillTasks.map { ($0.identifier, $0.connection) })
        driftItems = Self.driftItems(self)
    }

    var configuration: Configuration { input.configuration }

    /// The attributes the rules and ``ConfigurationCheck/connection(of:in:)`` read, by element
    /// kind (through the elements' accessors, such as ``Connection/connector``, or by name):
    /// the check loads only these from the catalog, and every element's identifier and location.
    /// A rule that reads another attribute must add it here.
    static let attributesRead: [ConfigurationElementKind: Set<String>] = [
        .agent: [],
        .connector: ["Agent"],
        .connection: ["Connector", "Package", "DisplayName_L1", "DeactivationExportFulfill"],
        .connectionTable: ["Connection"],
        .connectionTableColumn: [],
        .entityType: [],
        .entityProperty: [],
        .entityTypeMapping: ["Connector", "ConnectionTable"],
        .entityPropertyMapping: ["ConnectionColumn", "IsPrimaryKey", "IsUniqueKey"],
        .entityAssociation: ["Property1", "Property2"],
        .entityAssociationMapping: [
            "Connector", "ConnectionTable", "Column1", "Column2", "EntityPropertyMapping1", "EntityPropertyMapping2",
        ],
        .resourceType: ["SourceEntityType", "TargetEntityType"],
        .resourceTypeMapping: ["Connection"],
        .exportTask: ["Agent", "Connection"],
        .fulfillTask: ["Agent", "Connector", "Connection"],
        .taskResourceType: ["ResourceType"],
    ]

    /// Elements by lower-cased identifier; the first declaration wins (the import refuses
    /// duplicates, so there is only one).
    static func index<T>(_ elements: [T], _ key: KeyPath<T, String>) -> [String: T] {
        var result: [String: T] = [:]
        for element in elements where !element[keyPath: key].isEmpty {
            let k = element[keyPath: key].lowercased()
            if result[k] == nil { result[k] = element }
        }
        return result
    }

    /// How a written reference matched its target.
    enum Match<T> {
        case exact(T)
        /// Matched only case-insensitively; `actual` is the target's own spelling.
        case caseOnly(T, actual: String)
        case missing

        var value: T? {
            switch self {
            case .exact(let value), .caseOnly(let value, _): value
            case .missing: nil
            }
        }
    }

    static func match<T>(_ written: String, in index: [String: T], _ key: KeyPath<T, String>) -> Match<T> {
        guard let found = index[written.lowercased()] else { return .missing }
        let actual = found[keyPath: key]
        return actual == written ? .exact(found) : .caseOnly(found, actual: actual)
    }

    /// The identifier of the property `identifier` of `type` as declared, compared
    /// case-insensitively.
    func property(_ identifier: String, of type: EntityType) -> Match<String> {
        Self.match(identifier, in: properties[type.identifier.lowercased()] ?? Self.propertyIdentifiers(of: type), \.self)
    }

    /// The property identifiers of `type` by lower-cased identifier; the first declaration wins.
    static func propertyIdentifiers(of type: EntityType) -> [String: String] {
        var result: [String: String] = [:]
        for property in type.properties where !property.identifier.isEmpty {
            let key = property.identifier.lowercased()
            if result[key] == nil { result[key] = property.identifier }
        }
        return result
    }

    /// The documented package of `connection`, when its `Package` names one.
    func package(of connection: Connection) -> ConnectorPackage? {
        connection.package.flatMap(ConnectorPackage.named)
    }

    /// The part of a package `DeactivationExportFulfill` turns off: `1`/`Export` or `2`/`Fulfill`
    /// (documented as numbers, written as names in examples). Doc: XML Connection page.
    enum Deactivated { case none, export, fulfill }

    static func deactivated(_ connection: Connection) -> Deactivated {
        switch connection.attributes["DeactivationExportFulfill"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "export": .export
        case "2", "fulfill": .fulfill
        default: .none
        }
    }

    /// The connection a ConnectionTable belongs to: among the connections of `connector`, the
    /// one whose identifier is the longest case-insensitive prefix of the table (without `.csv`)
    /// followed by `_` or the end; failing that, the same among all connections
    /// (`ofConnector` is then `false`). Doc: Connections page ("files whose names start with the
    /// connection's identifier").
    ///
    /// Looks up each candidate prefix of the table (the whole key, then the key up to each `_`)
    /// in the connections index rather than comparing every connection: one look-up per `_`.
    func owningConnection(ofTable table: String, connector: String?) -> (connection: Connection, ofConnector: Bool)? {
        let key = TableName.key(table).lowercased()
        var candidates: [Connection] = []
        if let whole = connections[key] { candidates.append(whole) }
        var index = key.startIndex
        while let underscore = key[index...].firstIndex(of: "_") {
            if let found = connections[String(key[..<underscore])] { candidates.append(found) }
            index = key.index(after: underscore)
        }
        func best(_ candidates: [Connection]) -> Connection? {
            var found: Connection?
            for candidate in candidates where found == nil || candidate.identifier.count > found!.identifier.count {
                found = candidate
            }
            return found
        }
        if let connector, !connector.isEmpty {
            let wanted = connector.lowercased()
            if let found = best(candidates.filter { $0.connector?.lowercased() == wanted }) { return (found, true) }
        }
        return best(candidates).map { ($0, false) }
    }

    /// The elements that use `connection` through their `Connection` attribute, as
    /// `ExportTask X (file:line)`, in configuration order.
    func dependants(of connection: String) -> [String] {
        dependantsByConnection[connection.lowercased()] ?? []
    }
}
