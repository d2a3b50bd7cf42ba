extension Configuration {
    /// The same configuration with `prefix` put before every location's file (`Conf/` before
    /// `HR/HR Connector.xml`), so that locations are relative to the imported folder rather than
    /// to the folder the XML was found in.
    public func prefixingLocations(with prefix: String) -> Configuration {
        guard !prefix.isEmpty else { return self }
        func moved(_ location: SourceLocation) -> SourceLocation {
            var location = location
            location.file = prefix + location.file
            return location
        }
        var c = self
        for i in c.agents.indices { c.agents[i].location = moved(c.agents[i].location) }
        for i in c.connectors.indices { c.connectors[i].location = moved(c.connectors[i].location) }
        for i in c.connections.indices { c.connections[i].location = moved(c.connections[i].location) }
        for i in c.connectionTables.indices {
            c.connectionTables[i].location = moved(c.connectionTables[i].location)
            for j in c.connectionTables[i].columns.indices {
                c.connectionTables[i].columns[j].location = moved(c.connectionTables[i].columns[j].location)
            }
        }
        for i in c.entityTypes.indices {
            c.entityTypes[i].location = moved(c.entityTypes[i].location)
            for j in c.entityTypes[i].properties.indices {
                c.entityTypes[i].properties[j].location = moved(c.entityTypes[i].properties[j].location)
            }
        }
        for i in c.entityTypeMappings.indices {
            c.entityTypeMappings[i].location = moved(c.entityTypeMappings[i].location)
            for j in c.entityTypeMappings[i].properties.indices {
                c.entityTypeMappings[i].properties[j].location = moved(c.entityTypeMappings[i].properties[j].location)
            }
        }
        for i in c.entityAssociations.indices { c.entityAssociations[i].location = moved(c.entityAssociations[i].location) }
        for i in c.entityAssociationMappings.indices {
            c.entityAssociationMappings[i].location = moved(c.entityAssociationMappings[i].location)
        }
        for i in c.resourceTypes.indices { c.resourceTypes[i].location = moved(c.resourceTypes[i].location) }
        for i in c.resourceTypeMappings.indices { c.resourceTypeMappings[i].location = moved(c.resourceTypeMappings[i].location) }
        for i in c.exportTasks.indices { c.exportTasks[i].location = moved(c.exportTasks[i].location) }
        for i in c.fulfillTasks.indices {
            c.fulfillTasks[i].location = moved(c.fulfillTasks[i].location)
            for j in c.fulfillTasks[i].taskResourceTypes.indices {
                c.fulfillTasks[i].taskResourceTypes[j].location = moved(c.fulfillTasks[i].taskResourceTypes[j].location)
            }
        }
        return c
    }
}
