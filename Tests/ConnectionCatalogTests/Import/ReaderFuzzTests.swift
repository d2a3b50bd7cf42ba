import ConnectionCatalog
import Foundation
import Testing

@testable import ConncatFuzzing

/// A bounded, deterministic run of the readers' fuzzer (`scripts/fuzz.sh` runs it for long):
/// every mutant of the demo and hostile files gives a value or a located InputError. A crash or a
/// hang would end or stall the test process.
@Suite struct ReaderFuzzTests {
    static let seedFolders = [demoFolder, repositoryRoot.appendingPathComponent("Fixtures/hostile")]

    @Test(arguments: FuzzedReader.allCases)
    func everyMutantGivesAValueOrALocatedInputError(reader: FuzzedReader) throws {
        let seeds = FuzzSeeds.load(reader, from: Self.seedFolders)
        #expect(seeds.count >= 9, "the demo and hostile files are the seeds")
        var fuzzer = ReaderFuzzer(reader: reader, seeds: seeds, seed: 20_261_129, maximumLength: 64 * 1024)
        let report = fuzzer.run(executions: 2_000)
        #expect(report.executions == 2_000)
        #expect(report.violationCount == 0, "\(report.violations.map(\.problem))")
        // Both outcomes are reached: the mutants are neither all valid nor all rejected.
        #expect(report.values >= 100, "\(report.values) values")
        #expect(report.inputErrors >= 100, "\(report.inputErrors) input errors")
    }

    /// The reference SplitMix64 sequence from seed 0 (Steele, Lea and Flood; Vigna's splitmix64.c):
    /// every seeded test and fuzz run replays the same numbers on every machine.
    @Test func splitMix64GivesTheReferenceSequence() {
        var random = SplitMix64(seed: 0)
        #expect((0..<3).map { _ in random.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func theSameSeedGivesTheSameInputs() {
        let seeds = FuzzSeeds.load(.json, from: Self.seedFolders)
        var first = ReaderFuzzer(reader: .json, seeds: seeds, seed: 7)
        var second = ReaderFuzzer(reader: .json, seeds: seeds, seed: 7)
        var other = ReaderFuzzer(reader: .json, seeds: seeds, seed: 8)
        let inputs = (0..<50).map { _ in first.nextInput() }
        #expect((0..<50).map { _ in second.nextInput() } == inputs)
        #expect((0..<50).map { _ in other.nextInput() } != inputs)
    }

    @Test func aContractViolationIsReportedNotHidden() {
        // An InputError that names another file or spans lines breaks the CLI's one-line contract.
        func outcome(_ file: String, _ line: Int?, _ message: String) -> FuzzedReader.Outcome {
            FuzzedReader.check(InputError(ConnectionCatalog.SourceLocation(file: file, line: line), message), file: "fuzz.xml")
        }
        #expect(outcome("other.xml", 1, "x") == .contractViolation("error names file 'other.xml'"))
        #expect(outcome("fuzz.xml", 0, "x") == .contractViolation("line 0"))
        #expect(outcome("fuzz.xml", 2, "two\nlines") == .contractViolation("error text spans several lines"))
        #expect(outcome("fuzz.xml", 2, "one line") == .inputError)
    }
}
