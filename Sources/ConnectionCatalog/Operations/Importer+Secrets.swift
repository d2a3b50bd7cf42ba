extension Importer {
    /// `configuration` with the value of every XML attribute that carries a secret
    /// (``SettingClassifier/isSecretXMLAttribute(_:)``, e.g. `HashedSecret`) replaced by `<secret>`,
    /// so that it reaches neither the catalog nor any output.
    static func redactingSecretAttributes(_ configuration: Configuration) -> Configuration {
        var memo = SettingClassifier.Memo()
        return storable(configuration, locationPrefix: "", memo: &memo)
    }

    /// `configuration` as the catalog stores it, in one walk over its elements: secret attribute
    /// values redacted (as ``redactingSecretAttributes(_:)``), each location's file prefixed with
    /// `locationPrefix` (as ``Configuration/prefixingLocations(with:)``). Each distinct attribute
    /// name is classified once per `memo`.
    static func storable(_ configuration: Configuration, locationPrefix: String, memo: inout SettingClassifier.Memo) -> Configuration {
        var c = configuration
        c.updateEachElement { attributes, location in
            for index in attributes.items.indices where memo.isSecretXMLAttribute(attributes.items[index].name) {
                attributes.items[index].value = ConnectionStringRedactor.placeholder
            }
            if !locationPrefix.isEmpty { location.file = locationPrefix + location.file }
        }
        return c
    }
}
