/// Rules on EntityTypeMappings and EntityAssociationMappings, within the configuration (the
/// drift rules compare them with the schemas).
enum MappingRules {
    static let all: [CheckRule] = [
        identifier, primaryKey, uniqueKeys, associationAttributes, associationKeys, connectionTable,
    ]

    /// An EntityTypeMapping's `Identifier` is an EntityType, each of its `Property` identifiers a
    /// property of that EntityType; an EntityAssociationMapping's `Identifier` is an
    /// EntityAssociation. Doc: XML EntityTypeMapping and EntityAssociationMapping pages.
    static let identifier = CheckRule(
        id: "mapping-identifier", severity: .error,
        severityNote: "info when the identifier matches only when case is ignored",
        theme: .mappings,
        summary:
            "An EntityTypeMapping's `Identifier` names an EntityType and each of its `Property` identifiers a property of that EntityType; an EntityAssociationMapping's `Identifier` names an EntityAssociation.",
        sources: [DocPage.entityTypeMapping, DocPage.entityAssociationMapping]
    ) { rule, context in
        var findings: [Finding] = []
        func caseNote(_ location: SourceLocation, _ subject: String, _ written: String, _ actual: String) {
            findings.append(
                rule.finding(
                    location, subject,
                    "'\(written)' is declared as '\(actual)'; identifiers are compared case-insensitively, so this works, but write it as declared",
                    severity: .info))
        }
        for mapping in context.configuration.entityTypeMappings where !mapping.identifier.isEmpty {
            let type: EntityType
            switch CheckContext.match(mapping.identifier, in: context.entityTypes, \.identifier) {
            case .missing:
                findings.append(
                    rule.finding(
                        mapping.location, mapping.identifier,
                        "EntityTypeMapping \(NameText.quoted(mapping.identifier)) maps no EntityType: its Identifier must be the identifier of the EntityType it maps; declare the EntityType or fix the Identifier"
                    ))
                continue
            case .caseOnly(let found, let actual):
                caseNote(mapping.location, mapping.identifier, mapping.identifier, actual)
                type = found
            case .exact(let found):
                type = found
            }
            for property in mapping.properties where !property.identifier.isEmpty {
                let subject = "\(mapping.identifier):\(property.identifier)"
                switch context.property(property.identifier, of: type) {
                case .missing:
                    findings.append(
                        rule.finding(
                            property.location, subject,
                            "EntityType \(NameText.quoted(type.identifier)) has no property '\(property.identifier)' (\(type.location)); a mapping Property's Identifier is the EntityType property it fills: declare the property or fix the Identifier"
                        ))
                case .caseOnly(_, let actual):
                    caseNote(property.location, subject, property.identifier, actual)
                case .exact:
                    break
                }
            }
        }
        for mapping in context.configuration.entityAssociationMappings where !mapping.identifier.isEmpty {
            switch CheckContext.match(mapping.identifier, in: context.entityAssociations, \.identifier) {
            case .missing:
                findings.append(
                    rule.finding(
                        mapping.location, mapping.identifier,
                        "EntityAssociationMapping \(NameText.quoted(mapping.identifier)) maps no EntityAssociation: its Identifier must be the identifier of the EntityAssociation it maps"
                    ))
            case .caseOnly(_, let actual):
                caseNote(mapping.location, mapping.identifier, mapping.identifier, actual)
            case .exact:
                break
            }
        }
        return findings
    }

    /// Each EntityTypeMapping has exactly one `IsPrimaryKey="true"` property ("each entity type
    /// mapping must have a primary key"). Located at the mapping when there is none, at each
    /// extra one otherwise. Doc: XML EntityTypeMapping page.
    static let primaryKey = CheckRule(
        id: "mapping-primary-key", severity: .error, theme: .mappings,
        summary: "Each EntityTypeMapping has exactly one `IsPrimaryKey=\"true\"` property.",
        sources: [DocPage.entityTypeMapping]
    ) { rule, context in
        var findings: [Finding] = []
        for mapping in context.configuration.entityTypeMappings {
            let keys = mapping.properties.filter(\.isPrimaryKey)
            if keys.isEmpty {
                findings.append(
                    rule.finding(
                        mapping.location, mapping.identifier,
                        "EntityTypeMapping \(NameText.quoted(mapping.identifier)) has no IsPrimaryKey=\"true\" property; each entity type mapping must have exactly one primary key"
                    ))
            }
            for extra in keys.dropFirst() {
                findings.append(
                    rule.finding(
                        extra.location, "\(mapping.identifier):\(extra.identifier)",
                        "EntityTypeMapping \(NameText.quoted(mapping.identifier)) has a second IsPrimaryKey=\"true\" property (the first is \(NameText.quoted(keys[0].identifier)), \(keys[0].location)); exactly one is allowed: make the others IsUniqueKey"
                    ))
            }
        }
        return findings
    }

    /// At most three `IsUniqueKey="true"` properties per EntityTypeMapping, besides the primary
    /// key. Located at each one beyond the third. Doc: XML EntityTypeMapping page.
    static let uniqueKeys = CheckRule(
        id: "mapping-unique-keys", severity: .error, theme: .mappings,
        summary: "An EntityTypeMapping has at most three `IsUniqueKey=\"true\"` properties (besides its primary key).",
        sources: [DocPage.entityTypeMapping]
    ) { rule, context in
        context.configuration.entityTypeMappings.flatMap { mapping in
            mapping.properties.filter(\.isUniqueKey).dropFirst(3).map { extra in
                rule.finding(
                    extra.location, "\(mapping.identifier):\(extra.identifier)",
                    "EntityTypeMapping \(NameText.quoted(mapping.identifier)) has more than three IsUniqueKey=\"true\" properties; at most three are allowed besides the primary key"
                )
            }
        }
    }

    /// An EntityAssociationMapping has its required `Connector`, `Column1`, `Column2`,
    /// `EntityPropertyMapping1` and `EntityPropertyMapping2`. Doc: XML EntityAssociationMapping page.
    static let associationAttributes = CheckRule(
        id: "association-mapping-attributes", severity: .error, theme: .mappings,
        summary: "An EntityAssociationMapping has its required `Connector`, `Column1`, `Column2`, `EntityPropertyMapping1` and `EntityPropertyMapping2`.",
        sources: [DocPage.entityAssociationMapping]
    ) { rule, context in
        context.configuration.entityAssociationMappings.compactMap { mapping in
            let missing = ["Connector", "Column1", "Column2", "EntityPropertyMapping1", "EntityPropertyMapping2"].filter {
                (mapping.attributes[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            }
            guard !missing.isEmpty else { return nil }
            return rule.finding(
                mapping.location, mapping.identifier,
                "EntityAssociationMapping \(NameText.quoted(mapping.identifier)) lacks the required \(missing.joined(separator: ", ")) attribute\(missing.count == 1 ? "" : "s")"
            )
        }
    }

    /// Both sides of an EntityAssociationMapping (`EntityPropertyMapping1/2`, `EntityType:Property`)
    /// are properties mapped by an EntityTypeMapping of the association mapping's connector, as
    /// its primary key or a unique key. Doc: XML EntityAssociationMapping page.
    static let associationKeys = CheckRule(
        id: "association-mapping-keys", severity: .error, theme: .mappings,
        summary:
            "`EntityPropertyMapping1`/`2` of an EntityAssociationMapping name, in `EntityType:Property` form, a property mapped by an EntityTypeMapping of the same connector as `IsPrimaryKey` or `IsUniqueKey`.",
        sources: [DocPage.entityAssociationMapping]
    ) { rule, context in
        var findings: [Finding] = []
        for mapping in context.configuration.entityAssociationMappings {
            for (attribute, written) in [
                ("EntityPropertyMapping1", mapping.entityPropertyMapping1),
                ("EntityPropertyMapping2", mapping.entityPropertyMapping2),
            ] {
                guard let written, !written.isEmpty else { continue }
                if let problem = associationSideProblem(written, of: mapping, in: context) {
                    findings.append(
                        rule.finding(
                            mapping.location, mapping.identifier,
                            "EntityAssociationMapping \(NameText.quoted(mapping.identifier)): \(attribute) '\(written)' \(problem)"))
                }
            }
        }
        return findings
    }

    /// Why `written` cannot be a side of `mapping`, or `nil` when it can.
    static func associationSideProblem(_ written: String, of mapping: EntityAssociationMapping, in context: CheckContext) -> String? {
        guard let (typeName, propertyName) = CheckContext.splitEntityProperty(written) else {
            return "is not in EntityType:Property form"
        }
        guard let typeMapping = context.entityTypeMappings[typeName.lowercased()] else {
            return "names EntityType \(typeName), which no EntityTypeMapping maps; a side must be a mapped key"
        }
        if let connector = mapping.connector, !connector.isEmpty, let other = typeMapping.connector,
            other.lowercased() != connector.lowercased()
        {
            return
                "is mapped by connector \(other) (\(typeMapping.location)), not by this mapping's connector \(connector); both sides must belong to entity type mappings of the same connector"
        }
        guard let property = typeMapping.properties.first(where: { $0.identifier.lowercased() == propertyName.lowercased() }) else {
            return "is not mapped by EntityTypeMapping \(NameText.quoted(typeMapping.identifier)) (\(typeMapping.location)); a side must be a mapped key"
        }
        guard property.isPrimaryKey || property.isUniqueKey else {
            return
                "is mapped (\(property.location)) but neither as IsPrimaryKey nor as IsUniqueKey; a side must be a key: mark it IsUniqueKey or use the primary key"
        }
        return nil
    }

    /// The `ConnectionTable` of an EntityTypeMapping or EntityAssociationMapping starts with the
    /// identifier of a connection of the mapping's connector (export files are named after their
    /// connection: `<connection>.csv` or `<connection>_<suffix>.csv`). Doc: Connections page.
    static let connectionTable = CheckRule(
        id: "mapping-connection-table", severity: .warning, theme: .mappings,
        summary:
            "A mapping's `ConnectionTable` starts with the identifier of a connection of the mapping's `Connector`, followed by `_` or nothing (export files are `<connection>.csv` or `<connection>_<suffix>.csv`), with a `suggestion` when a connection identifier is near the name written. When a schema in force of the connector's connections shows the table missing, `table-missing` reports it instead, as an error.",
        sources: [DocPage.connections, DocPage.entityTypeMapping]
    ) { rule, context in
        var findings: [Finding] = []
        let tables =
            context.configuration.entityTypeMappings.map { ("EntityTypeMapping", $0.identifier, $0.connector, $0.connectionTable, $0.location) }
            + context.configuration.entityAssociationMappings.map { ("EntityAssociationMapping", $0.identifier, $0.connector, $0.connectionTable, $0.location) }
        // Mappings that `table-missing` reports (an error) against a schema of their connector.
        let reported = Set(context.driftItems.filter(\.namesNoConnection).map { "\($0.kind) \($0.mapping.lowercased())" })
        for (kind, identifier, connector, table, location) in tables {
            guard let table, !table.isEmpty else { continue }
            switch context.owningConnection(ofTable: table, connector: connector) {
            case nil:
                guard !reported.contains("\(kind) \(identifier.lowercased())") else { continue }
                let suggestion = nearConnectionTable(table, connector: connector, in: context)
                findings.append(
                    rule.finding(
                        location, identifier,
                        "\(kind) \(NameText.quoted(identifier)) reads ConnectionTable '\(table)', which starts with no connection identifier followed by '_' (export files are named <connection>.csv or <connection>_<suffix>.csv); no export produces it: "
                            + (suggestion.map { "did you mean '\($0)'? If not, fix the table name" } ?? "fix the table name"),
                        suggestion: suggestion))
            case (let owner, let ofConnector)? where !ofConnector && !(connector ?? "").isEmpty:
                findings.append(
                    rule.finding(
                        location, identifier,
                        "\(kind) \(NameText.quoted(identifier)) of connector \(connector!) reads ConnectionTable '\(table)', an output of Connection \(NameText.quoted(owner.identifier)) of connector \(owner.connector ?? "(none)") (\(owner.location)); a mapping reads the tables of its own connector's connections"
                    ))
            default:
                break
            }
        }
        return findings
    }

    /// `table` with its connection part (the whole name, or what comes before its first `_`)
    /// replaced by the nearest identifier of a connection of `connector` (all connections when it
    /// has none), or `nil` when none is near: `BilingDb_entries` gives `BillingDb_entries`.
    static func nearConnectionTable(_ table: String, connector: String?, in context: CheckContext) -> String? {
        let ofConnector = connector.flatMap { context.connectionsByConnector[$0.lowercased()] } ?? []
        let identifiers = (ofConnector.isEmpty ? context.configuration.connections : ofConnector).map(\.identifier)
        let key = TableName.key(table)
        if let whole = NameSuggestion.nearest(to: key, among: identifiers) { return whole }
        guard let underscore = key.firstIndex(of: "_"),
            let head = NameSuggestion.nearest(to: String(key[..<underscore]), among: identifiers)
        else { return nil }
        return head + key[underscore...]
    }
}
