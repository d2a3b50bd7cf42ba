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

    /// Whether the catalog's schema is the one this conncat makes, in a user's words:
    /// `up to date (12 migrations, the latest m0012_...)`, or older or newer than this conncat
    /// and what to do.
    static func schemaStatus(applied: [String], known: [String]) -> String {
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            return "newer than this conncat: written by a later version (\(plural(unknown.count, "migration")) this one does not know: "
                + "\(unknown.joined(separator: ", "))); upgrade conncat"
        }
        let missing = known.filter { !applied.contains($0) }
        if !missing.isEmpty {
            return "older than this conncat: \(plural(missing.count, "migration")) to apply (\(missing.joined(separator: ", "))); "
                + "opening it where it can be written upgrades it"
        }
        return "up to date (\(plural(applied.count, "migration"))\(applied.last.map { ", the latest \($0)" } ?? ""))"
    }

    func run() throws {
        try reportingErrors {
            let health = try catalog.withCatalog { try $0.health() }
            var lines = [
                "catalog:     \(TerminalText.escape(catalog.path))",
                "integrity:   \(health.isIntact ? "ok" : ((health.integrity == ["ok"] ? [] : health.integrity) + health.schemaProblems).joined(separator: "; "))",
                "schema:      \(DoctorCommand.schemaStatus(applied: health.appliedMigrations, known: health.knownMigrations))",
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
            if !health.isHealthy {
                // Said on standard error too: a script that checks the catalog shows why it stopped.
                writeError(
                    "\(DisplayPath.shown(catalog.path)): error: the catalog is damaged ("
                        + (health.isIntact ? "a migration was edited since it was applied" : "its integrity check failed")
                        + "); the lines above say what; import the configuration into a new catalog with --database")
                throw ExitCode(1)
            }
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
        removePartialFilesOnInterrupt(note: "interrupted: no backup written")
        try reportingErrors {
            try catalog.withCatalog(write: true) { try $0.backup(to: file) }
            write("Backed up \(TerminalText.escape(catalog.path)) to \(TerminalText.escape(file))\n")
        }
    }
}
