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

        init?(table: String) {
            guard let kind = Self.allCases.first(where: { $0.table == table }) else { return nil }
            self = kind
        }

        /// The catalog table of the current configuration that holds elements of this kind.
        var table: String {
            switch self {
            case .agent: "agent"
            case .connector: "connector"
            case .connection: "connection"
            case .connectionTable: "connection_table"
            case .entityType: "entity_type"
            case .entityTypeMapping: "entity_type_mapping"
            case .entityAssociation: "entity_association"
            case .entityAssociationMapping: "entity_association_mapping"
            case .resourceType: "resource_type"
            case .resourceTypeMapping: "resource_type_mapping"
            case .exportTask: "export_task"
            case .fulfillTask: "fulfill_task"
            case .connectionSettings: "connection_settings"
            }
        }

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

    /// First declaration of each identifier (lower-cased; `""` for a missing one), per kind, as
    /// a compact ``Place``: the location is rebuilt only when a clash is reported.
    private var firstSeen = [[String: Place]](repeating: [:], count: Kind.allCases.count)

    /// Where an identifier was first declared, in 16 bytes rather than a whole location per
    /// element: its file (and JSON path) as an index into ``sources``, its line and column (0
    /// when unknown).
    private struct Place {
        var line: Int
        var source: Int32
        var column: Int32
    }

    /// The files (with JSON path) of the places noted, each once; ``sourceIndex`` finds them.
    private var sources: [SourceLocation] = []
    private var sourceIndex: [String: Int32] = [:]
    /// The last file interned: the elements of one file come together.
    private var lastSource: (file: String, index: Int32)?

    private mutating func place(_ location: SourceLocation) -> Place {
        let source: Int32
        if location.jsonPath != nil {
            // A JSON path names one member: kept whole, not shared.
            source = Int32(sources.count)
            sources.append(SourceLocation(file: location.file, jsonPath: location.jsonPath))
        } else if let lastSource, lastSource.file == location.file {
            source = lastSource.index
        } else if let found = sourceIndex[location.file] {
            source = found
            lastSource = (location.file, found)
        } else {
            source = Int32(sources.count)
            sources.append(SourceLocation(file: location.file))
            sourceIndex[location.file] = source
            lastSource = (location.file, source)
        }
        // Lines and columns are 1-based: 0 stands for unknown. Any other value (0 or less given
        // explicitly, a column beyond 32 bits) keeps the location whole.
        let lineFits = location.line.map { $0 > 0 } ?? true
        let columnFits = location.column.map { $0 > 0 && $0 <= Int(Int32.max) } ?? true
        guard lineFits, columnFits else {
            sources.append(location)
            return Place(line: -1, source: Int32(sources.count - 1), column: 0)
        }
        return Place(line: location.line ?? 0, source: source, column: location.column.map { Int32($0) } ?? 0)
    }

    private func location(_ place: Place) -> SourceLocation {
        var location = sources[Int(place.source)]
        if place.line == -1 { return location }
        location.line = place.line == 0 ? nil : place.line
        location.column = place.column == 0 ? nil : Int(place.column)
        return location
    }

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

    /// Identifiers of files reused unread that come later in reading order (see
    /// ``expect(stored:)``), per kind, lower-cased, with how many times each is still to come.
    private var ahead = [[String: Int]](repeating: [:], count: Kind.allCases.count)
    /// Whether a part declared an identifier that a file to come holds: that file will clash.
    private(set) var clashAhead = false

    /// Whether the parts added so far may be written: no clash now, and none to come with the
    /// identifiers of files reused unread that are already in the catalog.
    var mayWrite: Bool { !hasClash && !clashAhead }

    /// Announces the identifiers of files reused unread, before any part is added: those files'
    /// rows are in the catalog already, so a part that declares one of their identifiers must
    /// not be written even when the file holding it comes later in reading order.
    mutating func expect(stored: [StoredIdentifier]) {
        for e in stored {
            guard let kind = Kind(table: e.table), let identifier = e.identifier else { continue }
            ahead[kind.rawValue][Identifier.fold(identifier), default: 0] += 1
        }
    }

    /// Notes the identifiers that the catalog holds for one file reused unread (its elements as
    /// the previous import stored them), in the file's order within each kind.
    mutating func add(stored: [StoredIdentifier]) {
        for e in stored {
            guard let kind = Kind(table: e.table), let identifier = e.identifier else { continue }
            let key = Identifier.fold(identifier)
            if let count = ahead[kind.rawValue][key] { ahead[kind.rawValue][key] = count > 1 ? count - 1 : nil }
            note(kind, identifier, e.location)
        }
    }

    /// Notes the `Connections` keys of the agent settings (stored after the XML elements).
    mutating func add(_ settings: AgentSettings) {
        for connection in settings.connections { note(.connectionSettings, connection.connection, connection.location) }
    }

    private mutating func note(_ kind: Kind, _ identifier: String, _ location: SourceLocation) {
        let key = Identifier.fold(identifier)
        if ahead[kind.rawValue][key] != nil { clashAhead = true }
        guard clashes[kind.rawValue] == nil else { return }  // only the first clash of a kind is reported
        guard let firstPlace = firstSeen[kind.rawValue][key] else {
            firstSeen[kind.rawValue][key] = place(location)
            return
        }
        let first = self.location(firstPlace)
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

/// One identifier of the current configuration as the catalog holds it: the table of its kind,
/// the identifier (`nil` for a task without one), where it is declared.
struct StoredIdentifier: Sendable, Equatable {
    var table: String
    var identifier: String?
    var location: SourceLocation
}
