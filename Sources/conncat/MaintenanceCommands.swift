import ArgumentParser
import ConnectionCatalog

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the catalog file: integrity, migrations, size. Exit 1 when damaged or a migration was edited.",
        usage: "conncat doctor [<options>]",
        discussion: """
            EXAMPLES:
              conncat doctor
              conncat doctor --database /srv/catalog/conncat.sqlite

            EXIT CODES:
              0  the catalog is healthy
              1  damaged, a migration was edited, or the catalog cannot be opened
            """)
    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        try reportingErrors {
            let health = try catalog.withCatalog { try $0.health() }
            var lines = [
                "catalog:     \(TerminalText.escape(catalog.path))",
                "integrity:   \(health.isIntact ? "ok" : ((health.integrity == ["ok"] ? [] : health.integrity) + health.schemaProblems).joined(separator: "; "))",
                "migrations:  \(health.appliedMigrations.count) applied of \(health.knownMigrations.count) known\(health.appliedMigrations.last.map { " (latest \($0))" } ?? "")",
            ]
            if !health.editedMigrations.isEmpty {
                lines.append(
                    "edited:      \(health.editedMigrations.joined(separator: ", ")): this conncat carries another text "
                        + "than the one that migrated the catalog; a landed migration must never change: restore its text and add a new migration")
            }
            lines += [
                "journal:     \(health.journalMode)",
                "size:        \(health.fileSize) bytes (+ \(health.walSize) bytes of write-ahead log)",
                "contents:    \(plural(health.imports, "import")), \(plural(health.connections, "connection")), "
                    + "\(plural(health.refreshAttempts, "refresh attempt")), \(plural(health.snapshots, "distinct schema snapshot"))",
            ]
            write(TextWrap.fit(lines.joined(separator: "\n") + "\n", width: Presentation.current.width, hangAfterLabel: true))
            if !health.isHealthy { throw ExitCode(1) }
        }
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the catalog to a new file (VACUUM INTO).", usage: "conncat backup <file> [<options>]",
        discussion: """
            EXAMPLES:
              conncat backup conncat-2026-11-29.sqlite
              conncat --database /srv/catalog/conncat.sqlite backup /backup/conncat.sqlite
            """)
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("The backup file to create.", valueName: "file")) var file: String

    func validate() throws {
        if file.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give the name of the backup file to create") }
    }

    func run() throws {
        try reportingErrors {
            try catalog.withCatalog(write: true) { try $0.backup(to: file) }
            write("Backed up \(TerminalText.escape(catalog.path)) to \(TerminalText.escape(file))\n")
        }
    }
}
