import ConncatFuzzing
import ConnectionCatalog
import Foundation
import Testing

/// The fast version of `scripts/kill-test.sh`: an import killed with SIGKILL at five moments of
/// its run leaves an intact catalog holding the state before it or the state after it.
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
        return State(imports: health.imports, refreshAttempts: health.refreshAttempts,
                     columns: try AvailableColumns.run(ColumnQuery(), in: catalog))
    }

    /// Starts `conncat arguments...`, kills it after `delay` seconds unless it ended, and returns
    /// whether the kill found it running.
    static func runAndKill(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        let running = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    @Test func anImportKilledAtAnyMomentLeavesTheCatalogAsBeforeOrAsAfter() throws {
        let sandbox = try Sandbox()
        let first = sandbox.folder.appendingPathComponent("first"), second = sandbox.folder.appendingPathComponent("second")
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
        let start = Date()
        #expect(try sandbox.run(importSecond(full)).status == 0)
        let duration = Date().timeIntervalSince(start)
        let after = try Self.state(full)
        #expect(before.imports == 1 && after.imports == 2 && before.columns != after.columns)

        var outcomes: [String] = []
        for fraction in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let path = try copyOfBase("killed-\(fraction).sqlite")
            let killed = try Self.runAndKill(importSecond(path), after: duration * fraction)
            let state = try Self.state(path)
            #expect(state == before || state == after, "killed at \(fraction) of the import: neither before nor after")
            outcomes.append("\(fraction): \(killed ? "killed" : "ended"), \(state == before ? "before" : state == after ? "after" : "MIXED")")
        }
        // Not every kill can land after the commit; at least the early ones find the state before.
        #expect(outcomes.first?.hasSuffix("killed, before") == true, "\(outcomes)")
    }
}
