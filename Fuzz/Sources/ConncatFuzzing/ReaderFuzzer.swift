import Foundation

/// A seeded mutation fuzzer for one reader: it mutates seeds (and inputs that parsed, which
/// reach deeper into the reader) and checks that every input gives a value or a located
/// ``ConnectionCatalog/InputError``. A crash or a hang ends the process; the caller saves
/// ``currentInput`` for that case.
public struct ReaderFuzzer {
    /// The reader fuzzed.
    public let reader: FuzzedReader
    /// How inputs are changed.
    public let mutator: Mutator
    private var random: SplitMix64
    private let seeds: [[UInt8]]
    /// Inputs that gave a value, fed back as mutation bases (bounded, oldest replaced).
    private var pool: [[UInt8]] = []
    private static let poolSize = 256

    /// What a run found.
    public struct Report: Sendable {
        /// Inputs run.
        public var executions = 0
        /// Inputs that gave a value.
        public var values = 0
        /// Inputs that gave a located ``ConnectionCatalog/InputError``.
        public var inputErrors = 0
        /// Inputs that broke the contract, with what was wrong (the first 20 kept).
        public var violations: [(input: [UInt8], problem: String)] = []
        /// Inputs that broke the contract, all counted.
        public var violationCount = 0

        /// An empty report.
        public init() {}
    }

    /// - Parameters:
    ///   - seeds: the starting inputs; a minimal document is added so that none is needed.
    ///   - seed: the random seed: the same seed and seeds give the same inputs.
    public init(reader: FuzzedReader, seeds: [[UInt8]], seed: UInt64, maximumLength: Int = 256 * 1024) {
        self.reader = reader
        mutator = Mutator(reader: reader, maximumLength: maximumLength)
        random = SplitMix64(seed: seed)
        self.seeds = seeds + [Array(Self.minimalSeed(reader).utf8)]
    }

    static func minimalSeed(_ reader: FuzzedReader) -> String {
        switch reader {
        case .xml: return "<ConfigurationFile>\n  <Connection Identifier=\"A\" Package=\"Usercube.CSV@0000001\" />\n</ConfigurationFile>\n"
        case .json: return "{\n  \"Connections\": { \"A\": { \"Path\": \"a.csv\", \"Servers\": [ { \"Server\": \"x\" } ] } }\n}\n"
        case .csv: return "id;name;\"quoted;name\"\r\n1;2;3\r\n"
        }
    }

    /// The next input to try: a seed as is now and then, else a mutant.
    public mutating func nextInput() -> [UInt8] {
        let base: [UInt8]
        if !pool.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
            base = pool.randomElement(using: &random)!
        } else {
            base = seeds.randomElement(using: &random)!
        }
        if Int.random(in: 0..<64, using: &random) == 0 { return base }
        let donor = seeds.randomElement(using: &random)!
        return mutator.mutate(base, donor: donor, using: &random)
    }

    /// Runs `executions` inputs. `willRun` sees each input first (to keep it for a crash report).
    public mutating func run(executions: Int, willRun: ([UInt8]) -> Void = { _ in }) -> Report {
        var report = Report()
        for _ in 0..<executions {
            let input = nextInput()
            willRun(input)
            record(input, outcome: reader.run(input), in: &report)
        }
        return report
    }

    /// Counts `outcome` in `report`, and keeps inputs that parsed as mutation bases.
    public mutating func record(_ input: [UInt8], outcome: FuzzedReader.Outcome, in report: inout Report) {
        report.executions += 1
        switch outcome {
        case .value:
            report.values += 1
            if pool.count < Self.poolSize {
                pool.append(input)
            } else {
                pool[Int.random(in: 0..<Self.poolSize, using: &random)] = input
            }
        case .inputError:
            report.inputErrors += 1
        case .contractViolation(let problem):
            report.violationCount += 1
            if report.violations.count < 20 { report.violations.append((input, problem)) }
        }
    }
}

/// Seed inputs: every file of a reader's kind under some folders, in path order.
public enum FuzzSeeds {
    /// Files ending in `.xml`, `.json` or `.csv` (any case) under `roots`, recursively.
    public static func load(_ reader: FuzzedReader, from roots: [URL]) -> [[UInt8]] {
        var paths: [String] = []
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let relative = enumerator.nextObject() as? String {
                if relative.lowercased().hasSuffix("." + reader.fileExtension) {
                    paths.append(root.appendingPathComponent(relative).path)
                }
            }
        }
        return paths.sorted().compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }
}
