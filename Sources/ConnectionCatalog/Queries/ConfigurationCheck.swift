import Foundation

/// `conncat check`: every documented problem of the imported configuration, found offline and
/// located to the line.
///
/// The check loads the current configuration, the agent settings, the schema history and the
/// latest export scan from the catalog, runs ``rules`` on them, and returns findings in a
/// deterministic order (``Finding/precedes(_:_:)``). Problems in the configuration are findings;
/// only an unusable catalog throws.
public enum ConfigurationCheck {
    /// Every rule, in reference order (by theme, then as each theme lists them).
    /// To add rules (e.g. the plain-text secret rule), extend the theme's list; see
    /// `SettingsRules.secretRules`.
    public static let rules: [CheckRule] =
        IdentifierRules.all + WiringRules.all + MappingRules.all + SettingsRules.all + DriftRules.all

    /// The rule with id `id`, if any.
    public static func rule(_ id: String) -> CheckRule? {
        rules.first { $0.id == id }
    }

    /// Runs `rules` on `input`.
    /// - Returns: findings sorted by file, line, rule (then subject, message); no duplicates.
    public static func run(_ input: CheckInput, rules: [CheckRule] = rules) -> [Finding] {
        let context = CheckContext(input)
        var seen: Set<Finding> = []
        return rules.flatMap { $0.findings(in: context) }
            .filter { seen.insert($0).inserted }
            .sorted(by: Finding.precedes)
    }

    /// Loads the catalog's current state and runs every rule on it.
    /// - Throws: ``CatalogError/noConfiguration(path:)`` when nothing was imported; a
    ///   `DatabaseError` when the catalog cannot be read.
    public static func run(in catalog: Catalog) throws -> [Finding] {
        try run(input(from: catalog))
    }

    /// What the check looks at, from the catalog. XML locations are made relative to the
    /// imported folder (`Conf/HR/HR Connector.xml`), like the agent settings file
    /// (`Runtime/appsettings.agent.json`) and the export folder (`Temp/ExportOutput`). Elements
    /// keep only the attributes the rules read, entity types only their properties without identifier
    /// (the identifiers of the others are indexed), and connection settings come without their keys.
    /// - Throws: ``CatalogError/noConfiguration(path:)`` when nothing was imported.
    public static func input(from catalog: Catalog) throws -> CheckInput {
        guard let record = try catalog.latestImport() else { throw CatalogError.noConfiguration(path: catalog.path) }
        // The import stores XML locations relative to the imported folder already.
        let (configuration, propertyIdentifiers) = try catalog.currentConfiguration(
            keeping: CheckContext.attributesRead, indexingProperties: true)
        var input = CheckInput(configuration: configuration)
        input.propertyIdentifiers = propertyIdentifiers
        if let file = record.agentSettingsFile {
            // No rule reads the keys of a connection's settings: only which connections have settings, and where.
            let settings = try catalog.currentAgentSettings(file: relativePath(file, under: record.sourceFolder), keys: false)
            // Stored rows name the file as the import displayed it; prefer that name.
            input.agentSettings = settings.connections.first.map { AgentSettings(file: $0.location.file, connections: settings.connections) } ?? settings
        }
        input.schemas = try schemaStates(
            in: catalog, untilSeconds: nil, under: record.sourceFolder, referenced: ReferencedSchemaItems(mappingsOf: input.configuration))
        input.plainTextSecrets = try PlainTextSecrets.run(in: catalog)
        input.clearCredentials = try catalog.clearCredentialAttributes()
        input.exportScan = try catalog.latestExportScan().map { scan in
            // refresh-schema records the folder as given (often absolute): show it under the imported folder.
            var scan = scan
            if scan.folder.hasPrefix("/") { scan.folder = relativePath(scan.folder, under: record.sourceFolder) }
            return scan
        }
        return input
    }

    /// The schema history the check reads, as it stood at `until` (Unix seconds; `nil` = now),
    /// with export files named under the imported folder `sourceFolder` when recorded inside it,
    /// and the removals of the tables and columns the mappings reference (what the drift rules
    /// look up).
    static func schemaStates(
        in catalog: Catalog, untilSeconds until: Int64?, under sourceFolder: String, referenced: ReferencedSchemaItems
    ) throws -> [ConnectionSchemaState] {
        try catalog.schemaStates(untilSeconds: until, removedAmong: referenced).map { state in
            // Export files are named in their folder as recorded: show them under the imported folder too.
            var state = state
            state.fileWarnings = state.fileWarnings.map { warning in
                var warning = warning
                if warning.file.hasPrefix("/") { warning.file = relativePath(warning.file, under: sourceFolder) }
                return warning
            }
            return state
        }
    }

    /// `path` relative to `root` (`""` when equal), or `path` itself when outside it.
    static func relativePath(_ path: String, under root: String) -> String {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = URL(fileURLWithPath: root).standardizedFileURL.path
        if path == root { return "" }
        let base = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
