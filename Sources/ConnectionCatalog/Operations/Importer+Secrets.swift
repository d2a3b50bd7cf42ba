extension Importer {
    /// `configuration` with the value of every XML attribute that carries a secret
    /// (``SettingClassifier/isSecretXMLAttribute(_:)``, e.g. `HashedSecret`) replaced by `<secret>`,
    /// so that it reaches neither the catalog nor any output.
    static func redactingSecretAttributes(_ configuration: Configuration) -> Configuration {
        var c = configuration
        c.updateEachElement { attributes, _ in
            for index in attributes.items.indices where SettingClassifier.isSecretXMLAttribute(attributes.items[index].name) {
                attributes.items[index].value = ConnectionStringRedactor.placeholder
            }
        }
        return c
    }
}
