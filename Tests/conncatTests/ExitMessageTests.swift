import Foundation
import Testing

@testable import ConnectionCatalog
@testable import conncat

/// An import that exits 2 says why on standard error in every format, also when every input is
/// unchanged and the failed refresh of an earlier import stands.
@Suite struct ExitMessageTests {
    static let failure =
        "HRFeed (failed at 2026-11-29T08:00:00Z, never succeeded)"
    static let changedLine =
        "conncat: error: the schema refresh failed for 1 connection: \(failure); the configuration is imported; "
        + "`conncat audit` says why: fix the export files, then import again\n"
    static func standingLine(_ previous: Int) -> String {
        "conncat: error: every input unchanged since import #\(previous), and no schema refresh since: the schema refresh failed for "
            + "1 connection: \(failure); `conncat audit` says why: fix the export files, then import again\n"
    }

    /// The demo without the HR export, imported once (its refresh fails).
    static func importedWithoutHRExport() throws -> (Sandbox, String) {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        try FileManager.default.removeItem(at: demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv"))
        let first = try sandbox.run(["import", "demo", "--database", sandbox.database, "--quiet", "--at", "2026-11-29T08:00:00Z"])
        #expect(first.status == 2)
        #expect(first.stdout == "")
        #expect(
            first.stderr
                == "HRFeed: schema refresh FAILED (no_export_output): no export output in Temp/ExportOutput (expected HRFeed.csv); "
                + "ExportTask HRFeed_Export exports it\n" + changedLine)
        return (sandbox, demo.path)
    }

    @Test func unchangedReimportWithQuietSaysWhyItExits2() throws {
        let (sandbox, _) = try Self.importedWithoutHRExport()
        let again = try sandbox.run(["import", "demo", "--database", sandbox.database, "--quiet", "--at", "2026-11-30T08:00:00Z"])
        #expect(again.status == 2)
        #expect(again.stdout == "")
        #expect(again.stderr == Self.standingLine(1))
    }

    @Test func unchangedReimportAsJSONListsTheStandingFailure() throws {
        let (sandbox, _) = try Self.importedWithoutHRExport()
        let again = try sandbox.run(["import", "demo", "--database", sandbox.database, "--format", "json", "--at", "2026-11-30T08:00:00Z"])
        let changed = try sandbox.run(["refresh-schema", "--database", sandbox.database, "--format", "json", "--at", "2026-11-30T09:00:00Z"])
        #expect(changed.status == 2)
        #expect(again.status == 2)
        #expect(again.stderr.hasSuffix("`conncat audit` says why: fix the export files, then import again\n"))
        let objects = try #require(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        let object = try #require(objects.first)
        #expect(object["connection"] as? String == "HRFeed")
        #expect(object["status"] as? String == "failed")
        #expect(object["at"] as? String == "2026-11-29T08:00:00Z")
        #expect(
            object["error"] as? String
                == "no_export_output: no export output in Temp/ExportOutput (expected HRFeed.csv); ExportTask HRFeed_Export exports it")
        // The same keys as a refresh that just failed.
        let fresh = try #require(JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [[String: Any]])
        let freshFailure = try #require(fresh.first { $0["status"] as? String == "failed" })
        #expect(Set(object.keys) == Set(freshFailure.keys))
    }

    /// Every non-zero exit says why on standard error, whatever the format.
    @Test func refreshCheckAndDoctorSayWhyTheyExitNonZero() throws {
        let (sandbox, demo) = try Self.importedWithoutHRExport()
        for (hour, format) in [(8, "json"), (9, "text")] {
            let refresh = try sandbox.run([
                "refresh-schema", "--database", sandbox.database, "--format", format, "--export-dir", demo + "/Temp/ExportOutput",
                "--at", "2026-11-30T0\(hour):00:00Z",
            ])
            #expect(refresh.status == 2)
            #expect(
                refresh.stderr.hasSuffix(
                    "conncat: error: the schema refresh failed for 1 connection: HRFeed (failed at 2026-11-30T0\(hour):00:00Z, never succeeded); "
                        + "the other attempts are recorded; `conncat audit` says why: fix the export files, then refresh again\n"),
                "\(refresh.stderr)")
        }
        for format in ["json", "sarif", "table"] {
            // HRFeed never succeeded, so the demo's planted error cannot be seen: warnings only.
            let check = try sandbox.run(["check", "--database", sandbox.database, "--format", format, "--fail-on", "warning"])
            #expect(check.status == 1)
            #expect(check.stderr.hasPrefix("conncat: error: "), "\(check.stderr)")
            #expect(check.stderr.contains(" at or above --fail-on warning (0 errors, "), "\(check.stderr)")
            #expect(
                check.stderr.hasSuffix(
                    " warnings); fix them, or record the findings you accept with --write-baseline FILE and check with --baseline FILE\n"),
                "\(check.stderr)")
            #expect(check.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func unchangedReimportInTextSaysWhyItExits2() throws {
        let (sandbox, _) = try Self.importedWithoutHRExport()
        let again = try sandbox.run(["import", "demo", "--database", sandbox.database, "--at", "2026-11-30T08:00:00Z"])
        #expect(again.status == 2)
        #expect(again.stdout.contains("every input unchanged since import #1: nothing read again; the latest schema refresh stands\n"))
        #expect(again.stderr == Self.standingLine(1))
        // A third time: the line names the latest import, the failure keeps its time.
        let third = try sandbox.run(["import", "demo", "--database", sandbox.database, "--quiet", "--at", "2026-12-01T08:00:00Z"])
        #expect(third.status == 2)
        #expect(third.stderr == Self.standingLine(2))
    }

    /// The gate asks the catalog as it stands: a mapping a schema change broke keeps the exit code
    /// 3 for every later import and refresh (whichever recorded the change) until it is fixed.
    @Test func breakingRefreshSaysWhyItExits3UntilTheMappingIsFixed() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--database", sandbox.database, "-q", "--at", "2026-11-28T08:00:00Z"]).status == 0)
        let export = demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        let text = try String(contentsOf: export, encoding: .utf8)
        try text.replacingOccurrences(of: ";email;", with: ";mail;").write(to: export, atomically: true, encoding: .utf8)
        func line(then: String) -> String {
            "conncat: error: a schema change breaks 1 mapping: HR_Person:Email (demo/Conf/HR/HR Connector.xml:30); "
                + "`conncat check` lists them: fix the mappings (or the export), then \(then)\n"
        }
        func gate(_ arguments: [String], at: String) throws -> RunResult {
            try sandbox.run(arguments + ["--database", sandbox.database, "--fail-on-breaking", "--at", at])
        }
        let breaking = try gate(["import", "demo", "-q"], at: "2026-11-29T08:00:00Z")
        #expect(breaking.status == 3)
        #expect(breaking.stdout == "")
        #expect(breaking.stderr == line(then: "import again"))
        // Every input unchanged: the same answer.
        let again = try gate(["import", "demo", "-q"], at: "2026-11-30T08:00:00Z")
        #expect(again.status == 3)
        #expect(again.stderr == line(then: "import again"))
        // A refresh of the same files records no change, and the mapping is still broken.
        let refresh = try gate(["refresh-schema", "--format", "json"], at: "2026-11-30T09:00:00Z")
        #expect(refresh.status == 3)
        #expect(refresh.stderr.hasSuffix(line(then: "refresh again")), "\(refresh.stderr)")
        // An import after that refresh reads everything again: the same answer still.
        let afterRefresh = try gate(["import", "demo", "-q"], at: "2026-11-30T10:00:00Z")
        #expect(afterRefresh.status == 3)
        #expect(afterRefresh.stderr == line(then: "import again"))
        // A refresh of the other connections only does not answer for HRFeed's mappings.
        #expect(try gate(["refresh-schema", "--connection", "FinanceDb"], at: "2026-11-30T11:00:00Z").status == 0)
        // Without --fail-on-breaking a breaking refresh is a success.
        let plain = try sandbox.run(["import", "demo", "--database", sandbox.database, "-q", "--at", "2026-11-30T12:00:00Z"])
        #expect(plain.status == 0)
        #expect(plain.stderr == "")
        // The export fixed: the gate opens, for import and refresh alike.
        try text.write(to: export, atomically: true, encoding: .utf8)
        let fixed = try gate(["import", "demo", "-q"], at: "2026-12-01T08:00:00Z")
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try gate(["refresh-schema", "--format", "json"], at: "2026-12-01T09:00:00Z").status == 0)
    }

    /// A refresh that breaks a mapping, then an import of the same inputs: both exit 3.
    @Test func anImportAfterABreakingRefreshExits3Too() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--database", sandbox.database, "-q", "--at", "2026-11-28T08:00:00Z"]).status == 0)
        let export = demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        let text = try String(contentsOf: export, encoding: .utf8)
        try text.replacingOccurrences(of: ";email;", with: ";mail;").write(to: export, atomically: true, encoding: .utf8)
        let refresh = try sandbox.run(["refresh-schema", "--database", sandbox.database, "--fail-on-breaking", "--at", "2026-11-29T08:00:00Z"])
        #expect(refresh.status == 3)
        #expect(refresh.stdout.contains("    breaks HR_Person:Email (demo/Conf/HR/HR Connector.xml:30)"))
        let after = try sandbox.run(["import", "demo", "--database", sandbox.database, "-q", "--fail-on-breaking", "--at", "2026-11-29T09:00:00Z"])
        #expect(after.status == 3)
        #expect(after.stderr.hasPrefix("conncat: error: a schema change breaks 1 mapping: HR_Person:Email "))
    }

    @Test func failureLineIsBoundedToFiveConnections() {
        let failed = (1...7).map { index in
            FailedRefresh(
                connection: "C\(index)", failedAt: "2026-11-29T08:00:00Z", error: "x", lastSuccessAt: index == 1 ? "2026-11-28T08:00:00Z" : nil,
                failedAttempts: 1, refreshID: Int64(index))
        }
        let line = ImportReport.failureLine(failed, standingSince: nil)
        #expect(line.contains("7 connections: C1 (failed at 2026-11-29T08:00:00Z, last success 2026-11-28T08:00:00Z), C2 ("))
        #expect(line.contains("C5 (failed at 2026-11-29T08:00:00Z, never succeeded), and 2 more; the configuration is imported"))
        #expect(!line.contains("C6"))
    }

    @Test func errorLinesWrapAtWordsAndKeepQuotedCommands() {
        let report = "/tmp/nope/r.html: error: cannot write the report (folder /tmp/nope does not exist); choose another --output"
        #expect(
            ErrorLine.layout(report, width: 80)
                == "/tmp/nope/r.html: error: cannot write the report (folder /tmp/nope does not\n    exist); choose another --output\n")
        let usage = "error: unknown option '--fromat' (did you mean '--format'?); see `conncat columns --help` for the options"
        #expect(
            ErrorLine.layout(usage, width: 80)
                == "conncat: error: unknown option '--fromat' (did you mean '--format'?); see\n    `conncat columns --help` for the options\n")
        let quiet =
            "HRFeed: schema refresh FAILED (no_export_output): no export output in Temp/ExportOutput (expected HRFeed.csv); ExportTask HRFeed_Export exports it"
        for line in ErrorLine.layout(quiet, width: 80).split(separator: "\n") {
            #expect(line.count <= 80)
            #expect(!line.hasSuffix("Temp/Expor"))
        }
        #expect(ErrorLine.layout(quiet, width: 80).contains(" Temp/ExportOutput "))
    }
}
