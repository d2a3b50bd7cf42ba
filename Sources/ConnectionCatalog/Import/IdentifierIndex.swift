/// The identifiers of one import, checked as its files are read and before anything is written.
///
/// Identifiers are unique case-insensitively within their kind (XML Connection page,
/// `docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/connectors/connection/index.md`:
/// `adexport` and `ADEXPORT` clash); Property identifiers within their EntityType; keys under
/// `Connections` in the agent settings. One element of a kind may lack its Identifier (the check
/// reports it); a second one cannot be stored beside it.
///
/// Fed part by part (one file's elements at a time, in reading order), it reports the clash that
/// checking the whole configuration at once reports: the first kind in storage order that has a
/// clash (agents, connectors, connections, tables, entity types, mappings, associations,
/// resource types, tasks, then agent settings keys), at the first later declaration of that kind.
struct IdentifierIndex {
    /// Kinds in the order the catalog stores them: the order their clashes take precedence in.
    private enum Kind: Int, CaseIterable {
        case agent, connector, connection, connectionTable, entityType, entityTypeMapping, entityAssociation,
            entityAssociationMapping, resourceType, resourceTypeMapping, exportTask, fulfillTask, connectionSettings

        var name: String {
            switch self {
            case .agent: "Agent"
            case .connector: "Connector"
            case .connection: "Connection"
            case .connectionTable: "ConnectionTable"
            case .entityType: "EntityType"
            case .entityTypeMapping: "EntityTypeMapping"
            case .entityAssociation: "EntityAssociation"
            case .entityAssociationMapping: "EntityAssociationMapping"
            case .resourceType: "ResourceType"
            case .resourceTypeMapping: "resource type mapping"
            case .exportTask: "ExportTask"
            case .fulfillTask: "FulfillTask"
            case .connectionSettings: "connection key under Connections"
            }
        }
    }

    /// First declaration of each identifier (lower-cased; `""` for a missing one), per kind.
    private var firstSeen = [[String: SourceLocation]](repeating: [:], count: Kind.allCases.count)
    /// The first clash of each kind, in reading order.
    private var clashes = [InputError?](repeating: nil, count: Kind.allCases.count)

    init() {}

    /// Whether a clash was found: the import will fail, and nothing more needs to be written.
    private(set) var hasClash = false

    /// The clash to report, `nil` when every identifier is unique so far.
    var firstClash: InputError? { clashes.lazy.compactMap { $0 }.first }

    /// Notes the identifiers of `part` (one file's elements, or all of them).
    mutating func add(_ c: Configuration) {
        for e in c.agents { note(.agent, e.identifier, e.location) }
        for e in c.connectors { note(.connector, e.identifier, e.location) }
        for e in c.connections { note(.connection, e.identifier, e.location) }
        for e in c.connectionTables { note(.connectionTable, e.identifier, e.location) }
        for t in c.entityTypes {
            note(.entityType, t.identifier, t.location)
            // A type's own clash comes before its properties'; the first of either is kept.
            guard clashes[Kind.entityType.rawValue] == nil else { continue }
            var seenProperties: [String: SourceLocation] = [:]
            for p in t.properties where !p.identifier.isEmpty {
                let key = Identifier.fold(p.identifier)
                if let first = seenProperties[key] {
                    record(.entityType, Self.duplicate("Property of EntityType \(t.identifier)", p.identifier, p.location, first: first))
                    break
                }
                seenProperties[key] = p.location
            }
        }
        for e in c.entityTypeMappings { note(.entityTypeMapping, e.identifier, e.location) }
        for e in c.entityAssociations { note(.entityAssociation, e.identifier, e.location) }
        for e in c.entityAssociationMappings { note(.entityAssociationMapping, e.identifier, e.location) }
        for e in c.resourceTypes { note(.resourceType, e.identifier, e.location) }
        for e in c.resourceTypeMappings { note(.resourceTypeMapping, e.identifier, e.location) }
        for e in c.exportTasks { if let id = e.identifier { note(.exportTask, id, e.location) } }
        for e in c.fulfillTasks { if let id = e.identifier { note(.fulfillTask, id, e.location) } }
    }

    /// Notes the `Connections` keys of the agent settings (stored after the XML elements).
    mutating func add(_ settings: AgentSettings) {
        for connection in settings.connections { note(.connectionSettings, connection.connection, connection.location) }
    }

    private mutating func note(_ kind: Kind, _ identifier: String, _ location: SourceLocation) {
        guard clashes[kind.rawValue] == nil else { return }  // only the first clash of a kind is reported
        let key = Identifier.fold(identifier)
        guard let first = firstSeen[kind.rawValue][key] else {
            firstSeen[kind.rawValue][key] = location
            return
        }
        if identifier.isEmpty {
            record(
                kind,
                InputError(
                    location, "\(kind.name) without Identifier, like the one at \(first)",
                    hint: "give each \(kind.name) its Identifier"))
        } else {
            record(kind, Self.duplicate(kind.name, identifier, location, first: first))
        }
    }

    private mutating func record(_ kind: Kind, _ error: InputError) {
        clashes[kind.rawValue] = error
        hasClash = true
    }

    static func duplicate(_ kind: String, _ identifier: String, _ location: SourceLocation, first: SourceLocation) -> InputError {
        InputError(
            location, "\(kind) '\(identifier)' is declared twice (first at \(first)); identifiers are compared case-insensitively",
            hint: "rename or remove one of the two declarations")
    }
}
