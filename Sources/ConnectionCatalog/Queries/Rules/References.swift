/// One reference written in the configuration: an attribute whose value is the identifier of
/// another element (cross-reference map).
struct Reference {
    enum Target: String {
        case agent = "Agent", connector = "Connector", connection = "Connection"
        case entityType = "EntityType", resourceType = "ResourceType"
        /// `EntityType:Property`.
        case entityProperty = "EntityType:Property"
    }

    /// The referring element as the product names it, with its identifier when it has one
    /// (`ExportTask HRFeed_Export`).
    var element: String
    var attribute: String
    var written: String
    var target: Target
    var location: SourceLocation

    /// What `transform` makes of every reference of the configuration, in configuration order,
    /// one reference at a time (the references are never held together). EntityTypeMapping and
    /// EntityAssociationMapping identifiers and property mappings are the mapping rules' concern.
    static func compactMap<T>(in c: Configuration, _ transform: (Reference) -> T?) -> [T] {
        var result: [T] = []
        forEach(in: c) { if let value = transform($0) { result.append(value) } }
        return result
    }

    /// Calls `body` with every reference of the configuration, in configuration order.
    private static func forEach(in c: Configuration, _ body: (Reference) -> Void) {
        func add(_ element: @autoclosure () -> String, _ attribute: String, _ value: String?, _ target: Target, _ location: SourceLocation) {
            guard let value, !value.isEmpty else { return }
            body(Reference(element: element(), attribute: attribute, written: value, target: target, location: location))
        }
        for connector in c.connectors {
            add("Connector \(connector.identifier)", "Agent", connector.agent, .agent, connector.location)
        }
        for connection in c.connections {
            add("Connection \(connection.identifier)", "Connector", connection.connector, .connector, connection.location)
        }
        for table in c.connectionTables {
            add("ConnectionTable \(table.identifier)", "Connection", table.connection, .connection, table.location)
        }
        for mapping in c.entityTypeMappings {
            add("EntityTypeMapping \(mapping.identifier)", "Connector", mapping.connector, .connector, mapping.location)
        }
        for association in c.entityAssociations {
            add("EntityAssociation \(association.identifier)", "Property1", association.property1, .entityProperty, association.location)
            add("EntityAssociation \(association.identifier)", "Property2", association.property2, .entityProperty, association.location)
        }
        for mapping in c.entityAssociationMappings {
            add("EntityAssociationMapping \(mapping.identifier)", "Connector", mapping.connector, .connector, mapping.location)
        }
        for type in c.resourceTypes {
            add("ResourceType \(type.identifier)", "SourceEntityType", type.sourceEntityType, .entityType, type.location)
            add("ResourceType \(type.identifier)", "TargetEntityType", type.targetEntityType, .entityType, type.location)
        }
        for mapping in c.resourceTypeMappings {
            add("\(mapping.element) \(mapping.identifier)", "Identifier", mapping.identifier, .resourceType, mapping.location)
            add("\(mapping.element) \(mapping.identifier)", "Connection", mapping.connection, .connection, mapping.location)
        }
        for task in c.exportTasks {
            let name = "ExportTask" + (task.identifier.map { " \($0)" } ?? "")
            add(name, "Agent", task.agent, .agent, task.location)
            add(name, "Connection", task.connection, .connection, task.location)
        }
        for task in c.fulfillTasks {
            let name = "FulfillTask" + (task.identifier.map { " \($0)" } ?? "")
            add(name, "Agent", task.agent, .agent, task.location)
            add(name, "Connector", task.connector, .connector, task.location)
            add(name, "Connection", task.connection, .connection, task.location)
            for child in task.taskResourceTypes {
                add("TaskResourceType of \(name)", "ResourceType", child.resourceType, .resourceType, child.location)
            }
        }
    }
}

extension CheckContext {
    /// How `reference` resolves: the target's own spelling, or `.missing`.
    func resolve(_ reference: Reference) -> Match<String> {
        let written = reference.written
        switch reference.target {
        case .agent: return Self.match(written, in: agents, \.identifier).spelling(\.identifier)
        case .connector: return Self.match(written, in: connectors, \.identifier).spelling(\.identifier)
        case .connection: return Self.match(written, in: connections, \.identifier).spelling(\.identifier)
        case .entityType: return Self.match(written, in: entityTypes, \.identifier).spelling(\.identifier)
        case .resourceType: return Self.match(written, in: resourceTypes, \.identifier).spelling(\.identifier)
        case .entityProperty: return resolveEntityProperty(written)
        }
    }

    /// An `EntityType:Property` reference: both parts must resolve.
    func resolveEntityProperty(_ written: String) -> Match<String> {
        guard let (typeName, propertyName) = Self.splitEntityProperty(written) else { return .missing }
        let typeMatch = Self.match(typeName, in: entityTypes, \.identifier)
        guard let type = typeMatch.value else { return .missing }
        let propertyMatch = property(propertyName, of: type)
        guard let property = propertyMatch.value else { return .missing }
        let actual = "\(type.identifier):\(property)"
        return actual == written ? .exact(actual) : .caseOnly(actual, actual: actual)
    }

    /// `("HR_Person", "Manager")` for `HR_Person:Manager`; `nil` when not in that form.
    static func splitEntityProperty(_ written: String) -> (String, String)? {
        let parts = written.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

extension CheckContext.Match {
    /// The same match carrying the target's spelling.
    func spelling(_ key: KeyPath<T, String>) -> CheckContext.Match<String> {
        switch self {
        case .exact(let value): .exact(value[keyPath: key])
        case .caseOnly(let value, let actual): .caseOnly(value[keyPath: key], actual: actual)
        case .missing: .missing
        }
    }
}
