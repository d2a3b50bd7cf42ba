extension Configuration {
    /// Calls `body` with the attributes and location of every element, children included
    /// (columns, properties, property mappings, task resource types), in storage order: the one
    /// walk that every whole-configuration rewrite uses.
    public mutating func updateEachElement(_ body: (inout XMLAttributes, inout SourceLocation) -> Void) {
        func visit<E: LocatedElement>(_ element: inout E) {
            var attributes = element.attributes
            var location = element.location
            body(&attributes, &location)
            element.attributes = attributes
            element.location = location
        }
        for i in agents.indices { visit(&agents[i]) }
        for i in connectors.indices { visit(&connectors[i]) }
        for i in connections.indices { visit(&connections[i]) }
        for i in connectionTables.indices {
            visit(&connectionTables[i])
            for j in connectionTables[i].columns.indices {
                visit(&connectionTables[i].columns[j])
            }
        }
        for i in entityTypes.indices {
            visit(&entityTypes[i])
            for j in entityTypes[i].properties.indices {
                visit(&entityTypes[i].properties[j])
            }
        }
        for i in entityTypeMappings.indices {
            visit(&entityTypeMappings[i])
            for j in entityTypeMappings[i].properties.indices {
                visit(&entityTypeMappings[i].properties[j])
            }
        }
        for i in entityAssociations.indices { visit(&entityAssociations[i]) }
        for i in entityAssociationMappings.indices {
            visit(&entityAssociationMappings[i])
        }
        for i in resourceTypes.indices { visit(&resourceTypes[i]) }
        for i in resourceTypeMappings.indices { visit(&resourceTypeMappings[i]) }
        for i in exportTasks.indices { visit(&exportTasks[i]) }
        for i in fulfillTasks.indices {
            visit(&fulfillTasks[i])
            for j in fulfillTasks[i].taskResourceTypes.indices {
                visit(&fulfillTasks[i].taskResourceTypes[j])
            }
        }
    }

    /// The same configuration with `prefix` put before every location's file (`Conf/` before
    /// `HR/HR Connector.xml`), so that locations are relative to the imported folder rather than
    /// to the folder the XML was found in.
    public func prefixingLocations(with prefix: String) -> Configuration {
        guard !prefix.isEmpty else { return self }
        var c = self
        var prefixer = LocationPrefixer(prefix)
        c.updateEachElement { _, location in prefixer.apply(to: &location) }
        return c
    }
}

/// Puts a prefix before the file of locations (`Conf/` before `HR/HR Connector.xml`), one
/// prefixed path per file shared by the consecutive elements of that file (not one string per
/// element). An empty prefix leaves locations as they are.
struct LocationPrefixer {
    let prefix: String
    private var last: (file: String, prefixed: String)?

    init(_ prefix: String) { self.prefix = prefix }

    mutating func apply(to location: inout SourceLocation) {
        guard !prefix.isEmpty else { return }
        if let last, last.file == location.file {
            location.file = last.prefixed
        } else {
            let prefixed = prefix + location.file
            last = (location.file, prefixed)
            location.file = prefixed
        }
    }
}

/// An element with its attributes and where it was declared (every configuration element).
public protocol LocatedElement {
    var attributes: XMLAttributes { get set }
    var location: SourceLocation { get set }
}

extension Agent: LocatedElement {}
extension Connector: LocatedElement {}
extension Connection: LocatedElement {}
extension DeclaredConnectionTable: LocatedElement {}
extension DeclaredColumn: LocatedElement {}
extension EntityType: LocatedElement {}
extension EntityProperty: LocatedElement {}
extension EntityTypeMapping: LocatedElement {}
extension PropertyMapping: LocatedElement {}
extension EntityAssociation: LocatedElement {}
extension EntityAssociationMapping: LocatedElement {}
extension ResourceType: LocatedElement {}
extension ResourceTypeMapping: LocatedElement {}
extension ExportTask: LocatedElement {}
extension FulfillTask: LocatedElement {}
extension TaskResourceType: LocatedElement {}
