import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// What a new user meets on the demo at a terminal: empty answers that name the real reason,
/// error lines with one prefix and one "did you mean" form, advice that fits the case.
@Suite struct FirstUseTests {
    @Test func entityTypeWithConnectionIsAUsageError() throws {
        let sandbox = try TerminalOutputTests.demo()
        for connection in ["HRFeed", "SnowCmdb"] {
            let result = try sandbox.run(["columns", "--connection", connection, "--entity-type", "HR_Person"])
            #expect(result.status == 64)
            #expect(result.stdout == "")
            #expect(
                result.stderr
                    == "conncat: error: --entity-type chooses the table and so its connection; give it alone, without --connection; see `conncat columns --help`\n"
            )
        }
        let alone = try sandbox.run(["columns", "--entity-type", "HR_Person", "--format", "csv"])
        #expect(alone.status == 0)
        #expect(alone.stdout.split(separator: "\r\n").count == 9)
    }

    @Test func diffOfAConnectionWithoutExportSaysSo() throws {
        let sandbox = try TerminalOutputTests.demo()
        let result = try sandbox.run(["diff", "SnowTicket"])
        #expect(result.status == 1)
        #expect(result.stderr == "conncat: error: SnowTicket has no schema to diff: its package (Usercube.SnowTicket@0000001) has no export\n")
        let once = try sandbox.run(["diff", "HRFeed"])
        #expect(once.status == 0)
        #expect(once.stdout.hasPrefix("HRFeed: nothing to compare yet: it has 1 successful schema refresh"), "\(once.stdout)")
    }

    @Test func errorLinesShareOnePrefixAndWrapOnlyOnATerminal() throws {
        let sandbox = try TerminalOutputTests.demo()
        let piped = try sandbox.run(["columns", "--connection", "HRFed"], environment: ["COLUMNS": "40"])
        #expect(piped.stderr == "conncat: error: no connection 'HRFed' in the catalog (did you mean 'HRFeed'?); `conncat connections` lists them\n")
        let shown = try sandbox.runInTerminal(["columns", "--connection", "HRFed"], columns: 40, environment: ["NO_COLOR": "1"])
        #expect(
            shown.stdout == """
                conncat: error: no connection 'HRFed' in
                    the catalog (did you mean
                    'HRFeed'?); `conncat connections`
                    lists them

                """)
        let wide = try sandbox.run(["--wide", "check", "--rule", "nope"])
        #expect(wide.status == 64)
        #expect(!wide.stderr.contains("--wide"), "--wide is accepted by check: \(wide.stderr)")
        let far = try sandbox.run(["check", "--wid"])
        #expect(far.stderr == "conncat: error: unknown option '--wid' (did you mean '--wide'?); see `conncat check --help`\n")
        let unrelated = try sandbox.run(["tables", "--rule", "x"])
        #expect(unrelated.stderr == "conncat: error: unknown option '--rule'; see `conncat tables --help`\n")
    }

    @Test func checkSaysHowManyFindingsItsFiltersHid() throws {
        let sandbox = try TerminalOutputTests.demo()
        let all = try sandbox.run(["check", "--format", "json", "--fail-on", "never"])
        let total = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as! [Any]
        let errors = try sandbox.run(["check", "--severity", "error"])
        let lines = errors.stdout.split(separator: "\n")
        #expect(lines[0] == "1 error, 0 warnings, 0 infos")
        #expect(lines[1] == "\(total.count - 1) other findings hidden by --rule, --severity or --connection")
        let none = try sandbox.run(["check", "--fail-on", "never"])
        #expect(!none.stdout.contains("hidden by"))
    }

    @Test func doctorFitsAndNamesTheLatestMigration() throws {
        let sandbox = try TerminalOutputTests.demo()
        let piped = try sandbox.run(["doctor"])
        #expect(piped.stdout.contains(Regex(/schema:      up to date \(\d+ migrations, the latest m\d{4}_\w+\)\n/)))
        let shown = try sandbox.runInTerminal(["doctor"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(TerminalOutputTests.longestLine(shown.stdout) <= 80, "\(shown.stdout)")
        #expect(shown.stdout.contains("contents:    1 import, 5 connections,"))
    }

    @Test func aBackupIntoAMissingFolderSaysSoWithoutTemporaryNames() throws {
        let sandbox = try TerminalOutputTests.demo()
        let missing = sandbox.folder.appendingPathComponent("nodir/x.sqlite").path
        let result = try sandbox.run(["backup", missing])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the folder \(sandbox.folder.appendingPathComponent("nodir").path) does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains(".partial-"))
    }

    @Test func badTimesShowTheAcceptedForms() throws {
        let sandbox = try TerminalOutputTests.demo()
        for arguments in [["refresh-schema", "--at", "2026-13-01"], ["tables", "--as-of", "yesterday"], ["audit", "--since", "later"]] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 64)
            #expect(result.stderr.contains("give a time as 2026-11-29, 2026-11-29T21:12:18Z or 2026-11-29T23:12:18+02:00"), "\(result.stderr)")
        }
    }

    @Test func namesAndHelpTopicsGetSuggestions() throws {
        let sandbox = try TerminalOutputTests.demo()
        let connector = try sandbox.run(["refresh-schema", "--connector", "Snow"])
        #expect(connector.status == 1)
        #expect(connector.stderr.hasPrefix("conncat: error: no connection of connector 'Snow' in the catalog (did you mean 'ServiceNow'?)"))
        let help = try sandbox.run(["help", "colums"])
        #expect(help.status == 64)
        #expect(help.stderr == "conncat: error: unknown command 'colums' (did you mean 'columns'?); see `conncat --help`\n")
        #expect(try sandbox.run(["help", "columns"]).status == 0)
        #expect(Suggestion.closest(to: "Snow", among: ["AD", "HR", "ServiceNow"]) == "ServiceNow")
        #expect(Suggestion.closest(to: "Snow", among: ["SnowCmdb", "SnowTicket"]) == nil)
    }

    @Test func checkFormatErrorSaysMarkdownIsForTheRuleList() throws {
        let sandbox = try TerminalOutputTests.demo()
        let result = try sandbox.run(["check", "--format", "csv"])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "conncat: error: invalid value 'csv' for --format; accepted: table, json, sarif, markdown (with --list-rules only); see `conncat check --help`\n"
        )
        let close = try sandbox.run(["check", "--format", "sarf"])
        #expect(close.stderr.contains("invalid value 'sarf' for --format (did you mean 'sarif'?); accepted: "), "\(close.stderr)")
        #expect(try sandbox.run(["check", "--list-rules", "--format", "markdown"]).status == 0)
    }

    @Test func aBaselineKnowsAnExportFileReadFromAnotherFolder() throws {
        let sandbox = try TerminalOutputTests.demo()
        let baseline = sandbox.folder.appendingPathComponent("baseline.json").path
        #expect(try sandbox.run(["check", "--write-baseline", baseline]).status == 0)
        let moved = sandbox.folder.appendingPathComponent("exp3")
        try FileManager.default.copyItem(at: sandbox.folder.appendingPathComponent("demo/Temp/ExportOutput"), to: moved)
        let refresh = try sandbox.run(["refresh-schema", "--export-dir", moved.path, "--at", "2026-11-29T09:00:00Z"])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        let check = try sandbox.run(["check", "--baseline", baseline, "--fail-on", "warning"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.hasPrefix("No findings (0 errors, 0 warnings, 0 infos).\n"), "\(check.stdout)")
        let unattributed = Finding(
            rule: "export-file-unattributed", severity: .warning, location: .init(file: "/a/ExportOutput/Legacy.csv", line: nil),
            subject: "Legacy.csv", message: "m")
        var elsewhere = unattributed
        elsewhere.location.file = "/b/exp3/Legacy.csv"
        #expect(Baseline.fingerprint(unattributed) == Baseline.fingerprint(elsewhere))
    }
}
