import Foundation
import Testing

/// What one run of the `conncat` executable printed and returned.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `conncat` binary as a user would, in a fresh temporary folder.
final class Sandbox: Sendable {
    let folder: URL
    var database: String { folder.appendingPathComponent("conncat.sqlite").path }
    /// The secret fingerprint key used by every run (`CONNCAT_KEY_FILE`), unless overridden.
    var keyFile: String { folder.appendingPathComponent("keys/fingerprint.key").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("conncat-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let demo = repositoryRoot.appendingPathComponent("Fixtures/demo").path

    /// The `conncat` executable built beside the test bundle.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directory = bundle.bundleURL.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("conncat")
    }()

    /// Runs `conncat arguments...` with the sandbox as working directory. A run that takes longer
    /// than `timeout` seconds is killed (its status is then the signal's, never 0 or 1).
    @discardableResult
    func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Double? = nil,
        executable: URL = Sandbox.executable, workingDirectory: URL? = nil
    ) throws -> RunResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory ?? folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CONNCAT_DATABASE")
        // The secret fingerprint key lives in the sandbox, never in the tester's home.
        env["CONNCAT_KEY_FILE"] = keyFile
        env["COLUMNS"] = "200"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog.cancel() }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Copies the demo working directory into the sandbox (for tests that alter it).
    func copyDemo() throws -> URL {
        let target = folder.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.demo), to: target)
        return target
    }

    /// Bytes of the catalog and its WAL, for secret scans.
    func catalogBytes() throws -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let part = FileManager.default.contents(atPath: database + suffix) { data.append(part) }
        }
        return data
    }
}

/// Compares `actual` with the golden file `Golden/name`.
///
/// `CONNCAT_RECORD=1` rewrites the file and fails the test: a test never passes while it writes
/// its own expectation. Review the diff (`git diff Tests/conncatTests/Golden/`), then run again
/// without the variable.
func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try assertGolden(actual, file: "Tests/conncatTests/Golden/\(name)", sourceLocation: sourceLocation)
}

/// ``assertGolden(_:_:sourceLocation:)`` for a file anywhere in the repository (`file` relative
/// to its root), such as a generated reference page.
func assertGolden(_ actual: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Sandbox.repositoryRoot.appendingPathComponent(file)
    if ProcessInfo.processInfo.environment["CONNCAT_RECORD"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record(
            "recorded \(file); review the diff, then run the test again without CONNCAT_RECORD",
            sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(
        actual == expected, "\(file) differs; if the change is meant, re-record with CONNCAT_RECORD=1 and review the diff",
        sourceLocation: sourceLocation)
}

extension Sandbox {
    /// Runs `conncat arguments...` with standard input, output and error on a pseudo-terminal of
    /// `columns` x `rows`, as a person at a terminal would: `COLUMNS` is unset, so the width comes
    /// from the terminal itself. Returns what the terminal received, line feeds as `\n`.
    func runInTerminal(_ arguments: [String], columns: Int, rows: Int = 24, environment: [String: String] = [:]) throws -> RunResult {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw TerminalError.unavailable("cannot open /dev/ptmx") }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK and TIOCGPTN (asm-generic ioctls; not importable as macros).
        guard ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            throw TerminalError.unavailable("cannot unlock the pseudo-terminal")
        }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw TerminalError.unavailable("cannot open /dev/pts/\(number)") }
        let slaveHandle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        for key in ["CONNCAT_DATABASE", "COLUMNS", "LINES", "NO_COLOR"] { env.removeValue(forKey: key) }
        env["CONNCAT_KEY_FILE"] = keyFile
        env["TERM"] = "xterm-256color"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = slaveHandle
        process.standardOutput = slaveHandle
        process.standardError = slaveHandle
        try process.run()
        close(slave)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }  // EIO once the child and its descendants closed the terminal
            data.append(contentsOf: buffer[0..<count])
        }
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return RunResult(status: process.terminationStatus, stdout: text, stderr: "")
    }
}

enum TerminalError: Error { case unavailable(String) }
