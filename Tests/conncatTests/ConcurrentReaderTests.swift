import ConncatFuzzing
import ConnectionCatalog
import Foundation
import Testing

/// Readers in other processes while an import or a schema refresh writes: they never fail with
/// "database is locked" and each sees one complete state, the one before or the one after.
@Suite struct ConcurrentReaderTests {
    /// What a reader saw, and whether the writer was still running when it finished.
    struct Read {
        var result: RunResult
        var duringWrite: Bool
    }

    /// Runs `reader` in a loop while `writer` runs in another process, then once more after it.
    static func readWhileWriting(_ sandbox: Sandbox, writer: [String], reader: [String]) throws -> (writer: RunResult, reads: [Read]) {
        let finished = Flag()
        nonisolated(unsafe) var writerResult: RunResult?
        nonisolated(unsafe) var writerError: Error?
        let thread = Thread {
            do { writerResult = try sandbox.run(writer, timeout: 120) } catch { writerError = error }
            finished.set()
        }
        thread.start()
        var reads: [Read] = []
        while !finished.isSet {
            let result = try sandbox.run(reader, timeout: 60)
            reads.append(Read(result: result, duringWrite: !finished.isSet))
        }
        reads.append(Read(result: try sandbox.run(reader, timeout: 60), duringWrite: false))
        if let writerError { throw writerError }
        return (try #require(writerResult), reads)
    }

    @Test func readersDuringAnImportAndARefreshSeeTheStateBeforeOrAfterAndAreNeverLocked() throws {
        let sandbox = try Sandbox()
        let before = sandbox.folder.appendingPathComponent("before")
        let after = sandbox.folder.appendingPathComponent("after")
        try WorkingDirectoryGenerator.generate(at: before, connections: 400, variant: .a)
        try WorkingDirectoryGenerator.generate(at: after, connections: 400, variant: .b)
        #expect(try sandbox.run(["import", before.path, "--at", "2026-10-29T08:00:00Z"]).status == 0)
        let reader = ["tables", "--format", "csv"]
        let state0 = try sandbox.run(reader).stdout
        #expect(state0.components(separatedBy: ",24,2026-10-29T08:00:00Z,false,true,export_output\r\n").count == 401)

        // An import of the other variant: every table gains a column.
        let (imported, importReads) = try Self.readWhileWriting(
            sandbox, writer: ["import", after.path, "--at", "2026-10-30T08:00:00Z"], reader: reader)
        #expect(imported.status == 0, "\(imported.stderr)")
        let state1 = try sandbox.run(reader).stdout
        #expect(state1.components(separatedBy: ",25,2026-10-30T08:00:00Z,false,true,export_output\r\n").count == 401)

        // A refresh from the first variant's exports: back to 24 columns, at a third time.
        let (refreshed, refreshReads) = try Self.readWhileWriting(
            sandbox,
            writer: [
                "refresh-schema", "--export-dir", before.appendingPathComponent("Temp/ExportOutput").path,
                "--at", "2026-10-31T08:00:00Z",
            ], reader: reader)
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        let state2 = try sandbox.run(reader).stdout
        #expect(state2.components(separatedBy: ",24,2026-10-31T08:00:00Z,false,true,export_output\r\n").count == 401)

        for (reads, allowed) in [(importReads, [state0, state1]), (refreshReads, [state1, state2])] {
            for read in reads {
                #expect(read.result.status == 0 && read.result.stderr == "", "a reader failed: \(read.result.stderr)")
                #expect(!read.result.stderr.contains("locked"))
                #expect(allowed.contains(read.result.stdout), "a reader saw neither the state before nor the one after")
            }
            #expect(reads.last?.result.stdout == allowed[1])
        }
        // The import reads its 800 files before it writes: readers meanwhile are not made to wait
        // for it, they see the state before.
        #expect(
            importReads.contains { $0.duringWrite && $0.result.stdout == state0 },
            "no read finished during the import with the state before it")
    }
}

/// A flag set once by one thread and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
