import ConnectionCatalog
import Foundation

/// The findings accepted as known, for `conncat check --baseline`: each recorded by a fingerprint
/// of its rule, subject and file (never its line or message, so that edits elsewhere in a file and
/// reworded messages keep a finding known), with how many findings share it.
struct Baseline: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var fingerprint: String
        var rule: String
        var subject: String
        var file: String
        /// Findings with this fingerprint (the same rule and subject at several lines of a file).
        var count: Int
    }

    var version = 1
    var findings: [Entry]

    init(findings: [Finding]) {
        var counts: [String: Entry] = [:]
        for finding in findings {
            let key = Self.fingerprint(finding)
            counts[
                key,
                default: Entry(
                    fingerprint: key, rule: finding.rule, subject: finding.subject,
                    file: Self.fingerprintFile(finding), count: 0)
            ].count += 1
        }
        self.findings = counts.values.sorted { ($0.rule, $0.file, $0.subject) < ($1.rule, $1.file, $1.subject) }
    }

    /// Rules whose findings are about a file of the ExportOutput folder, which a refresh may read
    /// from another place (`--export-dir`).
    static let exportFileRules: Set<String> = ["export-file-unattributed", "export-file-warning"]

    /// The file a fingerprint takes: the configuration file as located, but an export file by its
    /// name in its export folder, so that the same file read from another folder stays known.
    static func fingerprintFile(_ finding: Finding) -> String {
        guard exportFileRules.contains(finding.rule) else { return finding.location.file }
        return finding.location.file.split(separator: "/").last.map(String.init) ?? finding.location.file
    }

    /// FNV-1a (64 bits) of rule, subject and file (``fingerprintFile(_:)``), as 16 hexadecimal
    /// digits: the same on every machine and every run.
    static func fingerprint(_ finding: Finding) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in [finding.rule, finding.subject, fingerprintFile(finding)].joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The findings not covered by the baseline, and how many known ones were left out.
    func newFindings(in findings: [Finding]) -> (new: [Finding], hidden: Int) {
        var remaining = Dictionary(self.findings.map { ($0.fingerprint, $0.count) }, uniquingKeysWith: +)
        var new: [Finding] = []
        var hidden = 0
        for finding in findings {
            let key = Self.fingerprint(finding)
            if let left = remaining[key], left > 0 {
                remaining[key] = left - 1
                hidden += 1
            } else {
                new.append(finding)
            }
        }
        return (new, hidden)
    }

    static func read(from path: String) throws -> Baseline {
        let shown = DisplayPath.shown(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BaselineError("cannot read baseline \(shown): no such file; record one with --write-baseline \(shown)")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.version == 1 else {
                throw BaselineError("baseline \(shown) has version \(baseline.version); this conncat reads version 1")
            }
            return baseline
        } catch let error as BaselineError {
            throw error
        } catch {
            throw BaselineError("baseline \(shown) is not a conncat baseline (JSON with version and findings); record it again with --write-baseline")
        }
    }

    /// Writes the baseline to `path` through ``OutputFile``.
    /// - Throws: ``OutputFile/WriteError``.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self) + Data("\n".utf8)
        try OutputFile.write(data, to: path, what: "the baseline", remedy: "choose another --write-baseline file")
    }
}

struct BaselineError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
