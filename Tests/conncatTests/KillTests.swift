import ConncatFuzzing
import ConnectionCatalog
import Foundation
import Testing

/// The fast version of `scripts/kill-test.sh`: an import killed with SIGKILL at five moments of
/// its run (told by the files it has written, not by a clock) leaves an intact catalog holding the
/// state before it or the state after it.
@Suite struct KillTests {
    /// What a catalog holds, as far as this test tells states apart.
    struct State: Equatable {
        var imports: Int
        var refreshAttempts: Int
        var columns: [AvailableColumn]
    }

    static func state(_ path: String) throws -> State {
        let catalog = try Catalog(path: path)
        let health = try catalog.health()
        #expect(health.integrity == ["ok"], "integrity_check after a kill: \(health.integrity)")
        return State(
            imports: health.imports, refreshAttempts: health.refreshAttempts,
            columns: try AvailableColumns.run(ColumnQuery(), in: catalog))
    }

    /// A moment of an import's run, told by what it has done to the catalog's files, never by a
    /// time: the same moments on a fast machine and on a loaded one.
    enum Moment: CustomStringConvertible {
        /// The process was started; it has not written anything yet.
        case started
        /// The write-ahead log holds at least this many bytes: the import is writing, uncommitted
        /// or committed but not checkpointed.
        case walHolds(Int)

        var description: String {
            switch self {
            case .started: "started"
            case .walHolds(let bytes): "WAL >= \(bytes) bytes"
            }
        }
    }

    /// Size of the write-ahead log of `database` (0 when there is none).
    static func walSize(_ database: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: database + "-wal"))?[.size] as? Int) ?? 0
    }

    /// Starts `conncat arguments...` on `database`, waits until `moment` is reached (or the
    /// process ended), kills it, and returns whether the kill found it running.
    static func runAndKill(_ arguments: [String], database: String, at moment: Moment) throws -> Bool {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if case .walHolds(let bytes) = moment {
            while process.isRunning && walSize(database) < bytes { sched_yield() }
        }
        let running = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    /// Runs `conncat arguments...` to its end and returns the largest write-ahead log seen.
    static func largestWAL(_ arguments: [String], database: String) throws -> (status: Int32, wal: Int) {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var largest = 0
        while process.isRunning {
            largest = max(largest, walSize(database))
            sched_yield()
        }
        process.waitUntilExit()
        return (process.terminationStatus, largest)
    }

    @Test func anImportKilledAtAnyMomentLeavesTheCatalogAsBeforeOrAsAfter() throws {
        let sandbox = try Sandbox()
        let first = sandbox.folder.appendingPathComponent("first")
        let second = sandbox.folder.appendingPathComponent("second")
        try WorkingDirectoryGenerator.generate(at: first, connections: 100, variant: .a)
        try WorkingDirectoryGenerator.generate(at: second, connections: 100, variant: .b)
        let base = sandbox.folder.appendingPathComponent("base.sqlite").path
        #expect(try sandbox.run(["import", first.path, "--at", "2026-10-29T08:00:00Z", "--database", base]).status == 0)
        let importSecond = { (database: String) in ["import", second.path, "--at", "2026-10-30T08:00:00Z", "--database", database] }
        func copyOfBase(_ name: String) throws -> String {
            let path = sandbox.folder.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: base, toPath: path)
            return path
        }

        let before = try Self.state(base)
        let full = try copyOfBase("full.sqlite")
        let (status, wal) = try Self.largestWAL(importSecond(full), database: full)
        #expect(status == 0)
        let after = try Self.state(full)
        #expect(before.imports == 1 && after.imports == 2 && before.columns != after.columns)

        var outcomes: [String] = []
        let moments: [Moment] = [.started, .walHolds(1)] + [0.25, 0.5, 0.75].map { .walHolds(max(1, Int(Double(wal) * $0))) }
        for (index, moment) in moments.enumerated() {
            let path = try copyOfBase("killed-\(index).sqlite")
            let killed = try Self.runAndKill(importSecond(path), database: path, at: moment)
            let state = try Self.state(path)
            #expect(state == before || state == after, "killed at \(moment): neither before nor after")
            outcomes.append("\(moment): \(killed ? "killed" : "ended"), \(state == before ? "before" : state == after ? "after" : "MIXED")")
        }
        // A kill right after the start always finds the process running and the state before.
        #expect(outcomes.first?.hasSuffix("killed, before") == true, "\(outcomes)")
    }
}
