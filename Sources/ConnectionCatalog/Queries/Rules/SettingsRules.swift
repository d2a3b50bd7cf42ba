/// Rules across the three sources: XML connections, agent settings (`appsettings.agent.json >
/// Connections`) and export outputs.
enum SettingsRules {
    static let all: [CheckRule] = [settingsMissing, settingsOrphan, exportFileUnattributed, exportFileWarning] + secretRules

    /// Rules on the secrets of the agent settings. The catalog never holds secret values: these
    /// rules read where secrets are written (``CheckInput/plainTextSecrets``), never what they are.
    static let secretRules: [CheckRule] = [plainTextSecret]

    /// A secret written in clear in `appsettings.agent.json`, as a whole value (`Password`) or
    /// inside a value of any name (`"Url": "ldaps://svc:...@host"`, a `?token=` or `?sig=`
    /// parameter, a connection string's `Password=`): the documentation recommends the
    /// RSA-encrypted file, Azure Key Vault or CyberArk. The finding names the setting, never
    /// its value.
    static let plainTextSecret = CheckRule(
        id: "plain-text-secret", severity: .warning, theme: .settings,
        summary:
            "A password, secret, token or key is written in clear in `appsettings.agent.json`, as a whole value or inside a value of any name (a URL's `user:password@`, a `password`, `token` or `sig` query parameter, a connection string's `Password=`), also when an overlay overrides it, since the clear text stays in the file; move it to `appsettings.encrypted.agent.json`, Azure Key Vault or CyberArk. Such a credential inside an XML attribute (`URI=\"https://user:password@host\"`) or an export file's header cell is reported too. The finding names the setting, the element and attribute, or the header cell, never its value.",
        sources: [
            DocPage.ig + "network-configuration/agent-configuration/index.md",
            DocPage.ig + "network-configuration/agent-configuration/rsa-encryption/index.md",
            DocPage.ig + "network-configuration/agent-configuration/cyberark-application-access-manager-credential-providers/index.md",
        ]
    ) { rule, context in
        context.input.plainTextSecrets.map { secret in
            rule.finding(
                secret.location, secret.connection.map { "\($0):\(secret.key)" } ?? secret.key,
                secret.message + "; " + PlainTextSecret.hint)
        }
            + clearCredentials(context).map { credential in
                let what = "(a URL password, a password, token or signature parameter, or a connection string password)"
                switch credential.place {
                case .xmlAttribute(let element, let identifier, let attribute):
                    let name = identifier.map { "\(element) \($0)" } ?? element
                    return rule.finding(
                        credential.location, "\(identifier ?? element):\(attribute)",
                        "the value of attribute \(attribute) of \(name) holds a credential written in clear in \(credential.location.file) \(what); remove it from the XML configuration: the agent reads credentials from appsettings.encrypted.agent.json (Usercube-Protect-X509JsonValue), Azure Key Vault or CyberArk"
                    )
                case .exportHeader(let table, let position):
                    return rule.finding(
                        credential.location, "\(table):\(position)",
                        "header cell \(position) of export file \(credential.location.file) holds a credential written in clear \(what); the export writes its header from the source: remove it from the source (file header, query), then export again"
                    )
                }
            }
    }

    /// The credentials in clear of XML attributes (loaded with the input), then those of the
    /// header cells of every connection's export files in force (redacted by the refresh),
    /// located in the latest scanned export folder.
    static func clearCredentials(_ context: CheckContext) -> [ClearCredential] {
        let placeholder = ConnectionStringRedactor.placeholder
        let folder = context.input.exportScan?.folder
        var result = context.input.clearCredentials
        for state in context.input.schemas {
            for table in state.snapshot?.tables ?? [] where table.source == .exportOutput {
                for (index, column) in table.columns.enumerated() where column != placeholder && column.contains(placeholder) {
                    let file = "\(table.name).csv"
                    result.append(
                        ClearCredential(
                            location: SourceLocation(file: folder.map { $0.isEmpty ? file : "\($0)/\(file)" } ?? file, line: 1),
                            place: .exportHeader(table: table.name, position: index + 1)))
                }
            }
        }
        return result
    }

    /// Packages documented to run inside Identity Manager without agent settings (manual
    /// provisioning tickets, internal resources, unplugged): a connection using one needs no
    /// `Connections` entry. Usercube/Workflow is not one: its connector page requires
    /// `WorkflowJsonPath` in the connection's settings.
    static let packagesWithoutSettings: Set<String> = [
        "Usercube.Manual@0000001", "Usercube.UpdateManualProvisioningTicket@0000001",
        "Usercube.FulfillDatabase@0000001", "Usercube.Custom@0000001",
    ]

    /// Every XML Connection has settings under `appsettings.agent.json > Connections >
    /// <identifier>` (compared case-insensitively). The message names what depends on the
    /// connection. Doc: Connections page ("declared both in the XML configuration and in the
    /// appsettings.agent.json file to be used").
    static let settingsMissing = CheckRule(
        id: "connection-settings-missing", severity: .error,
        severityNote:
            "info for packages that run inside Identity Manager without agent settings (Ticket/Usercube, Ticket/Usercube And Create/Update/Delete resources, Usercube/Database, Custom/Unplugged), and once, at the imported folder, when no appsettings.agent.json was imported",
        theme: .settings,
        summary:
            "Every XML Connection has settings under `appsettings.agent.json > Connections > <identifier>` (compared case-insensitively); the message names the tasks and resource type mappings that depend on it.",
        sources: [DocPage.connections, DocPage.appsettingsAgent]
    ) { rule, context in
        guard let settings = context.input.agentSettings else {
            guard !context.configuration.connections.isEmpty else { return [] }
            // At the imported folder (an empty path relative to it): there is no settings file to name.
            return [
                rule.finding(
                    SourceLocation(file: ""), "appsettings.agent.json",
                    "no appsettings.agent.json was imported, so no connection was checked against its agent settings; import the working directory (with Runtime/appsettings.agent.json) or name the agent settings file",
                    severity: .info)
            ]
        }
        return context.configuration.connections.compactMap { connection in
            guard !connection.identifier.isEmpty, context.settings[connection.identifier.lowercased()] == nil else { return nil }
            let package = context.package(of: connection)
            if let package, packagesWithoutSettings.contains(package.identifier) {
                return rule.finding(
                    connection.location, connection.identifier,
                    "Connection \(NameText.quoted(connection.identifier)) has no settings under Connections in \(settings.file); its package \(package.identifier) (\(package.displayName)) runs inside Identity Manager and needs none",
                    severity: .info)
            }
            let dependants = context.dependants(of: connection.identifier)
            let uses = dependants.isEmpty ? "nothing refers to it yet" : "used by " + dependants.joined(separator: ", ")
            return rule.finding(
                connection.location, connection.identifier,
                "Connection \(NameText.quoted(connection.identifier)) has no settings under Connections:\(NameText.quoted(connection.identifier)) in \(settings.file) (\(uses)); the agent cannot run its export or fulfill without them: add them"
            )
        }
    }

    /// A key under `appsettings.agent.json > Connections` that no XML Connection declares: the
    /// agent never uses it. Doc: Connections page.
    static let settingsOrphan = CheckRule(
        id: "connection-settings-orphan", severity: .warning, theme: .settings,
        summary: "A key under `appsettings.agent.json > Connections` matches no XML Connection (case-insensitively): the agent never uses those settings.",
        sources: [DocPage.connections, DocPage.appsettingsAgent]
    ) { rule, context in
        (context.input.agentSettings?.connections ?? []).compactMap { settings in
            guard context.connections[settings.connection.lowercased()] == nil else { return nil }
            return rule.finding(
                settings.location, settings.connection,
                "settings under Connections:\(NameText.quoted(settings.connection)) belong to no Connection of the XML configuration; declare the Connection, or remove the settings (a typo in either identifier also shows here)"
            )
        }
    }

    /// A warning the latest schema refresh recorded on an export file of a connection of the
    /// configuration: the header's bytes contradicted the connection's encoding setting, its
    /// `Separator` setting read the header as one column while the file seems to use another
    /// separator (``SchemaRefresher``; `executables/references/export-csv` page), header
    /// cells with surrounding spaces, empty or duplicated header cells, a file named like the
    /// export of a connection that has none. Doc: connector pages ("Output details"), `csv` and
    /// `sql` connector pages (`Encoding`, `CsvEncoding`).
    static let exportFileWarning = CheckRule(
        id: "export-file-warning", severity: .warning, theme: .settings,
        summary:
            "The latest schema refresh of a connection recorded a warning on one of its export files: an encoding setting that the header's bytes contradict (what was read instead), a `Separator` setting that reads the header as one column while the file seems to use another separator (`;`, tab or `|`: what was read), header cells with surrounding spaces (kept as written), empty or repeated header cells, or a file named like the export of a connection whose package has no export or whose export is deactivated (not read).",
        sources: [DocPage.connections, DocPage.connectorReferences, DocPage.ig + "connectors/references-connectors/sql/index.md"]
    ) { rule, context in
        context.configuration.connections.flatMap { connection -> [Finding] in
            guard let state = context.schemas[connection.identifier.lowercased()] else { return [] }
            return state.fileWarnings.map { file in
                rule.finding(
                    SourceLocation(file: file.file, line: 1), connection.identifier,
                    "export file \(file.file.split(separator: "/").last.map(String.init) ?? file.file) of Connection \(NameText.quoted(connection.identifier)): \(file.warning)"
                )
            }
        }
    }

    /// A CSV file of the ExportOutput folder whose name starts with no connection identifier
    /// followed by `_` or `.csv`: no connection produced it and no mapping can read it.
    /// Doc: Connections page ("files whose names start with the connection's identifier");
    /// agent appsettings page (ExportOutput folder).
    static let exportFileUnattributed = CheckRule(
        id: "export-file-unattributed", severity: .warning, theme: .settings,
        summary:
            "A CSV file in the ExportOutput folder (latest scan) belongs to no connection: its name does not start with a connection identifier followed by `_` or `.csv`.",
        sources: [DocPage.connections, DocPage.appsettings]
    ) { rule, context in
        guard let scan = context.input.exportScan else { return [] }
        return scan.unattributedFiles.map { name in
            rule.finding(
                SourceLocation(file: scan.folder.isEmpty ? name : "\(scan.folder)/\(name)"), name,
                "export file \(NameText.quoted(name)) belongs to no connection: export files are named <connection>.csv or <connection>_<suffix>.csv, and no connection identifier starts this name; remove the stale file or declare its connection"
            )
        }
    }
}
