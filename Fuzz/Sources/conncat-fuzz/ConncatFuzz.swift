// conncat-fuzz: fuzzes the three input readers of ConnectionCatalog, and generates the large
// working directories of the durability scripts. See docs/ROBUSTNESS.md.
//
//   conncat-fuzz run [--reader xml|json|csv|all] [--seconds S | --executions N] [--seed N]
//                    [--crashes DIR] [--timeout S] [SEED_FOLDER...]
//   conncat-fuzz replay --reader xml|json|csv FILE...
//   conncat-fuzz generate-workdir DIR [--connections N] [--columns N] [--variant a|b]
//
// Built with `-Xswiftc -sanitize=fuzzer -Xswiftc -DCONNCAT_LIBFUZZER`, the target is a libFuzzer
// target instead (reader chosen by $CONNCAT_FUZZ_READER, default xml).
import ConncatFuzzing
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

#if CONNCAT_LIBFUZZER
    private let libFuzzerReader = FuzzedReader(rawValue: ProcessInfo.processInfo.environment["CONNCAT_FUZZ_READER"] ?? "xml") ?? .xml

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if case .contractViolation(let problem) = libFuzzerReader.run(bytes) {
            fatalError("contract violation: \(problem)")
        }
        return 0
    }

    /// libFuzzer's driver, entered from the executable's entry point (SwiftPM links an executable
    /// target's `main` to `<module>_main`).
    @_silgen_name("LLVMFuzzerRunDriver")
    private func runDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    @_cdecl("conncat_fuzz_main")
    public func conncatFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    @main
    enum ConncatFuzz {
        static func main() {
            var arguments = Array(CommandLine.arguments.dropFirst())
            let command = arguments.isEmpty ? "help" : arguments.removeFirst()
            do {
                switch command {
                case "run": exit(try FuzzRun(arguments).execute())
                case "replay": exit(try replay(arguments))
                case "generate-workdir": try generate(arguments)
                default:
                    print("usage: conncat-fuzz run|replay|generate-workdir ... (see docs/ROBUSTNESS.md)")
                    exit(command == "help" ? 0 : 64)
                }
            } catch {
                FileHandle.standardError.write(Data("conncat-fuzz: \(error)\n".utf8))
                exit(64)
            }
        }

        static func replay(_ arguments: [String]) throws -> Int32 {
            let options = Options(arguments)
            let reader = try options.reader(default: nil).first!
            var failed = false
            for path in options.rest {
                guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
                let outcome = reader.run(Array(data))
                print("\(path): \(outcome)")
                if case .contractViolation = outcome { failed = true }
            }
            return failed ? 1 : 0
        }

        static func generate(_ arguments: [String]) throws {
            let options = Options(arguments)
            let connections = try options.int("--connections") ?? 1000
            let columns = try options.int("--columns") ?? 24
            let variant = WorkingDirectoryGenerator.Variant(rawValue: options.value("--variant") ?? "a")
            guard let variant, let folder = options.rest.first, options.rest.count == 1 else {
                throw UsageError("generate-workdir DIR [--connections N] [--columns N] [--variant a|b]")
            }
            try WorkingDirectoryGenerator.generate(
                at: URL(fileURLWithPath: folder), connections: connections,
                columns: columns, variant: variant)
            print("generated \(folder): \(connections) connections, variant \(variant.rawValue)")
        }
    }
#endif

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `--name value` options, then the remaining arguments.
struct Options {
    private var values: [String: String] = [:]
    private(set) var rest: [String] = []

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), index + 1 < arguments.count {
                values[argument] = arguments[index + 1]
                index += 2
            } else {
                rest.append(argument)
                index += 1
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func int(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), number >= 0 else { throw UsageError("\(name) wants a whole number, not '\(text)'") }
        return number
    }

    func reader(default all: [FuzzedReader]?) throws -> [FuzzedReader] {
        let name = values["--reader"] ?? (all == nil ? "" : "all")
        if name == "all", let all { return all }
        guard let reader = FuzzedReader(rawValue: name) else { throw UsageError("--reader wants xml, json or csv") }
        return [reader]
    }
}
