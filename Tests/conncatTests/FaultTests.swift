import ConnectionCatalog
import Foundation
import Testing

/// Faults and bad input around the catalog and the file system: each gives one clear line and
/// loses nothing.
@Suite struct FaultTests {
    static func isOneErrorLine(_ result: RunResult) -> Bool {
        result.stderr.split(separator: "\n").count == 1 && !result.stderr.contains("Fatal error") && result.stdout.isEmpty
    }

    @Test(arguments: [
        ["import", "DEMO", "--at", "2026-01-01T00:00:00+19:00"],
        ["import", "DEMO", "--at", "2026-01-01T00:00:00-23:59"],
        ["import", "DEMO", "--at", "2026-01-01T00:00:00+18:60"],
        ["audit", "--since", "2026-01-01T00:00:00+99:00"],
        ["refresh-schema", "--export-dir", "x", "--at", "2026-01-01T00:00+1900"],
        ["columns", "--as-of", "2026-01-01T00:00:00+18:01"],
    ])
    func timeOffsetsBeyond18HoursAreUsageErrors(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(arguments.map { $0 == "DEMO" ? Sandbox.demo : $0 })
        #expect(result.status == 64, "\(result.stderr)")
        let option = arguments[arguments.count - 2]
        #expect(
            result.stderr.hasPrefix("conncat: error: the value '\(arguments.last!)' is invalid for '\(option) <time>'; "), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(Timestamp(parsing: "2026-01-01T00:00:00+18:00")?.iso8601 == "2025-12-31T06:00:00Z")
        #expect(Timestamp(parsing: "2026-01-01T00:00:00-18:00")?.iso8601 == "2026-01-01T18:00:00Z")
    }

    /// Every time option refuses what is not a time before anything runs: one usage line naming
    /// the option, nothing on standard output, no catalog created; never read as "now".
    @Test(arguments: [
        ["import", "DEMO", "--at", "soon"],
        ["refresh-schema", "--export-dir", "x", "--at", "2026-02-30"],
        ["tables", "--as-of", "2026-11-29T08:00:00+01:00junk"],
        ["columns", "--as-of", ""],
        ["audit", "--since", "29/11/2026"],
    ])
    func malformedTimesAreUsageErrorsNamingTheOption(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(arguments.map { $0 == "DEMO" ? Sandbox.demo : $0 })
        #expect(result.status == 64, "\(result.stderr)")
        let option = arguments[arguments.count - 2]
        #expect(
            result.stderr.hasPrefix("conncat: error: the value '\(arguments.last!)' is invalid for '\(option) <time>'; "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }

    /// `--as-of` with a date alone answers as at the end of that day (UTC).
    @Test func aDateAloneIsTheEndOfTheDayForAsOf() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"]).status == 0)
        let sameDay = try sandbox.run(["tables", "--as-of", "2026-11-29", "--format", "csv"])
        let afterImport = try sandbox.run(["tables", "--as-of", "2026-11-29T08:00:00Z", "--format", "csv"])
        #expect(sameDay.status == 0 && sameDay.stdout.split(separator: "\r\n").count > 1)
        #expect(sameDay.stdout == afterImport.stdout)
        let dayBefore = try sandbox.run(["tables", "--as-of", "2026-11-28", "--format", "json"])
        #expect(dayBefore.status == 0 && dayBefore.stdout == "[]\n", "\(dayBefore.stdout)")
        let justBefore = try sandbox.run(["tables", "--as-of", "2026-11-29T07:59:59Z", "--format", "json"])
        #expect(justBefore.stdout == "[]\n", "\(justBefore.stdout)")
    }

    /// `Runtime/appsettings.agent.json` as a dangling link (an unmounted share) or a folder: an
    /// error naming it; the stored settings stay.
    @Test(arguments: ["dangling", "folder", "fifo", "runtime-dangling"])
    func anUnusableAgentSettingsFileIsAnErrorAndKeepsTheStoredSettings(kind: String) throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", demo.path]).status == 0)
        let before = try sandbox.run(["settings", "--format", "json"]).stdout
        let runtime = demo.appendingPathComponent("Runtime")
        let file = runtime.appendingPathComponent("appsettings.agent.json")
        try FileManager.default.removeItem(at: file)
        var named = "Runtime/appsettings.agent.json"
        switch kind {
        case "dangling": try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/nonexistent-share/appsettings.agent.json")
        case "folder": try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        case "fifo": #expect(mkfifo(file.path, 0o600) == 0)
        default:
            try FileManager.default.removeItem(at: runtime)
            try FileManager.default.createSymbolicLink(atPath: runtime.path, withDestinationPath: "/nonexistent-share/Runtime")
            named = "Runtime"
        }
        let result = try sandbox.run(["import", demo.path, "--at", "2026-11-30T08:00:00Z"], timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Self.isOneErrorLine(result), "\(result.stderr)")
        // Named as it opens from the current directory.
        #expect(result.stderr.hasPrefix("demo/" + named + ": error: "), "\(result.stderr)")
        #expect(try sandbox.run(["settings", "--format", "json"]).stdout == before)
    }

    /// Readers and imports opening an older catalog at the same moment: one migrates, the
    /// others wait; nobody sees SQL.
    @Test func concurrentOpenersOfAnOlderCatalogNeverSeeSQLErrors() throws {
        let sandbox = try Sandbox()
        try FileManager.default.copyItem(
            atPath: Sandbox.repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0001_catalog.sqlite").path,
            toPath: sandbox.database)
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var results: [RunResult] = []
        for index in 0..<12 {
            group.enter()
            DispatchQueue.global().async {
                let arguments =
                    index % 4 == 0
                    ? ["refresh-schema", "--export-dir", Sandbox.demo + "/Temp/ExportOutput", "--at", "2026-11-29T09:00:00Z"]
                    : ["tables", "--format", "json"]
                let result = try? sandbox.run(arguments, timeout: 120)
                lock.withLock { if let result { results.append(result) } }
                group.leave()
            }
        }
        group.wait()
        #expect(results.count == 12)
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
        let doctor = try sandbox.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor.stdout)")
    }

    /// A first import killed at any moment leaves no catalog, or the whole import: never an empty one.
    @Test func aKilledFirstImportLeavesNoCatalog() throws {
        for delay in [0.0, 0.02, 0.05, 0.1, 0.2] {
            let sandbox = try Sandbox()
            let process = Process()
            process.executableURL = Sandbox.executable
            process.arguments = ["import", Sandbox.demo, "--database", sandbox.database]
            process.environment = ["CONNCAT_KEY_FILE": sandbox.keyFile]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let connections = try sandbox.run(["connections", "--format", "csv"])
            if connections.status == 0 {
                #expect(connections.stdout.contains("ADExport"), "a catalog without the import: \(connections.stdout)")
            } else {
                #expect(connections.stderr.contains("no catalog here"), "\(connections.stderr)")
                #expect(!FileManager.default.fileExists(atPath: sandbox.database))
            }
            // The next import removes what the killed one left and succeeds.
            #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).filter { $0.contains(".partial-") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func aFailedBackupLeavesNothingAndCanBeRetried() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let folder = sandbox.folder.appendingPathComponent("later")
        let target = folder.appendingPathComponent("backup.sqlite").path
        let failed = try sandbox.run(["backup", target])
        #expect(failed.status == 1)
        #expect(Self.isOneErrorLine(failed), "\(failed.stderr)")
        #expect(failed.stderr.hasPrefix("later/backup.sqlite: error: cannot write the backup"), "\(failed.stderr)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        // A partial copy of a killed backup (its process is gone) does not block the retry.
        try Data(count: 4096).write(to: folder.appendingPathComponent(".backup.sqlite.partial-999999-dead"))
        let retried = try sandbox.run(["backup", target])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["backup.sqlite"])
        let doctor = try sandbox.run(["doctor", "--database", target])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
    }

    @Test func inputsOverTheirSizeLimitAreRefusedBeforeBeingRead() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        // Sparse files: the size is checked before a byte is read.
        let settings = demo.appendingPathComponent("Runtime/appsettings.agent.json")
        try FileManager.default.removeItem(at: settings)
        #expect(FileManager.default.createFile(atPath: settings.path, contents: nil))
        var handle = try FileHandle(forWritingTo: settings)
        try handle.truncate(atOffset: 17 << 20)
        try handle.close()
        let big = try sandbox.run(["import", demo.path])
        #expect(big.status == 1)
        #expect(
            big.stderr
                == "demo/Runtime/appsettings.agent.json: error: agent settings file is 17 MiB, more than the limit of 16 MiB; check that it is the right file; an Identity Manager agent settings file is far smaller\n",
            "\(big.stderr)")
        try FileManager.default.removeItem(at: settings)
        try FileManager.default.copyItem(atPath: Sandbox.demo + "/Runtime/appsettings.agent.json", toPath: settings.path)

        let xml = demo.appendingPathComponent("Conf/Huge.xml")
        #expect(FileManager.default.createFile(atPath: xml.path, contents: nil))
        handle = try FileHandle(forWritingTo: xml)
        try handle.truncate(atOffset: 600 << 20)
        try handle.close()
        let huge = try sandbox.run(["import", demo.path], timeout: 60)
        #expect(huge.status == 1)
        #expect(huge.stderr.hasPrefix("demo/Conf/Huge.xml: error: XML file is 600 MiB, more than the limit of 512 MiB"), "\(huge.stderr)")
    }

    /// Symbolic links are followed like their targets; dangling ones and loops are reported.
    @Test func symbolicLinksAreFollowedAndDanglingOnesReported() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        let fm = FileManager.default
        // A configuration folder moved elsewhere and linked under Conf/, and a loop back to Conf.
        let outside = sandbox.folder.appendingPathComponent("shared-hr")
        try fm.moveItem(at: demo.appendingPathComponent("Conf/HR"), to: outside)
        try fm.createSymbolicLink(atPath: demo.appendingPathComponent("Conf/HR").path, withDestinationPath: outside.path)
        try fm.createSymbolicLink(atPath: demo.appendingPathComponent("Conf/Loop").path, withDestinationPath: "..")
        // An export file linked from elsewhere.
        let export = demo.appendingPathComponent("Temp/ExportOutput")
        let finance = sandbox.folder.appendingPathComponent("FinanceDb.csv")
        try fm.moveItem(at: export.appendingPathComponent("FinanceDb.csv"), to: finance)
        try fm.createSymbolicLink(atPath: export.appendingPathComponent("FinanceDb.csv").path, withDestinationPath: finance.path)
        let imported = try sandbox.run(["import", demo.path, "--at", "2026-11-29T08:00:00Z"], timeout: 60)
        #expect(imported.status == 0 || imported.status == 2, "\(imported.stderr)")
        let reference = try Sandbox()
        _ = try reference.run(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"])
        #expect(try sandbox.run(["connections", "--format", "csv"]).stdout.contains("HRFeed"))
        #expect(imported.stdout.contains("FinanceDb: success"), "\(imported.stdout)")
        #expect(try sandbox.run(["tables", "--format", "json"]).stdout == (try reference.run(["tables", "--format", "json"]).stdout))

        // A dangling export link is a failed refresh that says what it is.
        try fm.removeItem(at: finance)
        let dangling = try sandbox.run(["refresh-schema", "--export-dir", export.path])
        #expect(dangling.status == 2)
        #expect(dangling.stdout.contains("FinanceDb: FAILED"), "\(dangling.stdout)")
        #expect(dangling.stdout.contains("symbolic link whose target does not exist"), "\(dangling.stdout)")

        // A dangling XML file link is an import error naming it.
        try fm.createSymbolicLink(atPath: demo.appendingPathComponent("Conf/Gone.xml").path, withDestinationPath: "/nonexistent-share/Gone.xml")
        let failed = try sandbox.run(["import", demo.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("demo/Conf/Gone.xml: error: is a symbolic link whose target does not exist"), "\(failed.stderr)")
    }

    @Test func doctorSeesADroppedTable() throws {
        for table in ["connection_setting", "migration_checksum"] {
            let sandbox = try Sandbox()
            #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sqlite.arguments = ["sqlite3", sandbox.database, "PRAGMA foreign_keys = OFF; DROP TABLE \(table);"]
            try sqlite.run()
            sqlite.waitUntilExit()
            try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
            let doctor = try sandbox.run(["doctor"])
            #expect(doctor.status == 1, "\(doctor.stdout)")
            #expect(doctor.stdout.contains("integrity:   table \(table) is missing"), "\(doctor.stdout)")
            #expect(
                doctor.stderr
                    == "conncat.sqlite: error: the catalog is damaged (its integrity check failed); the lines above say what; "
                    + "import the configuration into a new catalog with --database\n")
        }
    }

    @Test func anEmptyCatalogFileIsRefusedUntouchedByReadCommands() throws {
        let sandbox = try Sandbox()
        #expect(FileManager.default.createFile(atPath: sandbox.database, contents: Data()))
        for command in [["connections"], ["doctor"], ["settings"], ["refresh-schema", "--export-dir", Sandbox.demo + "/Temp/ExportOutput"]] {
            let result = try sandbox.run(command)
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "conncat.sqlite: error: cannot use the catalog: the file is empty (0 bytes), not a catalog; it was left untouched; import a configuration into it, or remove it\n",
                "\(result.stderr)")
            #expect(try FileManager.default.attributesOfItem(atPath: sandbox.database)[.size] as? Int == 0)
        }
        // An import builds the catalog in its place.
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        #expect(try sandbox.run(["connections", "--format", "csv"]).stdout.contains("ADExport"))
    }

    @Test func anEmptyDatabaseOptionIsAUsageError() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["connections", "--database", ""])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--database needs a file name"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }

    @Test func aKeyFileThatIsAFIFOIsAnErrorNotAHang() throws {
        let sandbox = try Sandbox()
        let fifo = sandbox.folder.appendingPathComponent("key.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try sandbox.run(["import", Sandbox.demo], environment: ["CONNCAT_KEY_FILE": fifo], timeout: 30)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("is a FIFO (named pipe), not a regular file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }

    /// A catalog in a folder the user may not write to is readable; one that needs a migration
    /// says it cannot be upgraded there. As root (who may write anywhere), the commands run as
    /// `nobody` through setpriv(1).
    @Test func aCatalogInAReadOnlyFolderIsReadable() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let database = folder.appendingPathComponent("conncat.sqlite").path
        #expect(try sandbox.run(["import", Sandbox.demo, "--database", database]).status == 0)
        let older = folder.appendingPathComponent("older.sqlite").path
        try FileManager.default.copyItem(atPath: Sandbox.repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0001_catalog.sqlite").path, toPath: older)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: older)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        func run(_ arguments: [String]) throws -> RunResult {
            guard getuid() == 0 else { return try sandbox.run(arguments) }
            return try sandbox.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", Sandbox.executable.path] + arguments,
                executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }
        for command in [["connections"], ["columns", "--format", "json"], ["doctor"]] {
            let result = try run(command + ["--database", database])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stderr.isEmpty)
        }
        let upgrade = try run(["connections", "--database", older])
        #expect(upgrade.status == 1)
        #expect(upgrade.stderr.contains("must be upgraded, but it cannot be written here"), "\(upgrade.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["conncat.sqlite", "older.sqlite"])
    }
}
