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
        var c = configuration
        c.updateEachElement { attributes, _ in
            for index in attributes.items.indices {
                let name = attributes.items[index].name
                let value = attributes.items[index].value
                if SettingClassifier.isSecretXMLAttribute(name) {
                    attributes.items[index].value = ConnectionStringRedactor.placeholder
                } else if name.utf8.count == 16, name.lowercased() == "connectionstring" {
                    attributes.items[index].value = ConnectionStringRedactor.redact(value)?.redacted ?? ConnectionStringRedactor.placeholder
                } else if !SecretContentRedactor.mayHoldCredential(value) {
                    continue
                } else if let redacted = SecretContentRedactor.redact(value) {
                    attributes.items[index].value = redacted
                }
            }
        }
        return c
    }
}
