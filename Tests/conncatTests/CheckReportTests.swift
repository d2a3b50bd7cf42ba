import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// `conncat check` as a person and a CI job use it: summary first, severities in order, filters,
/// a baseline of known findings, paths that open from the current directory.
@Suite struct CheckReportTests {
    static func importedDemo(copy: Bool = false) throws -> (Sandbox, String) {
        let sandbox = try Sandbox()
        let folder = copy ? try sandbox.copyDemo().path : Sandbox.demo
        let result = try sandbox.run(["import", folder, "--at", "2026-11-29T08:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        return (sandbox, folder)
    }

    @Test func summaryFirstThenErrorsThenWarningsEachByFileAndLine() throws {
        let (sandbox, _) = try Self.importedDemo(copy: true)
        let result = try sandbox.run(["check"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "1 error, 11 warnings, 0 infos")
        #expect(lines[2] == "Errors (1)")
        // The demo was copied into the sandbox, the working directory: paths are relative to it.
        #expect(lines[3] == "demo/Conf/HR/HR Connector.xml:35  column-missing  HR_Person:CostCenter")
        #expect(lines[4].hasPrefix("  ConnectionColumn 'cost_center' of EntityTypeMapping HR_Person is not a column"))
        #expect(lines[5] == "")
        #expect(lines[6] == "Warnings (11)")
        #expect(lines[7] == "demo/Conf/Directory/Directory Connector.xml:38  table-name-mismatch  AD_Entry")
        let warningLocations = lines.filter { $0.hasPrefix("demo/") }.dropFirst()
        #expect(warningLocations.count == 11)
        #expect(warningLocations.last?.hasPrefix("demo/Temp/ExportOutput/LegacyPayroll.csv  export-file-unattributed") == true)
        try assertGolden(result.stdout, "check-demo.txt")
    }

    @Test func aFileOutsideTheCurrentDirectoryIsShownAbsolute() throws {
        let (sandbox, folder) = try Self.importedDemo()
        let result = try sandbox.run(["check"])
        #expect(result.stdout.contains("\n\(folder)/Conf/HR/HR Connector.xml:35  column-missing"))
    }

    @Test func filtersCombine() throws {
        let (sandbox, _) = try Self.importedDemo()
        let errors = try sandbox.run(["check", "--severity", "error", "--format", "json"])
        #expect(try CheckCommandTests().rows(errors).map(\.rule) == ["column-missing"])
        let secrets = try sandbox.run(["check", "--rule", "plain-text-secret", "--format", "json"])
        #expect(secrets.status == 0, "warnings do not fail the default --fail-on error")
        #expect(try CheckCommandTests().rows(secrets).count == 9)
        let hr = try sandbox.run(["check", "--connection", "hrfeed", "--format", "json"])
        #expect(
            try CheckCommandTests().rows(hr).map(\.brief) == ["column-missing error Conf/HR/HR Connector.xml:35"])
        let both = try sandbox.run(["check", "--connection", "HRFeed", "--severity", "error", "--format", "json"])
        #expect(try CheckCommandTests().rows(both).count == 1)
        let unknownRule = try sandbox.run(["check", "--rule", "column-mising"])
        #expect(unknownRule.status == 64)
        #expect(unknownRule.stderr.contains("unknown rule 'column-mising' (did you mean 'column-missing'?)"), "\(unknownRule.stderr)")
        let unknownConnection = try sandbox.run(["check", "--connection", "HRFed"])
        #expect(unknownConnection.status == 1)
        #expect(unknownConnection.stderr == "conncat: error: no connection 'HRFed' in the catalog (did you mean 'HRFeed'?); `conncat connections` lists them\n")
    }

    @Test func aBaselineHidesKnownFindingsEvenWhenLinesMove() throws {
        let (sandbox, demo) = try Self.importedDemo(copy: true)
        let recorded = try sandbox.run(["check", "--write-baseline", "baseline.json"])
        #expect(recorded.status == 0)
        #expect(recorded.stdout == "Recorded 12 findings in baseline.json; check with --baseline baseline.json to report only new ones.\n")
        let baseline = try String(contentsOf: sandbox.folder.appendingPathComponent("baseline.json"), encoding: .utf8)
        #expect(!baseline.contains("\"line\""), "lines are not part of a fingerprint")
        #expect(!baseline.contains("FAKE-SECRET"))

        let clean = try sandbox.run(["check", "--baseline", "baseline.json", "--fail-on", "warning"])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout == "No findings (0 errors, 0 warnings, 0 infos).\n12 known findings hidden (recorded in baseline.json)\n")

        // Lines added above every finding of the HR file, and a new mistake in it.
        let file = URL(fileURLWithPath: demo).appendingPathComponent("Conf/HR/HR Connector.xml")
        var xml = try String(contentsOf: file, encoding: .utf8)
        xml = xml.replacingOccurrences(of: "<ConfigurationFile", with: "<!-- one -->\n<!-- two -->\n<ConfigurationFile")
        xml = xml.replacingOccurrences(of: "ConnectionColumn=\"hire_date\"", with: "ConnectionColumn=\"hire_day\"")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", demo, "--at", "2026-11-30T08:00:00Z"]).status == 0)

        let gated = try sandbox.run(["check", "--baseline", "baseline.json"])
        #expect(gated.status == 1)
        let lines = gated.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "1 error, 0 warnings, 0 infos")
        #expect(lines[1] == "12 known findings hidden (recorded in baseline.json)")
        #expect(lines[3] == "demo/Conf/HR/HR Connector.xml:35  column-missing  HR_Person:HireDate")
        let json = try sandbox.run(["check", "--baseline", "baseline.json", "--format", "json"])
        #expect(try CheckCommandTests().rows(json).map(\.subject) == ["HR_Person:HireDate"])

        // Recording again through the baseline keeps the known findings and adds the new one.
        let again = try sandbox.run(["check", "--baseline", "baseline.json", "--write-baseline", "baseline.json"])
        #expect(again.status == 0)
        #expect(
            again.stdout
                == "Recorded 13 findings (12 known in baseline.json, 1 new) in baseline.json; check with --baseline baseline.json to report only new ones.\n")
        let rewritten = try JSONDecoder().decode(
            Baseline.self, from: Data(contentsOf: sandbox.folder.appendingPathComponent("baseline.json")))
        #expect(rewritten.findings.map(\.count).reduce(0, +) == 13)
        let quiet = try sandbox.run(["check", "--baseline", "baseline.json", "--fail-on", "warning"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "No findings (0 errors, 0 warnings, 0 infos).\n13 known findings hidden (recorded in baseline.json)\n")

        let missing = try sandbox.run(["check", "--baseline", "nowhere.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "conncat: error: cannot read baseline nowhere.json: no such file; record one with --write-baseline nowhere.json\n")
        // A baseline that cannot be written: one line, the path, why and what to do.
        let unwritable = try sandbox.run(["check", "--write-baseline", "nonexist/b.json"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stdout.isEmpty)
        #expect(
            unwritable.stderr == "nonexist/b.json: error: cannot write the baseline (folder nonexist does not exist); choose another --write-baseline file\n")
        let folder = try sandbox.run(["check", "--write-baseline", "."])
        #expect(folder.stderr == ".: error: cannot write the baseline (it is a folder); choose another --write-baseline file\n")
        try "{\"oops\": 1}".write(to: sandbox.folder.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["check", "--baseline", "bad.json"]).stderr.contains("is not a conncat baseline"))
    }

    @Test func credentialsInXMLAttributesAndExportHeadersAreReportedWithoutTheirValue() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        let agents = demo.appendingPathComponent("Conf/Agents.xml")
        let xml = try String(contentsOf: agents, encoding: .utf8).replacingOccurrences(
            of: "URI=\"https://idm-agent.example.test\"", with: "URI=\"https://admin:FAKE-SECRET-XML1@idm-agent.example.test\"")
        try xml.write(to: agents, atomically: true, encoding: .utf8)
        let finance = demo.appendingPathComponent("Temp/ExportOutput/FinanceDb.csv")
        let csv = try String(contentsOf: finance, encoding: .utf8).replacingOccurrences(
            of: "created_on", with: "created_on,https://u:FAKE-SECRET-CSV1@x.example.test")
        try csv.write(to: finance, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", demo.path, "--quiet"]).status == 0)
        let json = try sandbox.run(["check", "--rule", "plain-text-secret", "--format", "json"])
        #expect(!json.stdout.contains("FAKE-SECRET") && !json.stderr.contains("FAKE-SECRET"))
        // The demo's agent settings hold others; those outside them are the two planted here.
        let rows = try CheckCommandTests().rows(json).filter { !$0.file.hasPrefix("Runtime/") }
        #expect(
            rows.map { "\($0.file):\($0.line.map(String.init) ?? "-") \($0.subject)" } == [
                "Conf/Agents.xml:8 AgentLyon:URI", "Temp/ExportOutput/FinanceDb.csv:1 FinanceDb:9",
            ])
        #expect(
            rows.first?.message.hasPrefix(
                "the value of attribute URI of Agent AgentLyon holds a credential written in clear in Conf/Agents.xml (a URL password,") == true)
        #expect(rows.last?.message.hasPrefix("header cell 9 of export file Temp/ExportOutput/FinanceDb.csv holds a credential written in clear") == true)
        let table = try sandbox.run(["check"])
        #expect(!table.stdout.contains("FAKE-SECRET"))
    }

    /// The README's figures of the demo (the report's counts, the findings a baseline hides) are
    /// what conncat says of a fresh import of it.
    @Test func theReadmeDemoFiguresAreTheRealOnes() throws {
        let readme = try String(contentsOf: Sandbox.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        func quoted(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: readme, range: NSRange(readme.startIndex..., in: readme)).compactMap {
                Range($0.range, in: readme).map { String(readme[$0]) }
            }
        }
        let (sandbox, _) = try Self.importedDemo()
        let report = try sandbox.run(["report", "--output", "report.html"])
        let wrote = quoted("Wrote report\\.html: [0-9]+ connections, [0-9]+ findings")
        #expect(!wrote.isEmpty, "the README no longer shows the report's counts")
        #expect(wrote.allSatisfy { report.stdout == $0 + "\n" }, "README: \(wrote), conncat: \(report.stdout)")

        #expect(try sandbox.run(["check", "--write-baseline", "conncat-baseline.json"]).status == 0)
        let known = try sandbox.run(["check", "--baseline", "conncat-baseline.json", "--fail-on", "warning"])
        let hidden = quoted("[0-9]+ known findings hidden \\(recorded in conncat-baseline\\.json\\)")
        #expect(!hidden.isEmpty, "the README no longer shows what the baseline hides")
        #expect(hidden.allSatisfy { known.stdout.hasSuffix($0 + "\n") }, "README: \(hidden), conncat: \(known.stdout)")
    }

    @Test func aFailedWriteIsSaidInPlainWords() {
        // Foundation's own sentences ("The operation could not be completed...") never show.
        let denied = NSError(
            domain: NSCocoaErrorDomain, code: CocoaError.fileWriteNoPermission.rawValue,
            userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])
        #expect(OutputFile.reason(denied) == "permission denied")
        #expect(OutputFile.reason(CocoaError(.fileWriteOutOfSpace)) == "no space left on the device")
        #expect(OutputFile.reason(CocoaError(.fileNoSuchFile)) == "no such file or folder")
        #expect(OutputFile.reason(errno: ENOSPC) == "no space left on device")
        let error = OutputFile.WriteError(path: "r.html", what: "the report", reason: "permission denied", remedy: "choose another --output")
        #expect("\(error)" == "r.html: error: cannot write the report (permission denied); choose another --output")
    }

    @Test func fingerprintsAreStableAndIgnoreTheLine() {
        let a = Finding(
            rule: "column-missing", severity: .error, location: .init(file: "Conf/HR.xml", line: 35),
            subject: "HR_Person:CostCenter", message: "one")
        var b = a
        b.location.line = 90
        b.message = "two"
        #expect(Baseline.fingerprint(a) == Baseline.fingerprint(b))
        #expect(Baseline.fingerprint(a).count == 16 && Baseline.fingerprint(a).allSatisfy(\.isHexDigit))
        var c = a
        c.subject = "HR_Person:HireDate"
        #expect(Baseline.fingerprint(a) != Baseline.fingerprint(c))
        let baseline = Baseline(findings: [a, b])
        #expect(baseline.findings.map(\.count) == [2])
        #expect(baseline.newFindings(in: [a, b, a]).new == [a])
        #expect(baseline.newFindings(in: [a, b, a]).hidden == 2)
    }

    @Test func onATerminalFindingsFitTheWidth() throws {
        let (sandbox, _) = try Self.importedDemo(copy: true)
        let seen = try sandbox.runInTerminal(["check"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(seen.status == 1)
        #expect(TerminalOutputTests.longestLine(seen.stdout) <= 80, "\(seen.stdout)")
        try assertGolden(seen.stdout, "check-terminal-80.txt")
    }
}
