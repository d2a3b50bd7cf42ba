import ArgumentParser
import ConnectionCatalog
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a configuration folder or working directory, then refresh schemas from its exports.",
        usage: "conncat import <path> [<options>]",
        discussion: """
            PATH is a folder of XML files or an Identity Manager working directory: the XML is read \
            from PATH/Conf (else PATH), the agent settings from PATH/Runtime/appsettings.agent.json \
            (else PATH/appsettings.agent.json), the export outputs from PATH/Temp/ExportOutput (else \
            PATH/ExportOutput). An export folder found there that holds no export file yet (a fresh \
            working directory) is not read: no schema is refreshed and none is recorded as failed, \
            a warning says so, and `conncat refresh-schema` reads it later; --export-dir naming a \
            folder without export file is an error. The import is atomic: on any error nothing is stored. \
            Secret values are never stored: each secret is recorded with a fingerprint keyed by the \
            file $CONNCAT_KEY_FILE (default ~/.config/conncat/fingerprint.key, created on first use), \
            which stays outside the catalog (see `conncat settings`). \
            After the schema refresh, each connection whose schema changed since the previous refresh \
            says what changed and which mappings it breaks. When connections (or ConnectionTable \
            elements) of the previous import are no longer declared, a warning on standard error \
            names them (also with --quiet): importing a part of the configuration (Conf/HR) instead \
            of its root folder does that. Their history stays in the catalog, and importing the whole \
            configuration again declares them again. On a terminal, an import of more than \(ImportReport.listedConnections) \
            connections lists only those that failed, changed their schema, broke a mapping or have a \
            warning, counts the others and the columns available for mapping, and names the commands \
            that list them (`conncat connections`, `conncat columns`); --all, a pipe or a file gets every line.

            EXAMPLES:
              conncat import Fixtures/demo
              conncat import /srv/usercube --database /srv/catalog/conncat.sqlite
              conncat import ./Conf --agent-settings ./appsettings.agent.json
              conncat import ./Conf --export-dir ./ExportOutput --at 2026-11-29T08:00:00Z
              conncat import /srv/usercube --quiet --fail-on-breaking
              conncat import /srv/usercube --all

            EXIT CODES:
              0  imported (and every schema refresh succeeded)
              1  nothing imported (one error line on standard error)
              2  imported, but at least one connection's schema refresh failed
                 (also an unchanged import whose earlier failed refresh stands)
              3  with --fail-on-breaking: imported, and a schema change breaks a mapping
                 (a mapped table or column an earlier refresh had and the latest lacks;
                 also when an earlier refresh made the change)
              64 wrong usage
            """)
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("Configuration folder or working directory.", valueName: "path")) var path: String
    @Option(name: .customLong("agent-settings"), help: ArgumentHelp("appsettings.agent.json to read.", valueName: "file"))
    var agentSettings: String?
    @Option(name: .customLong("export-dir"), help: ArgumentHelp("ExportOutput folder to refresh schemas from.", valueName: "dir"))
    var exportDir: String?
    @Option(help: ArgumentHelp("Time recorded for the import and its refresh (ISO 8601; default now).", valueName: "time"))
    var at: Timestamp?
    @Flag(
        name: [.customShort("q"), .long],
        help: "Print nothing but errors and warnings (failed schema refreshes, connections no longer declared), on standard error.")
    var quiet = false
    @OptionGroup var report: RefreshReportOptions

    func validate() throws {
        if path.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give the folder to import") }
        try requirePast(at)
    }

    func run() throws {
        removePartialFilesOnInterrupt()
        let width = Presentation.current.width
        try reportingErrors {
            // What the rest of the command needs of the result, taken before the column listing:
            // the result itself (the refresh's changes, the agent settings) is not held while
            // every column is listed.
            let unchangedSince: Int64?
            let exitCode: Int32?
            // The schemas the refresh just recorded: the listing takes them as they are rather
            // than reading them back.
            let recorded: [SchemaSnapshot]
            let standing: [FailedRefresh]
            // With --fail-on-breaking: the mappings behind exit code 3, which the output lists too.
            let breaking: [BrokenMapping]
            let sourceFolder: String
            // On a terminal, a large import's listing says how many and which commands list them
            // instead of scrolling every connection and column by.
            let folding: Bool
            do {
                // The import is stored (a new catalog moved into place) before anything is printed.
                let (result, settingsMatch) = try catalog.withCatalog(create: true) { store in
                    let request = ImportRequest(
                        path: URL(fileURLWithPath: path), agentSettings: agentSettings.map { URL(fileURLWithPath: $0) },
                        exportFolder: exportDir.map { URL(fileURLWithPath: $0) }, at: at)
                    let result = try ProgressLine.around("importing \(Renderer.display(path))", enabled: !quiet) {
                        do {
                            return try Importer.run(request, into: store)
                        } catch var error as InputError {
                            // A second file in the message (a duplicate's first declaration) is shown
                            // like the error's own file, from the current directory.
                            // (The library names it relative to the imported folder.)
                            let shown = DisplayPath.shown(request.path.path)
                            error.message = error.message.replacingOccurrences(
                                of: "(first at ", with: "(first at " + (shown == "." ? "" : shown + "/"))
                            throw error
                        }
                    }
                    // The listing says how the agent settings match the declared connections.
                    let readSettings = result.agentSettings != nil || result.storedAgentSettingsConnections != nil
                    return (result, !quiet && report.format != .json && readSettings ? try store.agentSettingsMatch() : nil)
                }
                // From here an interrupt cuts the listing short, not the import.
                setInterruptNote("interrupted: import #\(result.record.id ?? 0) is stored, only its listing was cut short")
                unchangedSince = result.unchangedSince
                recorded =
                    quiet || report.format == .json ? [] : result.refresh?.attempts.compactMap { $0.status == .success ? $0.snapshot : nil } ?? []
                exitCode = report.failedCode(for: result.refresh)
                sourceFolder = result.record.sourceFolder
                folding = !report.all && ImportReport.folds(connections: result.refresh?.attempts.count ?? 0, width: width)
                // Said on standard error whatever the format, --quiet included: a CI log shows it.
                if let loss = result.noLongerDeclared {
                    writeError(DeclarationLossReport.warning(loss, given: path, sourceFolder: result.record.sourceFolder))
                }
                if let folder = result.exportFolderWithoutExportFiles { writeError(ImportReport.noExportFileWarning(folder)) }
                // An import whose inputs are all unchanged refreshes nothing: the failures of the
                // refresh that stands still count, and are said as those of a new refresh are.
                standing =
                    result.unchangedSince == nil
                    ? [] : try catalog.withCatalog { try $0.failedRefreshes(since: nil, latestOnly: true) }
                // The gate asks the catalog as it stands, not this run's refresh: the same inputs give
                // the same answer whether or not a refresh ran in between.
                breaking = try report.breaking(connections: nil, catalog: catalog)
                if quiet {
                    if let refresh = result.refresh, ImportReport.failedCount(refresh) > 0 { ImportReport.reportFailures(refresh) }
                } else if report.format == .json {
                    write(
                        result.unchangedSince == nil
                            ? ImportReport.json(result.refresh.map { ImportReport.including(breaking, in: $0) })
                            : ImportReport.json(
                                standing: standing, breaking: breaking,
                                summaries: breaking.isEmpty ? [] : try catalog.withCatalog { try $0.connectionSummaries() }))
                } else {
                    let listing = ImportReport.render(
                        result, given: path, catalogPath: catalog.path, folding: folding, settingsMatch: settingsMatch, breaking: breaking)
                    write(TextWrap.fit(listing, width: width))
                    if let previous = result.unchangedSince {
                        // Nothing changed: the columns are those listed after that import.
                        write(TextWrap.fit("\nColumns available for mapping: as after import #\(previous) (`conncat columns` lists them).\n", width: width))
                    }
                }
            }
            if !quiet, report.format != .json, unchangedSince == nil {
                try catalog.withCatalog { store in
                    // Streamed: every column of a large configuration is listed without holding them all.
                    var listing = ImportReport.AvailableListing()
                    listing.folded = folding
                    var pending = ""
                    try store.forEachAvailableTable(recorded: recorded) { columns in
                        pending += listing.add(table: columns)
                        if pending.utf8.count >= 1 << 16 {
                            write(TextWrap.fit(pending, width: width))
                            pending = ""
                        }
                    }
                    write(TextWrap.fit(pending + listing.finish(), width: width))
                }
            }
            try report.gate(breaking, then: "import again", sourceFolder: sourceFolder)
            if let previous = unchangedSince, !standing.isEmpty {
                // Nothing was refreshed: the failures of the refresh that stands still count.
                writeError(ImportReport.failureLine(standing, standingSince: previous))
                throw ExitCode(2)
            }
            if exitCode == 2 {
                // Said on standard error whatever the format, --quiet included: a CI log shows why
                // the job failed. The latest attempts are this import's refresh.
                let failed = try catalog.withCatalog { try $0.failedRefreshes(since: nil, latestOnly: true) }
                if !failed.isEmpty { writeError(ImportReport.failureLine(failed, standingSince: nil)) }
            }
            if let exitCode { throw ExitCode(exitCode) }
        }
    }
}

/// `--format` and `--fail-on-breaking` of `import` and `refresh-schema`.
struct RefreshReportOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, or json (one object per connection refreshed: connection, status, changed, changes, broken_mappings).")
    var format: ReportFormat = .text
    @Flag(
        name: .customLong("fail-on-breaking"),
        help: "Exit 3 while a schema change breaks a mapping (a mapped table or column an earlier refresh had and the latest lacks).")
    var failOnBreaking = false
    @Flag(
        help: ArgumentHelp(
            "List every connection and column on a terminal too (more than \(ImportReport.listedConnections) connections are otherwise counted, not listed)."
        ))
    var all = false

    /// 2 when a connection's refresh failed, else `nil`.
    func failedCode(for outcome: RefreshOutcome?) -> Int32? {
        if let outcome, ImportReport.failedCount(outcome) > 0 { return 2 }
        return nil
    }

    /// With `--fail-on-breaking`, the mappings of `connections` (all when `nil`) that a schema
    /// change breaks as the catalog stands: what ``gate(_:then:sourceFolder:)`` decides on, and
    /// what the output lists in each connection's broken mappings. Empty without the flag.
    func breaking(connections: [String]?, catalog: CatalogOptions) throws -> [BrokenMapping] {
        guard failOnBreaking else { return [] }
        return try catalog.withCatalog { try MappingImpact.brokenBySchemaChange(of: connections, in: $0) }
    }

    /// With `--fail-on-breaking`, exit 3 (saying why on standard error) while a mapping of
    /// `connections` (all when `nil`) is broken by a schema change, as the catalog stands: the
    /// baseline is each connection's history (a name an earlier successful refresh had), so the
    /// answer is the same whether the change was recorded by this run or an earlier one.
    /// - Parameter then: what to run once the mappings or the export are fixed.
    /// - Parameter broken: ``breaking(connections:catalog:)``, asked before the output is written
    ///   so that the output names the same mappings.
    func gate(_ broken: [BrokenMapping], then: String, sourceFolder: String?) throws {
        guard failOnBreaking, !broken.isEmpty else { return }
        writeError(ImportReport.breakingLine(broken, sourceFolder: sourceFolder, then: then))
        throw ExitCode(3)
    }
}

/// Output formats of `import` and `refresh-schema`.
enum ReportFormat: String, ArgumentChoice {
    case text, json

    static let choices: [Self] = [.text, .json]
}

struct RefreshSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh-schema",
        abstract: "Record a schema refresh of the catalog's connections from an ExportOutput folder.",
        usage: "conncat refresh-schema [--export-dir <dir>] [<options>]",
        discussion: """
            Reads the header of each connection's export CSV files in the folder and records one \
            refresh attempt per connection (success, failed, or no schema). Without --export-dir, \
            the export folder of the latest import is read (and the output says so). A folder that \
            holds no export file at all (no *.csv file) is an error, and nothing is recorded. Per \
            connection whose schema changed, the output says what changed and which mappings it \
            breaks (file:line, with a suggestion); a connection's first schema is not a change \
            (JSON `changed` null, as in `conncat history`). On a terminal, a refresh of more than \
            \(ImportReport.listedConnections) connections is folded as `conncat import` folds it; --all, \
            a pipe or a file gets every line.

            EXAMPLES:
              conncat refresh-schema
              conncat refresh-schema --export-dir /srv/usercube/Temp/ExportOutput
              conncat refresh-schema --export-dir ./ExportOutput --connection HRFeed
              conncat refresh-schema --connector AD --fail-on-breaking --format json

            EXIT CODES:
              0  recorded
              1  nothing recorded (one error line on standard error)
              2  recorded, but at least one connection's refresh failed
              3  with --fail-on-breaking: recorded, and a schema change breaks a mapping
                 of a connection refreshed (also when an earlier refresh made the change;
                 3 wins over 2)
              64 wrong usage
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(
        name: .customLong("export-dir"),
        help: ArgumentHelp(
            "ExportOutput folder holding the export CSV files (default: the export folder of the latest import).", valueName: "dir"))
    var exportDir: String?
    @Option(help: ArgumentHelp("Refresh only this connection (repeatable).", valueName: "id"), completion: Completions.names(.connection))
    var connection: [String] = []
    @Option(help: ArgumentHelp("Refresh every connection of this connector (repeatable).", valueName: "id")) var connector: [String] = []
    @Option(help: ArgumentHelp("Time recorded for the attempts (ISO 8601; default now).", valueName: "time")) var at: Timestamp?
    @OptionGroup var report: RefreshReportOptions

    func validate() throws { try requirePast(at) }

    func run() throws {
        let at = at ?? .now
        try reportingErrors {
            let (outcome, sourceFolder) = try catalog.withCatalog(write: true) { store in
                // Names are checked before anything is printed: a typo gives its error line alone.
                for name in connection { _ = try requireConnection(name, in: store) }
                if !connector.isEmpty {
                    let connectors = Array(Set(try store.connectionSummaries().compactMap(\.connector))).sorted()
                    let known = Set(connectors.map { $0.lowercased() })
                    for name in connector where !known.contains(name.lowercased()) {
                        throw UnknownNameError(connector: name, known: connectors)
                    }
                }
                var folder = exportDir
                if folder == nil {
                    guard let record = try store.latestImport() else { throw CatalogError.noConfiguration(path: catalog.path) }
                    guard let recorded = record.exportFolder else {
                        throw CommandError(
                            "the latest import (#\(record.id ?? 0), \(record.importedAt)) found no export folder; give the ExportOutput folder with --export-dir DIR"
                        )
                    }
                    let note =
                        "Refreshing from \(Renderer.display(DisplayPath.shown(recorded))), the export folder of the latest import "
                        + "(#\(record.id ?? 0), \(record.importedAt))\n"
                    if report.format == .json {
                        // Wrapped when standard error is a terminal, whatever standard output is.
                        FileHandle.standardError.write(Data(TextWrap.fit(note, width: Terminal.errorWidth()).utf8))
                    } else {
                        write(TextWrap.fit(note, width: Presentation.current.width))
                    }
                    folder = recorded
                }
                let outcome = try ProgressLine.around("refreshing schemas from \(Renderer.display(DisplayPath.shown(folder!)))") {
                    try SchemaRefresher.refresh(
                        folder: URL(fileURLWithPath: folder!), connections: connection,
                        connectors: connector, at: at, in: store)
                }
                return (outcome, try store.latestImport()?.sourceFolder)
            }
            let breaking = try report.breaking(connections: outcome.attempts.map(\.connection), catalog: catalog)
            let shown = ImportReport.including(breaking, in: outcome)
            write(
                report.format == .json
                    ? ImportReport.json(shown)
                    : TextWrap.fit(
                        ImportReport.renderRefresh(
                            shown, at: at.iso8601, sourceFolder: sourceFolder,
                            folding: !report.all && ImportReport.folds(connections: outcome.attempts.count, width: Presentation.current.width)),
                        width: Presentation.current.width))
            try report.gate(breaking, then: "refresh again", sourceFolder: sourceFolder)
            if let code = report.failedCode(for: outcome) {
                // Said on standard error whatever the format: a scheduled job's log shows why.
                let attempted = Set(outcome.attempts.filter { $0.status == .failed }.map { $0.connection.lowercased() })
                let failed = try catalog.withCatalog { try $0.failedRefreshes(since: nil, latestOnly: true) }
                writeError(ImportReport.failureLine(failed.filter { attempted.contains($0.connection.lowercased()) }, standingSince: nil, refreshOnly: true))
                throw ExitCode(code)
            }
        }
    }
}

/// A command's own one-line error (exit 1): `error: what; what to do`, or `file: error: ...` for
/// one about a file.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    /// The line as printed.
    let line: String
    init(_ description: String) {
        self.description = description
        line = "error: " + description
    }
    init(file: String, _ what: String) {
        description = what
        line = "\(DisplayPath.shown(file)): error: \(what)"
    }
}
