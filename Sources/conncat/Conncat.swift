import ArgumentParser

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
                      DiffCommand.self, AuditCommand.self, CheckCommand.self, CompareCommand.self, DoctorCommand.self,
                      BackupCommand.self, ReportCommand.self]
    )
}
