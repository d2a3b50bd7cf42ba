import ArgumentParser
import Foundation

@main
struct Conncat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conncat",
        abstract: "Catalog of Netwrix Identity Manager connections: what can be mapped, and what changed.",
        discussion: """
            Imports an Identity Manager configuration (XML files, appsettings.agent.json, ExportOutput \
            headers) into an SQLite catalog and answers which connection tables and columns are \
            available for mapping. Secrets are never stored and never shown.
            """,
        version: "0.1.0",
        subcommands: [ImportCommand.self, RefreshSchemaCommand.self, ConnectionsCommand.self,
                      TablesCommand.self, ColumnsCommand.self, SettingsCommand.self, HistoryCommand.self,
                      DiffCommand.self, AuditCommand.self, ImportsCommand.self, ChangesCommand.self, CheckCommand.self,
                      CompareCommand.self, DoctorCommand.self, BackupCommand.self, ReportCommand.self]
    )

    /// Runs the command line. The argument parser's own errors quote what was typed: they are
    /// written with control characters escaped (``TerminalText``), as every other output.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // help and version, as usual
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((TerminalText.escapeKeepingLines(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
