import ConncatFuzzing
import Foundation
import Testing

/// What a new user meets on a first run and with the catalog's order of time: a comparison with
/// nothing to compare yet is not a failure, a time before the latest record is refused, a catalog
/// that cannot be written says why, an interrupted first import leaves nothing, and standard
/// error wraps on a terminal whatever standard output is.
@Suite struct FirstRunAndOrderTests {
    @Test func changesAndDiffOnAFirstRunExit0AndSaySo() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-01T08:00:00Z", "-q"]).status == 0)
        let changes = try sandbox.run(["changes"])
        #expect(changes.status == 0, "\(changes.stderr)")
        #expect(changes.stderr == "")
        #expect(
            changes.stdout
                == "Nothing to compare yet: the catalog has 1 import and `conncat changes` compares two; "
                + "import the configuration again after it changed (`conncat import PATH`).\n")
        let json = try sandbox.run(["changes", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["from"] is NSNull && object["to"] is NSNull)
        #expect(Set(object.keys) == ["from", "to", "different_folders", "configuration", "settings", "settings_not_read", "schema", "findings"])
        #expect(object["different_folders"] is NSNull)
        #expect((object["configuration"] as? [Any])?.isEmpty == true && (object["schema"] as? [Any])?.isEmpty == true)
        #expect((object["findings"] as? [String: [Any]])?.mapValues(\.count) == ["new": 0, "resolved": 0, "no_longer_checked": 0, "not_checked_before": 0])
        let first = try sandbox.run(["changes", "--to", "1"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Nothing to compare yet: import 1 is the first import"))
        // An unknown import id is still an error.
        #expect(try sandbox.run(["changes", "--from", "7"]).status == 1)

        let diff = try sandbox.run(["diff", "hrfeed"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(
            diff.stdout
                == "HRFeed: nothing to compare yet: it has 1 successful schema refresh and a diff compares two; "
                + "refresh the schema again after the export changed (`conncat refresh-schema`).\n")
        let diffJSON = try sandbox.run(["diff", "HRFeed", "--format", "json"])
        #expect(diffJSON.status == 0)
        #expect(
            diffJSON.stdout
                == "{\n  \"connection\": \"HRFeed\",\n  \"from\": null,\n  \"to\": null,\n  \"changes\": [],\n"
                + "  \"unchanged_after\": 0,\n  \"latest\": null\n}\n")
        let csv = try sandbox.run(["diff", "HRFeed", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout == "change,table,column,position,from_position,renamed_to\r\n")
        // A connection whose package has no export never has a schema: still an error.
        #expect(try sandbox.run(["diff", "SnowTicket"]).status == 1)
    }

    @Test func aTimeBeforeTheLatestImportOrRefreshIsRefused() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-02T08:00:00Z", "-q"]).status == 0)
        let earlier = try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-01T08:00:00Z", "-q"])
        #expect(earlier.status == 1)
        #expect(earlier.stdout == "")
        #expect(
            earlier.stderr
                == "conncat: error: the time given, 2026-11-01T08:00:00Z, is before the latest import (#1, 2026-11-02T08:00:00Z): "
                + "imports and schema refreshes are recorded in time order; give --at 2026-11-02T08:00:00Z or later, or leave --at out to record now\n"
        )
        let refresh = try sandbox.run(["refresh-schema", "--at", "2026-11-01", "--format", "json"])
        #expect(refresh.status == 1)
        #expect(refresh.stdout == "")
        #expect(
            refresh.stderr.hasSuffix(
                "conncat: error: the time given, 2026-11-01T00:00:00Z, is before the latest import (#1, 2026-11-02T08:00:00Z): imports and schema refreshes are recorded in time order; give --at 2026-11-02T08:00:00Z or later, or leave --at out to record now\n"
            ))
        let stored = try sandbox.run(["history", "HRFeed", "--format", "csv"]).stdout
        #expect(stored.split(whereSeparator: \.isNewline).count == 2, "nothing stored: \(stored)")
        // The same second is accepted; a later refresh becomes the latest record.
        #expect(try sandbox.run(["refresh-schema", "--at", "2026-11-02T08:00:00Z"]).status == 0)
        #expect(try sandbox.run(["refresh-schema", "--at", "2026-11-03T08:00:00Z"]).status == 0)
        let afterRefresh = try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-02T09:00:00Z", "-q"])
        #expect(afterRefresh.status == 1)
        #expect(afterRefresh.stderr.contains("is before the latest schema refresh (2026-11-03T08:00:00Z)"), "\(afterRefresh.stderr)")
        let imports = try sandbox.run(["imports", "--format", "csv"]).stdout
        #expect(imports.split(whereSeparator: \.isNewline).count == 2, "still one import: \(imports)")
    }

    /// As root (who may write anywhere), the commands run as `nobody` through setpriv(1).
    @Test func aCatalogThatCannotBeWrittenSaysWhyAndWhatToDo() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let database = folder.appendingPathComponent("conncat.sqlite").path
        #expect(try sandbox.run(["import", Sandbox.demo, "--database", database, "-q"]).status == 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        func run(_ arguments: [String]) throws -> RunResult {
            guard getuid() == 0 else { return try sandbox.run(arguments) }
            return try sandbox.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", Sandbox.executable.path] + arguments,
                executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }
        let what = "make it writable for this user, or give a catalog in a writable folder with --database\n"
        // The file is writable, its folder is not: the write-ahead log cannot be created.
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: database)
        let existing = try run(["import", Sandbox.demo, "--database", database, "-q"])
        #expect(existing.status == 1)
        #expect(
            existing.stderr == "ro/conncat.sqlite: error: cannot write the catalog: its folder is not writable (a catalog is written with files beside it); "
                + what)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
        let readOnly = try run(["import", Sandbox.demo, "--database", database, "-q"])
        #expect(readOnly.status == 1)
        #expect(readOnly.stderr == "ro/conncat.sqlite: error: cannot write the catalog: the file is read-only; " + what)
        let new = folder.appendingPathComponent("new.sqlite").path
        let created = try run(["import", Sandbox.demo, "--database", new, "-q"])
        #expect(created.status == 1)
        #expect(
            created.stderr == "ro/new.sqlite: error: cannot write the catalog: its folder is not writable (a catalog is written with files beside it); " + what)
        let missing = try sandbox.run(["import", Sandbox.demo, "--database", "nowhere/new.sqlite", "-q"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "nowhere/new.sqlite: error: cannot create the catalog: its folder does not exist; create the folder, or give another path with --database\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["conncat.sqlite"])
    }

    /// Ctrl-C during a first import removes the hidden catalog being built and exits 130.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptedFirstImportLeavesNothing(signal: Int32, status: Int32) throws {
        let sandbox = try Sandbox()
        let workdir = sandbox.folder.appendingPathComponent("work")
        try WorkingDirectoryGenerator.generate(at: workdir, connections: 400, variant: .a)
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = ["import", workdir.path, "--database", sandbox.database, "-q"]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        func partial() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path)) ?? []).contains { $0.hasPrefix(".conncat.sqlite.partial-") }
        }
        while process.isRunning && !partial() { sched_yield() }
        let running = process.isRunning
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(running, "the import ended before the signal")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        // One line says what is true of the catalog (a pipe: no progress line to erase).
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "conncat: interrupted: nothing stored\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).filter { $0.hasPrefix(".conncat") || $0.hasPrefix("conncat") }
        #expect(left == [], "no catalog and no hidden file: \(left)")
    }

    @Test func standardErrorWrapsOnATerminalWhateverStandardOutputIs() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["import", Sandbox.demo, "--at", "2026-11-01T08:00:00Z", "-q"]).status == 0)
        let result = try sandbox.runInTerminal(
            ["refresh-schema", "--format", "json", "--at", "2026-11-02T08:00:00Z", "--database", sandbox.database], columns: 60)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Refreshing from") }, "\(result.stdout)")
        let note = lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("[") && !$0.contains("\u{1B}") }
        #expect(note.count > 1, "\(result.stdout)")
        #expect(note.allSatisfy { $0.count <= 60 }, "\(note)")
        #expect(
            note.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").contains(
                "the export folder of the latest import (#1, 2026-11-01T08:00:00Z)"), "\(note)")
    }
}
