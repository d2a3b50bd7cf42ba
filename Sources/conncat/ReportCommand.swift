import ArgumentParser
import ConncatReport
import ConnectionCatalog
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the catalog as one HTML file that any browser opens offline.",
        usage: "conncat report --output <file> [<options>]",
        discussion: """
            The report shows the overview of the connections with their status, the schema \
            timeline of each connection, the columns that can be mapped, the check's findings and \
            the recent schema changes. It is one self-contained file (no script, no network), \
            prints on A4, and shows no setting value.

            EXAMPLES:
              conncat report --output report.html
              conncat report --output hr.html --connection HRFeed --connection FinanceDb
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .long, help: ArgumentHelp("The HTML file to write (replaced if it exists).", valueName: "file"))
    var output: String
    @Option(help: ArgumentHelp("Only this connection (repeat for several).", valueName: "id"), completion: Completions.names(.connection))
    var connection: [String] = []

    func validate() throws {
        if output.isEmpty { throw ValidationError("--output needs a file name, e.g. --output report.html") }
    }

    func run() throws {
        try reportingErrors {
            var report = try catalog.withCatalog {
                try ReportQuery.run(ReportRequest(connections: connection), in: $0, now: Self.reproducibleTime())
            }
            // The imported folder as a reader of this working directory names it.
            if let folder = report.latestImport?.sourceFolder {
                report.latestImport?.sourceFolder = Self.relativeToWorkingDirectory(folder)
            }
            let html = ReportPage.render(report, generator: "conncat \(Conncat.configuration.version)")
            try OutputFile.write(Data(html.utf8), to: output, what: "the report", remedy: "choose another --output")
            write(
                "Wrote \(output): \(report.connections.count) connection\(report.connections.count == 1 ? "" : "s"), "
                    + "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")\n")
        }
    }
}

extension ReportCommand {
    /// `path` relative to the working directory when it lies below it, else `path`.
    static func relativeToWorkingDirectory(_ path: String) -> String {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : path
    }

    /// The report's time from `SOURCE_DATE_EPOCH` (Unix seconds), the reproducible-builds
    /// convention for output that must not depend on when it was made; `nil` (now) when unset.
    static func reproducibleTime() -> Timestamp? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text), seconds >= 0 else {
            return nil
        }
        return Timestamp(secondsSince1970: seconds)
    }
}
