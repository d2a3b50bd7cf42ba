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
            PATH/ExportOutput). The import is atomic: on any error nothing is stored.
            """)
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("Configuration folder or working directory.", valueName: "path")) var path: String
    @Option(name: .customLong("agent-settings"), help: ArgumentHelp("appsettings.agent.json to read.", valueName: "file"))
    var agentSettings: String?
    @Option(name: .customLong("export-dir"), help: ArgumentHelp("ExportOutput folder to refresh schemas from.", valueName: "dir"))
    var exportDir: String?
    @Option(help: ArgumentHelp("Time recorded for the import and its refresh (ISO 8601; default now).", valueName: "time"))
    var at: String?

    func run() throws {
        let at = try parseTime(at, option: "--at")
        try reportingErrors {
            let store = try catalog.open()
            let request = ImportRequest(path: URL(fileURLWithPath: path), agentSettings: agentSettings.map { URL(fileURLWithPath: $0) },
                                        exportFolder: exportDir.map { URL(fileURLWithPath: $0) }, at: at)
            write(ImportReport.render(try Importer.run(request, into: store), given: path, catalogPath: catalog.path))
            // Streamed: every column of a large configuration is listed without holding them all.
            var listing = ImportReport.AvailableListing()
            var pending = ""
            try AvailableColumns.forEach(ColumnQuery(), in: store) { column in
                pending += listing.add(column)
                if pending.utf8.count >= 1 << 16 { write(pending); pending = "" }
            }
            write(pending + listing.finish())
        }
    }
}

struct RefreshSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh-schema",
        abstract: "Record a schema refresh of the catalog's connections from an ExportOutput folder.")
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("export-dir"), help: ArgumentHelp("ExportOutput folder holding the export CSV files.", valueName: "dir"))
    var exportDir: String
    @Option(help: ArgumentHelp("Refresh only this connection (repeatable).", valueName: "id")) var connection: [String] = []
    @Option(help: ArgumentHelp("Time recorded for the attempts (ISO 8601; default now).", valueName: "time")) var at: String?

    func run() throws {
        let at = try parseTime(at, option: "--at") ?? Timestamp.now()
        try reportingErrors {
            let store = try catalog.open()
            let outcome = try SchemaRefresher.refresh(folder: URL(fileURLWithPath: exportDir), connections: connection,
                                                      at: at, in: store)
            write(ImportReport.renderRefresh(outcome, at: at))
        }
    }
}
