/// Rules on how elements refer to each other: references resolve, connections and tasks are
/// wired the way the Connections page describes.
enum WiringRules {
    static let all: [CheckRule] = [
        referenceUnresolved, referenceCase, connectionUndeclared, connectionAttributes, connectionPackage,
        exportTaskConnection, exportTaskPackage, fulfillTaskConnection, fulfillTaskConnector,
        resourceTypeMappingConnection, resourceTypeMappingPackage,
    ]

    /// Every reference resolves: Connector and task `Agent`, Connection and mapping `Connector`,
    /// FulfillTask `Connector`, TaskResourceType `ResourceType`, a resource type mapping's
    /// `Identifier` (its ResourceType), ResourceType `SourceEntityType`/`TargetEntityType`, and
    /// EntityAssociation `Property1`/`Property2` in `EntityType:Property` form. Connections are
    /// `connection-undeclared`'s concern. Doc: XML element pages.
    static let referenceUnresolved = CheckRule(
        id: "reference-unresolved", severity: .error, theme: .wiring,
        summary:
            "Every reference resolves (compared case-insensitively): `Agent`, `Connector`, `ResourceType`, `SourceEntityType`/`TargetEntityType`, a resource type mapping's `Identifier`, and `EntityType:Property` references such as EntityAssociation `Property1`/`Property2`.",
        sources: [DocPage.connector, DocPage.entityAssociation, DocPage.resourceTypeMappings, DocPage.fulfillTask]
    ) { rule, context in
        Reference.compactMap(in: context.configuration) { reference in
            guard reference.target != .connection, case .missing = context.resolve(reference) else { return nil }
            var message = "\(reference.element) refers through \(reference.attribute) to \(reference.target.rawValue) '\(reference.written)', "
            if reference.target == .entityProperty {
                if let (typeName, propertyName) = CheckContext.splitEntityProperty(reference.written) {
                    message +=
                        context.entityTypes[typeName.lowercased()].map {
                            "and EntityType \($0.identifier) (\($0.location)) has no property '\(propertyName)' (compared case-insensitively); declare it or fix the reference"
                        } ?? "and no EntityType has the Identifier '\(typeName)' (compared case-insensitively); declare it or fix the reference"
                } else {
                    message += "which is not in EntityType:Property form; write the entity type and its property separated by ':'"
                }
            } else {
                message += "and no \(reference.target.rawValue) has that Identifier (compared case-insensitively); declare it or fix the reference"
            }
            return rule.finding(reference.location, reference.written, message)
        }
    }

    /// A reference (or an agent settings key) that matches its target only when case is ignored.
    /// Identity Manager compares identifiers case-insensitively, so this works; the finding only
    /// points at the inconsistency. Doc: XML Connection page ("identifiers are case insensitive").
    static let referenceCase = CheckRule(
        id: "reference-case", severity: .info, theme: .wiring,
        summary:
            "A reference, or a key under `Connections` in appsettings.agent.json, that matches its target only when case is ignored. It works (identifiers are case-insensitive); write it as declared.",
        sources: [DocPage.connection, DocPage.appsettingsAgent]
    ) { rule, context in
        var findings = Reference.compactMap(in: context.configuration) { reference -> Finding? in
            guard case .caseOnly(_, let actual) = context.resolve(reference) else { return nil }
            return rule.finding(
                reference.location, reference.written,
                "\(reference.element) refers through \(reference.attribute) to '\(reference.written)', declared as '\(actual)'; identifiers are compared case-insensitively, so this works, but write it as declared",
                suggestion: actual)
        }
        for settings in context.input.agentSettings?.connections ?? [] {
            guard case .caseOnly(_, let actual) = CheckContext.match(settings.connection, in: context.connections, \.identifier) else { continue }
            findings.append(
                rule.finding(
                    settings.location, settings.connection,
                    "the settings key Connections:\(NameText.quoted(settings.connection)) matches Connection '\(actual)' only when case is ignored; .NET configuration compares keys case-insensitively, so this works, but write it as declared",
                    suggestion: actual))
        }
        return findings
    }

    /// A `Connection` attribute (ExportTask, FulfillTask, resource type mapping, ConnectionTable)
    /// names a connection that no `<Connection>` element declares. The message says whether the
    /// agent settings have a key of that name (the XML must declare the connection all the same).
    /// Doc: Connections page ("declared both in the XML configuration and in the
    /// appsettings.agent.json file").
    static let connectionUndeclared = CheckRule(
        id: "connection-undeclared", severity: .error, theme: .wiring,
        summary:
            "A `Connection` attribute (ExportTask, FulfillTask, resource type mapping, ConnectionTable) names a connection that no `<Connection>` element declares; the message says whether appsettings.agent.json has settings of that name.",
        sources: [DocPage.connections, DocPage.connection]
    ) { rule, context in
        Reference.compactMap(in: context.configuration) { reference in
            guard reference.target == .connection, case .missing = context.resolve(reference) else { return nil }
            let inSettings = context.settings[reference.written.lowercased()] != nil
            let settingsNote =
                inSettings
                ? "appsettings.agent.json has settings under Connections:\(NameText.quoted(reference.written)), but a connection must also be declared in the XML"
                : (context.input.agentSettings == nil
                    ? "no agent settings were imported to say more"
                    : "appsettings.agent.json has no Connections:\(NameText.quoted(reference.written)) either")
            return rule.finding(
                reference.location, reference.written,
                "\(reference.element) names Connection '\(reference.written)', which no <Connection> element declares (\(settingsNote)); declare the Connection or fix the name"
            )
        }
    }

    /// A Connection has its required `Connector`, `Package` and `DisplayName_L1`.
    /// Doc: XML Connection page (Properties: "required").
    static let connectionAttributes = CheckRule(
        id: "connection-attributes", severity: .error, theme: .wiring,
        summary: "A Connection has its required `Connector`, `Package` and `DisplayName_L1` attributes.",
        sources: [DocPage.connection]
    ) { rule, context in
        context.configuration.connections.compactMap { connection in
            let missing = ["Connector", "Package", "DisplayName_L1"].filter {
                (connection.attributes[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            }
            guard !missing.isEmpty else { return nil }
            return rule.finding(
                connection.location, connection.identifier,
                "Connection \(NameText.quoted(connection.identifier)) lacks the required \(missing.joined(separator: ", ")) attribute\(missing.count == 1 ? "" : "s")"
            )
        }
    }

    /// `Package` names a documented package by its identifier (`Usercube.AD@0000001`). A display
    /// name (`Directory/Active Directory`) is what the UI shows; the XML takes the identifier.
    /// Doc: package reference pages.
    static let connectionPackage = CheckRule(
        id: "connection-package", severity: .warning, theme: .wiring,
        summary:
            "A Connection's `Package` is a documented package identifier (`Usercube.AD@0000001`), not a display name and not an unknown value (capability checks cannot run on an unknown package); a `suggestion` gives the identifier to write: the package's for a display name, the nearest documented identifier or display name for a typo.",
        sources: [DocPage.packages, DocPage.connection]
    ) { rule, context in
        context.configuration.connections.compactMap { connection in
            guard let written = connection.package, !written.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            guard let package = ConnectorPackage.named(written) else {
                let near = nearestPackage(to: written)
                return rule.finding(
                    connection.location, connection.identifier,
                    "Connection \(NameText.quoted(connection.identifier)) has Package '\(written)', which is not a documented package identifier"
                        + (near.map { " (did you mean '\($0.identifier)'?)" } ?? "")
                        + "; checks that depend on the package's export and fulfill capabilities were skipped",
                    suggestion: near?.identifier)
            }
            guard package.identifier != written else { return nil }
            if package.identifier.lowercased() == written.lowercased() {
                return rule.finding(
                    connection.location, connection.identifier,
                    "Connection \(NameText.quoted(connection.identifier)) has Package '\(written)'; the package identifier is written '\(package.identifier)'",
                    severity: .info,
                    suggestion: package.identifier)
            }
            return rule.finding(
                connection.location, connection.identifier,
                "Connection \(NameText.quoted(connection.identifier)) has Package '\(written)', the package's display name; the XML takes its identifier: Package=\"\(package.identifier)\"",
                suggestion: package.identifier)
        }
    }

    /// The documented package whose identifier, else display name, is nearest to `written` (a
    /// typo such as `Usercube.CSV.Complet@0000001`), by ``NameSuggestion/nearest(to:among:)``;
    /// `nil` when none is near.
    static func nearestPackage(to written: String) -> ConnectorPackage? {
        let all = ConnectorPackage.all
        if let identifier = NameSuggestion.nearest(to: written, among: all.map(\.identifier)) {
            return all.first { $0.identifier == identifier }
        }
        return NameSuggestion.nearest(to: written, among: all.map(\.displayName)).flatMap { name in all.first { $0.displayName == name } }
    }

    /// An ExportTask names its Connection. The ExportTask page marks `Connection` optional while
    /// the Connections page says it is mandatory; the stricter reading applies and the message
    /// says so.
    static let exportTaskConnection = CheckRule(
        id: "export-task-connection", severity: .error, theme: .wiring,
        summary:
            "An ExportTask has a `Connection`. The ExportTask page marks it optional, the Connections page mandatory (the task needs it to pick the technology and its settings); the stricter reading applies.",
        sources: [DocPage.connections, DocPage.exportTask]
    ) { rule, context in
        context.configuration.exportTasks.compactMap { task in
            guard (task.connection ?? "").isEmpty else { return nil }
            let name = task.identifier ?? "(no Identifier)"
            return rule.finding(
                task.location, name,
                "ExportTask \(name) has no Connection: the Connections page says the attribute is mandatory (the task needs it to pick the export technology and its settings in appsettings.agent.json), although the ExportTask page marks it optional; the documentation contradicts itself, set Connection"
            )
        }
    }

    /// An ExportTask's connection has a package with export, and export is not deactivated by
    /// `DeactivationExportFulfill`. Doc: package pages; XML Connection page.
    static let exportTaskPackage = CheckRule(
        id: "export-task-package", severity: .error, theme: .wiring,
        summary: "An ExportTask's connection uses a package that exports, and its `DeactivationExportFulfill` does not deactivate export.",
        sources: [DocPage.packages, DocPage.connection]
    ) { rule, context in
        context.configuration.exportTasks.compactMap { task in
            guard let written = task.connection, let connection = context.connections[written.lowercased()] else { return nil }
            let name = task.identifier ?? "(no Identifier)"
            if let package = context.package(of: connection), !package.hasExport {
                return rule.finding(
                    task.location, name,
                    "ExportTask \(name) runs Connection \(NameText.quoted(connection.identifier)), whose package \(package.identifier) (\(package.displayName)) has no export; remove the task or use an exporting connection"
                )
            }
            if CheckContext.deactivated(connection) == .export {
                return rule.finding(
                    task.location, name,
                    "ExportTask \(name) runs Connection \(NameText.quoted(connection.identifier)), whose DeactivationExportFulfill deactivates export (\(connection.location)); remove the task or reactivate export"
                )
            }
            return nil
        }
    }

    /// A FulfillTask with TaskResourceType children has no `Connection`: each resource type's
    /// mapping gives the connection. Doc: Connections page ("must not be if the FulfillTask has
    /// TaskResourceTypes").
    static let fulfillTaskConnection = CheckRule(
        id: "fulfill-task-connection", severity: .error, theme: .wiring,
        summary: "A FulfillTask with `TaskResourceType` children has no `Connection` (each resource type mapping gives the connection).",
        sources: [DocPage.connections, DocPage.fulfillTask]
    ) { rule, context in
        context.configuration.fulfillTasks.compactMap { task in
            guard !task.taskResourceTypes.isEmpty, let connection = task.connection, !connection.isEmpty else { return nil }
            let name = task.identifier ?? "(no Identifier)"
            return rule.finding(
                task.location, name,
                "FulfillTask \(name) has TaskResourceType children and Connection '\(connection)': a FulfillTask with TaskResourceTypes must not have a Connection, each resource type mapping gives its own; remove Connection"
            )
        }
    }

    /// A FulfillTask with TaskResourceType children and a `Connector`: the FulfillTask page
    /// presents TaskResourceTypes as the alternative to a connector ("instead of a connector").
    static let fulfillTaskConnector = CheckRule(
        id: "fulfill-task-connector", severity: .warning, theme: .wiring,
        summary:
            "A FulfillTask has either a `Connector` or `TaskResourceType` children, not both (the FulfillTask page offers resource types \"instead of a connector\").",
        sources: [DocPage.fulfillTask]
    ) { rule, context in
        context.configuration.fulfillTasks.compactMap { task in
            guard !task.taskResourceTypes.isEmpty, let connector = task.connector, !connector.isEmpty else { return nil }
            let name = task.identifier ?? "(no Identifier)"
            return rule.finding(
                task.location, name,
                "FulfillTask \(name) has both Connector '\(connector)' and TaskResourceType children; the FulfillTask page offers resource types instead of a connector, so which orders it fulfills is ambiguous; keep one"
            )
        }
    }

    /// Every resource type mapping has a `Connection`. Doc: resource type mapping pages;
    /// Connections page ("the Connection attribute as well, which is mandatory").
    static let resourceTypeMappingConnection = CheckRule(
        id: "resource-type-mapping-connection", severity: .error, theme: .wiring,
        summary: "Every resource type mapping (`ResourceTypeMapping`, `LdapResourceTypeMapping`, ...) has a `Connection`.",
        sources: [DocPage.resourceTypeMappings, DocPage.connections]
    ) { rule, context in
        context.configuration.resourceTypeMappings.compactMap { mapping in
            guard (mapping.connection ?? "").isEmpty else { return nil }
            return rule.finding(
                mapping.location, mapping.identifier,
                "\(mapping.element) \(NameText.quoted(mapping.identifier)) has no Connection; it is mandatory: provisioning of the resource type goes through that connection"
            )
        }
    }

    /// A resource type mapping's connection has a package that fulfills, not deactivated by
    /// `DeactivationExportFulfill`. Doc: package pages; XML Connection page.
    static let resourceTypeMappingPackage = CheckRule(
        id: "resource-type-mapping-package", severity: .warning, theme: .wiring,
        summary: "A resource type mapping's connection uses a package that fulfills, and its `DeactivationExportFulfill` does not deactivate fulfill.",
        sources: [DocPage.packages, DocPage.connection]
    ) { rule, context in
        context.configuration.resourceTypeMappings.compactMap { mapping in
            guard let written = mapping.connection, let connection = context.connections[written.lowercased()] else { return nil }
            if let package = context.package(of: connection), !package.hasFulfill {
                return rule.finding(
                    mapping.location, mapping.identifier,
                    "\(mapping.element) \(NameText.quoted(mapping.identifier)) provisions through Connection \(NameText.quoted(connection.identifier)), whose package \(package.identifier) (\(package.displayName)) has no fulfill; use a connection that fulfills"
                )
            }
            if CheckContext.deactivated(connection) == .fulfill {
                return rule.finding(
                    mapping.location, mapping.identifier,
                    "\(mapping.element) \(NameText.quoted(mapping.identifier)) provisions through Connection \(NameText.quoted(connection.identifier)), whose DeactivationExportFulfill deactivates fulfill (\(connection.location))"
                )
            }
            return nil
        }
    }
}
