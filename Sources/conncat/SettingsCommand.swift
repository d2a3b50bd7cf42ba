import ArgumentParser
import ConnectionCatalog

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "List the agent settings: values, and which secrets are set, where they come from and which changed.",
        usage: "conncat settings [<options>]",
        discussion: """
            One row per flattened key of appsettings.agent.json (with the overlays beside it) under \
            Connections, then the secrets outside Connections (OpenIdClients, Databases...). Secret \
            values are never stored nor shown: `value` is null for a secret (a connection string \
            shows its other parts, with `<secret>` for its password), `kind` tells where the value \
            comes from (plain, encrypted, cyberark, azure_key_vault, absent) and \
            `changed_since_previous_import` whether it changed between the last two imports (null \
            when unknown).

            EXAMPLES:
              conncat settings
              conncat settings --connection FinanceDb
              conncat settings --format json
            """)
    @OptionGroup var catalog: ListingOptions
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id"), completion: Completions.names(.connection)) var connection: String?

    func run() throws {
        try reportingErrors {
            let (rows, latest) = try catalog.withCatalog {
                (try ConnectionSettingsQuery.run(connection: connection, in: $0), try $0.latestImport())
            }
            if rows.isEmpty, catalog.format == .table, let latest, latest.agentSettingsFile == nil {
                writeFitted(Self.noSettingsRead(latest))
            } else {
                write(Renderer.render(rows, as: catalog.format))
            }
        }
    }

    /// In place of an empty table when the latest import read no agent settings: which import,
    /// and where an import looks for them.
    static func noSettingsRead(_ latest: ImportRecord) -> String {
        let folder = Renderer.display(DisplayPath.shown(latest.sourceFolder, base: nil))
        return "No agent settings: the latest import (#\(latest.id.map(String.init) ?? "?")) read none; "
            + "conncat import looks for \(folder)/Runtime/appsettings.agent.json, else \(folder)/appsettings.agent.json "
            + "(or the file given with --agent-settings).\n"
    }
}

extension SettingRow: FieldListed {
    // What each connection is configured with: the key stays whole, the value takes the width
    // left (a path keeps its file name: `D:/…/HR/hr_extract.csv`); state and kind go first.
    static let columnRules: [String: ColumnRule] = [
        "connection": .whole(100), "settings_connection": .whole(8), "key": .whole(95), "value": .value(90, minimum: 20), "secret": .whole(60),
        "state": .cut(50).collapsing, "kind": .cut(45).collapsing, "changed_since_previous_import": .whole(40),
    ]
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.connection) { .text($0.connection) },
        RowField(CodingKeys.settingsConnection) { .text($0.settingsConnection) },
        RowField(CodingKeys.key) { .text($0.key) },
        RowField(CodingKeys.value) { .text($0.value) },
        RowField(CodingKeys.secret) { .bool($0.secret) },
        RowField(CodingKeys.state) { .text($0.state?.rawValue) },
        RowField(CodingKeys.kind) { .text($0.kind?.rawValue) },
        RowField(CodingKeys.changedSincePreviousImport) { .bool($0.changedSincePreviousImport) },
    ]
}
