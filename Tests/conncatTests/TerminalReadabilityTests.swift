import Foundation
import Testing

@testable import conncat

/// What a new user sees at 80 columns: usage errors on one line, errors that speak of what was
/// typed, nothing printed before an error, identifiers and times kept whole in narrowed tables.
@Suite struct TerminalReadabilityTests {
    @Test(arguments: [
        (["columns", "--bogus"], "conncat: error: unknown option '--bogus'; see 'conncat columns --help'\n"),
        (["history"], "conncat: error: missing expected argument '<connection>'; see 'conncat history --help'\n"),
        (["colums"], "conncat: error: unknown command 'colums' (did you mean 'columns'?); see 'conncat --help'\n"),
        (
            ["check", "--severity", "eror"],
            "conncat: error: invalid value 'eror' for --severity (did you mean 'error'?); accepted: info, warning, error; see 'conncat check --help'\n"
        ),
        (
            ["tables", "--format", "yaml"],
            "conncat: error: invalid value 'yaml' for --format; accepted: table, json, csv; see 'conncat tables --help'\n"
        ),
        (
            ["--format=jsn", "tables"],
            "conncat: error: invalid value 'jsn' for --format (did you mean 'json'?); accepted: table, json, csv; see 'conncat tables --help'\n"
        ),
        (
            ["check", "--fail-on", "warn"],
            "conncat: error: invalid value 'warn' for --fail-on (did you mean 'warning'?); accepted: error, warning, never; see 'conncat check --help'\n"
        ),
        (
            ["columns", "--entity", "HR_Person"],
            "conncat: error: unknown option '--entity' (did you mean '--entity-type'?); see 'conncat columns --help'\n"
        ),
        (["tables", "--colour", "never"], "conncat: error: unknown option '--colour' (did you mean '--color'?); see 'conncat tables --help'\n"),
        (["--database", "x.sqlite", "chekc"], "conncat: error: unknown command 'chekc' (did you mean 'check'?); see 'conncat --help'\n"),
        (
            ["tables", "--as-of", "last tuesday"],
            "conncat: error: the value 'last tuesday' is invalid for '--as-of <time>'; give a time as 2026-11-29, 2026-11-29T21:12:18Z or 2026-11-29T23:12:18+02:00; see 'conncat tables --help'\n"
        ),
    ])
    func usageErrorsAreOneLine(arguments: [String], expected: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == expected)
    }

    /// A table's last line names each constant column with its value; a value that is not one
    /// word is quoted, so that `separator ','` never reads as the note's own comma.
    @Test func constantColumnsAreNamedWithTheirValue() {
        #expect(TableNote.value("false") == "false")
        #expect(TableNote.value("export_output") == "export_output")
        #expect(TableNote.value("UTF-8") == "UTF-8")
        #expect(TableNote.value("2026-11-29T21:12:18Z") == "2026-11-29T21:12:18Z")
        #expect(TableNote.value(",") == "','")
        #expect(TableNote.value(";") == "';'")
        #expect(TableNote.value("a b") == "'a b'")
    }

    @Test func usageErrorsNeverCarryControlCharacters() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["tables", "--format", "x\u{1B}]0;t\u{07}\ny"])
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("conncat: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("x\\u{1B}]0;t\\u{07}\\ny"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("; see 'conncat tables --help'\n"), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aMistypedEntityTypeIsSpokenOfAsAnEntityType() throws {
        let sandbox = try TerminalOutputTests.demo()
        let result = try sandbox.run(["columns", "--entity-type", "HR_Persn"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "conncat: error: no entity type 'HR_Persn' is mapped in the catalog (did you mean 'HR_Person'?); `conncat columns` shows the mapped ones in mapped_by\n"
        )
        #expect(!result.stderr.contains("ConnectionTable"))
    }

    @Test func comparingWithAMissingFileSaysSo() throws {
        let sandbox = try TerminalOutputTests.demo()
        let result = try sandbox.run(["compare", "nothere.sqlite"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "nothere.sqlite: error: no catalog to compare with (the file does not exist); give the other catalog's path: conncat compare OTHER.sqlite\n"
        )
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("nothere.sqlite").path))
    }

    @Test func refreshSchemaChecksNamesBeforePrintingAnything() throws {
        let sandbox = try TerminalOutputTests.demo()
        let before = try sandbox.run(["history", "HRFeed", "--format", "csv"]).stdout
        let connection = try sandbox.run(["refresh-schema", "--connection", "Nope"])
        #expect(connection.status == 1)
        #expect(connection.stdout == "")
        #expect(connection.stderr == "conncat: error: no connection 'Nope' in the catalog; `conncat connections` lists them\n")
        let connector = try sandbox.run(["refresh-schema", "--connector", "Nope"])
        #expect(connector.status == 1)
        #expect(connector.stdout == "")
        #expect(connector.stderr.split(separator: "\n").count == 1)
        #expect(connector.stderr.contains("'Nope'"), "\(connector.stderr)")
        #expect(try sandbox.run(["history", "HRFeed", "--format", "csv"]).stdout == before, "nothing recorded")
        let known = try sandbox.run(["refresh-schema", "--connection", "hrfeed", "--at", "2026-11-30T08:00:00Z"])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.hasPrefix("Refreshing from "))
    }

    @Test func historyHidesWhatMattersLeastFirst() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        // Fixed file times: `history --files` shows them.
        let exports = demo.appendingPathComponent("Temp/ExportOutput")
        for name in try FileManager.default.contentsOfDirectory(atPath: exports.path) {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_796_000_000)], ofItemAtPath: exports.appendingPathComponent(name).path)
        }
        #expect(try sandbox.run(["import", demo.path, "--at", "2026-11-29T08:00:00Z"]).status == 0)
        for columns in [80, 120] {
            let history = try sandbox.runInTerminal(["history", "HRFeed"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(history.status == 0)
            #expect(TerminalOutputTests.longestLine(history.stdout) <= columns)
            try assertGolden(history.stdout, "history-terminal-\(columns).txt")
            let files = try sandbox.runInTerminal(["history", "HRFeed", "--files"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(TerminalOutputTests.longestLine(files.stdout) <= columns)
            #expect(files.stdout.contains("2026-11-29T08:00:00Z"), "the time stays: \(files.stdout)")
            try assertGolden(files.stdout, "history-files-terminal-\(columns).txt")
        }
        let history = try sandbox.runInTerminal(["history", "HRFeed"], columns: 80, environment: ["NO_COLOR": "1"])
        // The empty columns go first (error, and changed, empty for a first schema); the time and
        // the status stay.
        #expect(history.stdout.contains("empty: error, changed"), "\(history.stdout)")
        #expect(history.stdout.contains("2026-11-29T08:00:00Z  success"), "\(history.stdout)")
    }

    @Test func importsKeepTimesWholeAndCutFoldersFromTheFront() throws {
        let sandbox = try Sandbox()
        let deep = "configurations/of-the-example-test-organisation/identity-manager/production/work"
        let work = sandbox.folder.appendingPathComponent(deep)
        try FileManager.default.createDirectory(at: work.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo), to: work)
        #expect(try sandbox.run(["import", deep, "--at", "2026-11-01T08:00:00Z"]).status == 0)
        #expect(try sandbox.run(["import", deep, "--at", "2026-11-02T08:00:00Z"]).status == 0)
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["imports"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0)
            #expect(TerminalOutputTests.longestLine(seen.stdout) <= columns)
            #expect(seen.stdout.contains("2026-11-02T08:00:00Z"))
            try assertGolden(seen.stdout, "imports-terminal-\(columns).txt")
        }
        let narrow = try sandbox.runInTerminal(["imports"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(narrow.stdout.contains("  …/production/work  "), "the end of the folder stays: \(narrow.stdout)")
        // A pipe and JSON keep the folder whole.
        #expect(try sandbox.run(["imports"]).stdout.contains(deep))
        #expect(try sandbox.run(["imports", "--format", "json"]).stdout.contains(work.standardizedFileURL.path))
    }

    @Test func theRuleListFitsTheTerminal() throws {
        let sandbox = try Sandbox()
        let piped = try sandbox.run(["check", "--list-rules"])
        #expect(piped.stdout.hasPrefix("rule  "), "a pipe gets the table")
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["check", "--list-rules"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0)
            #expect(TerminalOutputTests.longestLine(seen.stdout) <= columns, "\(seen.stdout)")
            #expect(!seen.stdout.contains("…"), "nothing is cut")
            try assertGolden(seen.stdout, "check-rules-terminal-\(columns).txt")
        }
        let narrow = try sandbox.runInTerminal(["check", "--list-rules"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(narrow.stdout.contains("\n  column-missing  error\n    "), "\(narrow.stdout)")
    }

    @Test func listItemsContinueUnderTheirText() {
        let text = "  breaks    Conf/Snow.xml:11 error column-missing: a message that is longer than the line\n  plain line\n"
        #expect(
            TextWrap.fit(text, width: 40, hangAfterLabel: true) == """
                  breaks    Conf/Snow.xml:11 error
                            column-missing: a message
                            that is longer than the line
                  plain line

                """)
        #expect(TextWrap.fit(text, width: nil, hangAfterLabel: true) == text, "a pipe gets the lines as they are")
        // A path is never broken across lines.
        let path = "    breaks X (\(TextWrap.glued("demo/Conf/Service Now/Service Now Connector.xml:41"))): removed\n"
        #expect(
            TextWrap.fit(path, width: 60) == """
                    breaks X
                      (demo/Conf/Service Now/Service Now Connector.xml:41):
                      removed

                """)
        #expect(TextWrap.fit(path, width: nil) == "    breaks X (demo/Conf/Service Now/Service Now Connector.xml:41): removed\n")
    }

    @Test func anEmptyColumnIsHiddenBeforeAnyOther() {
        let spec = TableSpec(fields: ["id", "name", "error", "note"], whole: ["id"], hideOrder: ["note"])
        let rows = [["1", "first", "", "a note that is rather long"], ["2", "second", "", "another note"]]
        let sink = TextSink()
        Renderer.table(spec, rows: rows, presentation: Presentation(width: 30, color: false), to: sink)
        #expect(
            sink.text == """
                id  name    note
                --  ------  ------------------
                1   first   a note that is ra…
                2   second  another note
                (--wide shows all; empty:
                error; … marks cut values)

                """)
    }
}
