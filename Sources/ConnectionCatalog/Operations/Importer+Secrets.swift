extension Importer {
    /// `configuration` with every secret of its XML attributes replaced by `<secret>`, so that it
    /// reaches neither the catalog nor any output:
    ///
    /// - an attribute whose name carries a secret (``SettingClassifier/isSecretXMLAttribute(_:)``,
    ///   e.g. `HashedSecret`, `Credential`) is replaced whole;
    /// - a `ConnectionString` attribute keeps its parts but its passwords
    ///   (``ConnectionStringRedactor``), and is replaced whole when it does not parse;
    /// - any other attribute keeps its text but the credentials it holds by content
    ///   (``SecretContentRedactor``: `Url="https://svc:<secret>@host"`).
    static func redactingSecretAttributes(_ configuration: Configuration) -> Configuration {
        var memo = SettingClassifier.Memo()
        return storable(configuration, locationPrefix: "", memo: &memo)
    }

    /// `configuration` as the catalog stores it, in one walk over its elements: secret attribute
    /// values redacted (as ``redactingSecretAttributes(_:)``), each location's file prefixed with
    /// `locationPrefix` (as ``Configuration/prefixingLocations(with:)``). Each distinct attribute
    /// name is classified once per `memo`.
    static func storable(
        _ configuration: consuming Configuration, locationPrefix: String, memo: inout SettingClassifier.Memo
    ) -> Configuration {
        var c = configuration
        var prefixer = LocationPrefixer(locationPrefix)
        c.updateEachElement { attributes, location in
            for index in attributes.items.indices {
                let value = attributes.items[index].value
                switch memo.xmlAttributeKind(attributes.items[index].name) {
                case .secret:
                    attributes.items[index].value = ConnectionStringRedactor.placeholder
                case .connectionString:
                    attributes.items[index].value = ConnectionStringRedactor.redact(value)?.redacted ?? ConnectionStringRedactor.placeholder
                case .other:
                    guard SecretContentRedactor.mayHoldCredential(value) else { continue }
                    if let redacted = SecretContentRedactor.redact(value) { attributes.items[index].value = redacted }
                }
            }
            prefixer.apply(to: &location)
        }
        return c
    }
}
