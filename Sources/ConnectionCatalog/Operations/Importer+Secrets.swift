extension Importer {
    /// `configuration` with the value of every XML attribute that carries a secret
    /// (``SettingClassifier/isSecretXMLAttribute(_:)``, e.g. `HashedSecret`) replaced by `<secret>`,
    /// so that it reaches neither the catalog nor any output.
    static func redactingSecretAttributes(_ configuration: Configuration) -> Configuration {
        func redact(_ attributes: inout XMLAttributes) {
            for index in attributes.items.indices where SettingClassifier.isSecretXMLAttribute(attributes.items[index].name) {
                attributes.items[index].value = ConnectionStringRedactor.placeholder
            }
        }
        var c = configuration
        for i in c.agents.indices { redact(&c.agents[i].attributes) }
        for i in c.connectors.indices { redact(&c.connectors[i].attributes) }
        for i in c.connections.indices { redact(&c.connections[i].attributes) }
        for i in c.connectionTables.indices {
            redact(&c.connectionTables[i].attributes)
            for j in c.connectionTables[i].columns.indices { redact(&c.connectionTables[i].columns[j].attributes) }
        }
        for i in c.entityTypes.indices {
            redact(&c.entityTypes[i].attributes)
            for j in c.entityTypes[i].properties.indices { redact(&c.entityTypes[i].properties[j].attributes) }
        }
        for i in c.entityTypeMappings.indices {
            redact(&c.entityTypeMappings[i].attributes)
            for j in c.entityTypeMappings[i].properties.indices { redact(&c.entityTypeMappings[i].properties[j].attributes) }
        }
        for i in c.entityAssociations.indices { redact(&c.entityAssociations[i].attributes) }
        for i in c.entityAssociationMappings.indices { redact(&c.entityAssociationMappings[i].attributes) }
        for i in c.resourceTypes.indices { redact(&c.resourceTypes[i].attributes) }
        for i in c.resourceTypeMappings.indices { redact(&c.resourceTypeMappings[i].attributes) }
        for i in c.exportTasks.indices { redact(&c.exportTasks[i].attributes) }
        for i in c.fulfillTasks.indices {
            redact(&c.fulfillTasks[i].attributes)
            for j in c.fulfillTasks[i].taskResourceTypes.indices { redact(&c.fulfillTasks[i].taskResourceTypes[j].attributes) }
        }
        return c
    }
}
