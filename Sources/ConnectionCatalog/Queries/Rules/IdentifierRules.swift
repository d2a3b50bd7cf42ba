/// Rules on identifiers: present, well-formed, unique.
enum IdentifierRules {
    static let all: [CheckRule] = [required, connectionIdentifier, unique]

    /// Every element that the product keys by `Identifier` has one (Agent, Connector,
    /// Connection, ConnectionTable and its Columns, EntityType and its Properties,
    /// EntityTypeMapping and its Properties, EntityAssociation, EntityAssociationMapping,
    /// ResourceType, resource type mappings). Tasks may omit it (ExportTask, FulfillTask pages).
    /// Doc: the element pages under `toolkit/xml-configuration/` ("Identifier required").
    static let required = CheckRule(
        id: "identifier-required", severity: .error, theme: .identifiers,
        summary: "Every element keyed by `Identifier` has one (tasks excepted, where it is optional).",
        sources: [DocPage.connection, DocPage.entityType, DocPage.entityTypeMapping]
    ) { rule, context in
        let c = context.configuration
        var missing: [(String, SourceLocation)] = []
        missing += c.agents.filter { $0.identifier.isEmpty }.map { ("Agent", $0.location) }
        missing += c.connectors.filter { $0.identifier.isEmpty }.map { ("Connector", $0.location) }
        missing += c.connections.filter { $0.identifier.isEmpty }.map { ("Connection", $0.location) }
        for table in c.connectionTables {
            if table.identifier.isEmpty { missing.append(("ConnectionTable", table.location)) }
            missing += table.columns.filter { $0.identifier.isEmpty }.map { ("Column", $0.location) }
        }
        for type in c.entityTypes {
            if type.identifier.isEmpty { missing.append(("EntityType", type.location)) }
            missing += type.properties.filter { $0.identifier.isEmpty }.map { ("EntityType Property", $0.location) }
        }
        for mapping in c.entityTypeMappings {
            if mapping.identifier.isEmpty { missing.append(("EntityTypeMapping", mapping.location)) }
            missing += mapping.properties.filter { $0.identifier.isEmpty }.map { ("EntityTypeMapping Property", $0.location) }
        }
        missing += c.entityAssociations.filter { $0.identifier.isEmpty }.map { ("EntityAssociation", $0.location) }
        missing += c.entityAssociationMappings.filter { $0.identifier.isEmpty }.map { ("EntityAssociationMapping", $0.location) }
        missing += c.resourceTypes.filter { $0.identifier.isEmpty }.map { ("ResourceType", $0.location) }
        missing += c.resourceTypeMappings.filter { $0.identifier.isEmpty }.map { ($0.element, $0.location) }
        return missing.map { kind, location in
            rule.finding(location, kind, "\(kind) has no Identifier; it is required, and other elements can only refer to it by its Identifier")
        }
    }

    /// Connection identifiers follow the documented rules. The documentation gives two variants:
    /// the XML Connection page and the UI page (a letter, then up to 441 letters, digits, `.` or
    /// `-`; no white space) and every connector reference page (no leading digit; none of
    /// `< > : " / \ | ? * _`). The XML variant is the stricter and applies; the message says
    /// which variants the identifier breaks.
    static let connectionIdentifier = CheckRule(
        id: "connection-identifier", severity: .error, theme: .identifiers,
        summary:
            "A Connection identifier starts with a letter, then up to 441 letters, digits, `.` or `-` (XML Connection page, the stricter of the two documented variants); the message says whether the connector pages' variant (no leading digit, none of `< > : \" / \\ | ? * _`) is broken too.",
        sources: [DocPage.connection, DocPage.connectionCreation, DocPage.connectorReferences]
    ) { rule, context in
        context.configuration.connections.compactMap { connection in
            let id = connection.identifier
            guard !id.isEmpty, !followsXMLRule(id) else { return nil }
            let xmlRule = "the XML Connection page's rule (a letter, then up to 441 letters, digits, '.' or '-')"
            let connectorRule = "the connector reference pages' rule (no leading digit; none of < > : \" / \\ | ? * _)"
            let message =
                followsConnectorPageRule(id)
                ? "Connection identifier '\(id)' breaks \(xmlRule), although it follows \(connectorRule): the documentation's two variants disagree and the stricter one applies; rename the connection (and its key under Connections in appsettings.agent.json, and its export files)"
                : "Connection identifier '\(id)' breaks both documented rules: \(xmlRule) and \(connectorRule); rename the connection (and its key under Connections in appsettings.agent.json, and its export files)"
            return rule.finding(connection.location, id, message)
        }
    }

    /// The XML Connection page: "must start with a letter followed by up to 441 characters,
    /// chosen from the following set: point, dash, letter, or number".
    static func followsXMLRule(_ identifier: String) -> Bool {
        guard let first = identifier.first, first.isLetter, identifier.count <= 442 else { return false }
        return identifier.dropFirst().allSatisfy { $0.isLetter || $0.isASCII && $0.isNumber || $0 == "." || $0 == "-" }
    }

    /// The connector reference pages: "not begin with a digit; not contain `<`, `>`, `:`, `"`,
    /// `/`, `\`, `|`, `?`, `*` and `_`".
    static func followsConnectorPageRule(_ identifier: String) -> Bool {
        guard let first = identifier.first, !(first.isASCII && first.isNumber) else { return false }
        return !identifier.contains { "<>:\"/\\|?*_".contains($0) }
    }

    /// Identifiers are unique case-insensitively within their kind ("the identifiers `adexport`
    /// and `ADEXPORT` cannot exist simultaneously"). The import enforces it for every element
    /// kind (a duplicate stops `conncat import` with the later declaration's file and line); the
    /// check finds what the import lets through: a Property mapped twice in one
    /// EntityTypeMapping, reported at the later one.
    static let unique = CheckRule(
        id: "identifier-unique", severity: .error, theme: .identifiers,
        summary:
            "Identifiers are unique case-insensitively within their kind. Enforced by the import for every element kind (a duplicate stops the import at the later declaration, with file and line); the check reports a Property mapped twice in one EntityTypeMapping, at the later one.",
        sources: [DocPage.connection, DocPage.entityTypeMapping], enforcedByImport: true
    ) { rule, context in
        var findings: [Finding] = []
        for mapping in context.configuration.entityTypeMappings {
            var seen: [String: PropertyMapping] = [:]
            for property in mapping.properties where !property.identifier.isEmpty {
                let key = property.identifier.lowercased()
                if let first = seen[key] {
                    findings.append(
                        rule.finding(
                            property.location, "\(mapping.identifier):\(property.identifier)",
                            "EntityTypeMapping \(NameText.quoted(mapping.identifier)) maps Property '\(property.identifier)' twice (first at \(first.location)); identifiers are compared case-insensitively: remove one"
                        ))
                } else {
                    seen[key] = property
                }
            }
        }
        return findings
    }
}
