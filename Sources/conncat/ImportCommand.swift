import ArgumentParser
import ConnectionCatalog
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a configuration folder or working directory, then refresh schemas from its exports.",
        discussion: """
            PATH is a folder of XML files or an Identity Manager working directory: the XML is read \
            from PATH/Conf (else PATH), the agent settings from PATH/Runtime/appsettings.agent.json \
            (else PATH/appsettings.agent.json), the export outputs from PATH/Temp/ExportOutput (else \
            PATH/ExportOutput). The import is atomic: on any error nothing is stored. \
            Secret values are never stored: each secret is recorded with a fingerprint keyed by the \
            file $CONNCAT_KEY_FILE (default ~/.config/conncat/fingerprint.key, created on first use), \
            which stays outside the catalog (see `conncat settings`).
            """)
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("Configuration folder or working directory.", valueName: "path")) var path: String
    @Option(name: .customLong("agent-settings"), help: ArgumentHelp("appsettings.agent.json to read.", valueName: "file"))
    var agentSettings: String?
    @Option(name: .customLong("export-dir"), help: ArgumentHelp("ExportOutput folder to refresh schemas from.", valueName: "dir"))
    var exportDir: String?
    @Option(help: ArgumentHelp("Time recorded for the import and its refresh (ISO 8601; default now).", valueName: "time"))
    var at: String?

    func validate() throws {
        if path.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give the folder to import") }
        _ = try parseTime(at, option: .at)
    }

    func run() throws {
        let at = try parseTime(at, option: .at)
        try reportingErrors {
            // The import is stored (a new catalog moved into place) before anything is printed.
            let result = try catalog.withCatalog(create: true) { store in
                let request = ImportRequest(path: URL(fileURLWithPath: path), agentSettings: agentSettings.map { URL(fileURLWithPath: $0) },
                                            exportFolder: exportDir.map { URL(fileURLWithPath: $0) }, at: at)
                return try Importer.run(request, into: store)
            }
            write(ImportReport.render(result, given: path, catalogPath: catalog.path))
            try catalog.withCatalog { store in
                // Streamed: every column of a large configuration is listed without holding them all.
                var listing = ImportReport.AvailableListing()
                var pending = ""
                try AvailableColumns.forEach(ColumnQuery(), in: store) { column in
                    pending += listing.add(column)
                    if pending.utf8.count >= 1 << 16 { write(pending); pending = "" }
                }
                write(pending + listing.finish())
            }
            if (result.refresh.map(ImportReport.failedCount) ?? 0) > 0 { throw ExitCode(2) }
        }
    }
}

struct RefreshSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh-schema",
        abstract: "Record a schema refresh of the catalog's connections from an ExportOutput folder.",
        discussion: "Exit codes: 0 recorded; 1 nothing recorded (error on stderr); 2 recorded, but at least one connection's refresh failed.")
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("export-dir"), help: ArgumentHelp("ExportOutput folder holding the export CSV files.", valueName: "dir"))
    var exportDir: String
    @Option(help: ArgumentHelp("Refresh only this connection (repeatable).", valueName: "id")) var connection: [String] = []
    @Option(help: ArgumentHelp("Refresh every connection of this connector (repeatable).", valueName: "id")) var connector: [String] = []
    @Option(help: ArgumentHelp("Time recorded for the attempts (ISO 8601; default now).", valueName: "time")) var at: String?

    func validate() throws { _ = try parseTime(at, option: .at) }

    func run() throws {
        let at = try parseTime(at, option: .at) ?? Timestamp.now()
        try reportingErrors {
            let outcome = try catalog.withCatalog(write: true) { store in
                try SchemaRefresher.refresh(folder: URL(fileURLWithPath: exportDir), connections: connection,
                                            connectors: connector, at: at, in: store)
            }
            write(ImportReport.renderRefresh(outcome, at: at))
            if ImportReport.failedCount(outcome) > 0 { throw ExitCode(2) }
        }
    }
}
