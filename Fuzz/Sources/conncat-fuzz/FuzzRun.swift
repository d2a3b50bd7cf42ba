import ConncatFuzzing
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The input being run, kept where a signal handler can write it out without allocating.
private nonisolated(unsafe) var currentInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
private nonisolated(unsafe) var currentLength = 0
/// Per reader: the file a crashing input goes to, and the line printed, as C strings.
private nonisolated(unsafe) var crashPaths: [UnsafeMutablePointer<CChar>] = []
private nonisolated(unsafe) var crashMessages: [UnsafeMutablePointer<CChar>] = []
private nonisolated(unsafe) var currentReader = 0
/// Executions started; the watchdog compares it second by second.
private let progress = Atomic<Int>(0)

/// Writes the current input to its crash file and lets the signal end the process.
private func handleCrash(_ signal: Int32) {
    let descriptor = open(crashPaths[currentReader], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if descriptor >= 0 {
        _ = write(descriptor, currentInput, currentLength)
        _ = close(descriptor)
    }
    _ = write(2, crashMessages[currentReader], strlen(crashMessages[currentReader]))
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}

/// `conncat-fuzz run`: mutation fuzzing of the readers until a time or execution budget is spent.
struct FuzzRun {
    let readers: [FuzzedReader]
    let seconds: Double?
    let executions: Int?
    let seed: UInt64
    let crashes: URL
    let timeout: Int
    let seedFolders: [URL]
    static let maximumLength = 256 * 1024

    init(_ arguments: [String]) throws {
        let options = Options(arguments)
        readers = try options.reader(default: FuzzedReader.allCases)
        seconds = try options.int("--seconds").map(Double.init)
        executions = try options.int("--executions")
        seed = UInt64(try options.int("--seed") ?? 1)
        crashes = URL(fileURLWithPath: options.value("--crashes") ?? ".build/fuzz/crashes")
        timeout = try options.int("--timeout") ?? 20
        seedFolders = options.rest.map { URL(fileURLWithPath: $0) }
        if seconds == nil, executions == nil { throw UsageError("give --seconds S or --executions N") }
    }

    /// Runs the readers in rounds of 500 inputs each until the budget is spent.
    /// - Returns: the exit code: 0, or 1 when an input broke a reader's contract.
    func execute() throws -> Int32 {
        try FileManager.default.createDirectory(at: crashes, withIntermediateDirectories: true)
        currentInput = .allocate(capacity: Self.maximumLength)
        for reader in readers {
            let path = crashes.appendingPathComponent("crash-\(reader.rawValue)-seed\(seed).bin").path
            crashPaths.append(strdup(path))
            crashMessages.append(strdup("conncat-fuzz: CRASH in the \(reader.rawValue) reader (seed \(seed)); input saved to \(path)\n"))
        }
        installCrashHandlers()
        startWatchdog()

        var fuzzers = readers.enumerated().map { index, reader in
            ReaderFuzzer(
                reader: reader, seeds: FuzzSeeds.load(reader, from: seedFolders),
                seed: seed &+ UInt64(index) &* 0x1000_0000, maximumLength: Self.maximumLength)
        }
        var reports = readers.map { _ in ReaderFuzzer.Report() }
        var elapsed = readers.map { _ in 0.0 }
        let start = Date()
        var done = false
        while !done {
            for index in readers.indices {
                currentReader = index
                let roundStart = Date()
                for _ in 0..<500 {
                    let input = fuzzers[index].nextInput()
                    input.withUnsafeBufferPointer { buffer in
                        if let base = buffer.baseAddress { currentInput.update(from: base, count: buffer.count) }
                    }
                    currentLength = input.count
                    progress.add(1, ordering: .relaxed)
                    let outcome = fuzzers[index].reader.run(input)
                    fuzzers[index].record(input, outcome: outcome, in: &reports[index])
                    if case .contractViolation(let problem) = outcome {
                        let name = "violation-\(readers[index].rawValue)-seed\(seed)-\(reports[index].violationCount).bin"
                        try Data(input).write(to: crashes.appendingPathComponent(name))
                        print("contract violation in the \(readers[index].rawValue) reader: \(problem); input saved to \(crashes.path)/\(name)")
                    }
                }
                elapsed[index] += Date().timeIntervalSince(roundStart)
            }
            let total = reports.reduce(0) { $0 + $1.executions }
            if let executions, total >= executions * readers.count { done = true }
            if let seconds, Date().timeIntervalSince(start) >= seconds { done = true }
        }
        var violations = 0
        for (index, report) in reports.enumerated() {
            let rate = Double(report.executions) / max(elapsed[index], 0.001)
            print(
                "\(readers[index].rawValue): \(report.executions) executions (\(report.values) values, "
                    + "\(report.inputErrors) input errors), \(report.violationCount) contract violations, "
                    + "0 crashes, \(String(format: "%.0f", rate)) exec/s")
            violations += report.violationCount
        }
        print(
            "total: \(reports.reduce(0) { $0 + $1.executions }) executions, 0 crashes, \(violations) contract violations, "
                + "seed \(seed), \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        return violations == 0 ? 0 : 1
    }

    private func installCrashHandlers() {
        // An alternate stack, so that a stack overflow can still be reported.
        let stackSize = 1 << 16
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16)
        stack.ss_size = stackSize
        sigaltstack(&stack, nil)
        for signal in [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { handleCrash($0) }
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(signal, &action, nil)
        }
    }

    /// Ends the process when one input runs longer than `timeout` seconds, saving it.
    private func startWatchdog() {
        let timeout = self.timeout
        let directory = crashes
        let seed = self.seed
        let readers = self.readers
        let thread = Thread {
            var last = -1
            var still = 0
            while true {
                sleep(1)
                let now = progress.load(ordering: .relaxed)
                still = now == last ? still + 1 : 0
                last = now
                if still >= timeout {
                    let reader = readers[currentReader].rawValue
                    let path = directory.appendingPathComponent("timeout-\(reader)-seed\(seed).bin").path
                    let data = Data(bytes: currentInput, count: currentLength)
                    _ = FileManager.default.createFile(atPath: path, contents: data)
                    FileHandle.standardError.write(
                        Data("conncat-fuzz: HANG in the \(reader) reader (over \(timeout) s on one input, seed \(seed)); input saved to \(path)\n".utf8))
                    _exit(2)
                }
            }
        }
        thread.start()
    }
}
