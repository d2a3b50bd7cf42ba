import Foundation
import Testing

@testable import conncat

/// What a person sees: tables narrowed to the terminal, global options anywhere, display widths,
/// "did you mean", colour only on a terminal.
@Suite struct TerminalOutputTests {
    /// A sandbox with the demo imported at a fixed time.
    static func demo() throws -> Sandbox {
        let sandbox = try Sandbox()
        // A copy in the working directory: files are shown relative to it, the same on every machine.
        let result = try sandbox.run(["import", try sandbox.copyDemo().path, "--at", "2026-11-29T08:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    static func longestLine(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayWidth.of(String($0)) }.max() ?? 0
    }

    @Test func displayWidthsCountWideCharactersTwiceAndMarksNever() {
        #expect(DisplayWidth.of("HRFeed") == 6)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("e\u{301}te\u{301}") == 3)
        #expect(DisplayWidth.of("Zoë") == 3)
        #expect(DisplayWidth.of("🙂ok") == 4)
        #expect(DisplayWidth.of("ｈｒ") == 4)  // fullwidth forms
        #expect(DisplayWidth.of("a\u{200D}b") == 2)  // zero-width joiner
        #expect(DisplayWidth.truncate("Identity Manager", to: 8) == "Identit…")
        #expect(DisplayWidth.truncate("Identity Manager", to: 10) == "Identity…", "no space before the ellipsis")
        #expect(DisplayWidth.of(DisplayWidth.truncate("Identity Manager", to: 8)) <= 8)
        #expect(DisplayWidth.truncate("日本語テキスト", to: 6) == "日本…")
        #expect(DisplayWidth.truncate("short", to: 8) == "short")
        #expect(DisplayWidth.truncateLeading("demo/Conf/HR/HR Connector.xml", to: 12) == "…nnector.xml")
        #expect(DisplayWidth.truncateLeading("demo/Conf/HR/HR Connector.xml", to: 22) == "…/HR/HR Connector.xml", "at a folder boundary")
    }

    @Test func layoutCutsWideColumnsFirstAndKeepsIdentifiersWhole() {
        typealias Column = TableLayout.Column
        // connection (whole), description, id (whole): 10 + 40 + 6 + 2 gaps = 60 > 40.
        let three = [
            Column(natural: 10, header: 10, rule: .whole(100)), Column(natural: 40, header: 11, rule: .cut(50)),
            Column(natural: 6, header: 2, rule: .whole(90)),
        ]
        #expect(TableLayout.fit(three, width: 40) == [10, 20, 6])
        // Natural widths that fit are kept.
        #expect(TableLayout.fit(three, width: 80) == [10, 40, 6])
        // No width (a pipe, --wide): everything.
        #expect(TableLayout.fit(three, width: nil) == [10, 40, 6])
        // When cutting is not enough, the lowest priority is hidden before identifiers are cut.
        let four = [
            Column(natural: 10, header: 4, rule: .whole(100)), Column(natural: 20, header: 4, rule: .whole(90)),
            Column(natural: 20, header: 4, rule: .whole(10)), Column(natural: 20, header: 4, rule: .cut(50, minimum: 12)),
        ]
        #expect(TableLayout.fit(four, width: 46) == [10, 20, nil, 12])
        // A constant column goes before any other; the width left goes to the highest priority.
        let constant = [
            Column(natural: 10, header: 4, rule: .whole(100)), Column(natural: 30, header: 4, rule: .cut(40)),
            Column(natural: 5, header: 5, rule: .whole(95), constant: true), Column(natural: 30, header: 9, rule: .wrap(60)),
        ]
        #expect(TableLayout.fit(constant, width: 60) == [10, 16, nil, 30])
        // A header is never cut while the column's minimum can be kept.
        let header = [Column(natural: 4, header: 4, rule: .whole(100)), Column(natural: 29, header: 29, rule: .cut(10))]
        #expect(TableLayout.fit(header, width: 30) == [4, nil])
        // A wrapped column takes the width the others leave it, below its minimum, rather than
        // being hidden (audit at 80 columns: the error stays, the low-priority ids go).
        let audit = [
            Column(natural: 14, header: 10, rule: .whole(100)), Column(natural: 20, header: 9, rule: .whole(95)),
            Column(natural: 60, header: 5, rule: .wrap(80, minimum: 24)), Column(natural: 20, header: 15, rule: .whole(90)),
            Column(natural: 15, header: 15, rule: .whole(40)), Column(natural: 10, header: 10, rule: .whole(10)),
        ]
        #expect(TableLayout.fit(audit, width: 80) == [14, 20, 20, 20, nil, nil])
        // Too little left for a useful part of its values (under 12 columns): hidden.
        #expect(TableLayout.fit(audit, width: 66) == [14, 20, nil, 20, nil, nil])
    }

    @Test func wrappingMovesABackquotedCommandWhole() {
        let text = "nothing to compare yet; refresh the schema again after the export changed (`conncat refresh-schema`)."
        #expect(
            TextWrap.fit(text, width: 80)
                == "nothing to compare yet; refresh the schema again after the export changed\n  (`conncat refresh-schema`).")
        let help = "the catalog (see `conncat settings`). After the schema refresh, each connection: `conncat columns`, the end"
        #expect(
            HelpLayout.wrap(help, width: 60) == [
                "the catalog (see `conncat settings`). After the schema", "refresh, each connection: `conncat columns`, the end",
            ])
        #expect(
            HelpLayout.wrap("  list them with `conncat columns --connection ID` please", width: 40) == [
                "  list them with", "      `conncat columns --connection ID`", "      please",
            ])
    }

    @Test func namesWithInvisibleSpacesAreQuoted() {
        #expect(TerminalText.name("Label") == "Label")
        #expect(TerminalText.name("Label ") == "'Label '")
        #expect(TerminalText.name(" Parent") == "' Parent'")
        #expect(TerminalText.name("") == "''")
        #expect(TerminalText.name("job title") == "job title")
    }

    @Test func wrappedCellsBreakAtSpacesThenAtPunctuation() {
        #expect(TableLayout.wrap("HR_Person:EmployeeId, HR_Person_Manager", width: 24) == ["HR_Person:EmployeeId,", "HR_Person_Manager"])
        #expect(TableLayout.wrap("ServiceNow_User:EmployeeNumber", width: 22) == ["ServiceNow_User:", "EmployeeNumber"])
        #expect(TableLayout.wrap("empty_file: HRFeed.csv: file is empty", width: 24) == ["empty_file: HRFeed.csv:", "file is empty"])
        #expect(TableLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TableLayout.wrap("short", width: 10) == ["short"])
    }

    @Test func pathsKeepTheirEnd() {
        #expect(DisplayWidth.truncateMiddle("D:/IdentityManager/Sources/HR/hr_extract.csv", to: 25) == "D:/…/HR/hr_extract.csv")
        #expect(DisplayWidth.truncateMiddle("D:/IdentityManager/Sources/HR/hr_extract.csv", to: 30) == "D:/…/Sources/HR/hr_extract.csv")
        #expect(DisplayWidth.truncateMiddle("D:\\Work\\Cookies\\cookie-folder", to: 20) == "D:\\…\\cookie-folder")
        #expect(DisplayWidth.truncateMiddle("https://snow.example.test/api/now/table", to: 20) == "https://snow.exampl…")
        #expect(DisplayWidth.truncateMiddle("Data Source=sql01.example.test", to: 12) == "Data Source…")
    }

    @Test func tableRendersWideCharactersAlignedAndCutWithAnEllipsis() {
        let spec = TableSpec(fields: ["connection", "display_name", "id"], whole: ["connection", "id"])
        let rows = [
            ["HR", "Ressources humaines — 人事 (export nightly from the HR system)", "1"],
            ["Crm\u{1B}[31m", "CRM", "22"],
        ]
        let wide = TextSink()
        Renderer.table(spec, rows: rows, presentation: .plain, to: wide)
        #expect(
            wide.text == """
                connection     display_name                                                    id
                -------------  --------------------------------------------------------------  --
                HR             Ressources humaines — 人事 (export nightly from the HR system)  1
                Crm\\u{1B}[31m  CRM                                                             22

                """)
        let narrow = TextSink()
        Renderer.table(spec, rows: rows, presentation: Presentation(width: 40, color: false), to: narrow)
        #expect(
            narrow.text == """
                connection     display_name           id
                -------------  ---------------------  --
                HR             Ressources humaines…   1
                Crm\\u{1B}[31m  CRM                    22
                (--wide shows all; … marks cut values)

                """)
        #expect(Self.longestLine(narrow.text) <= 40)
    }

    @Test func globalOptionsMoveAfterTheSubcommand() {
        let names: Set<String> = ["columns", "import", "check"]
        #expect(
            GlobalArguments.reordered(["--database", "x.sqlite", "columns", "--table", "T"], subcommands: names)
                == ["columns", "--database", "x.sqlite", "--table", "T"])
        #expect(
            GlobalArguments.reordered(["--database=x.sqlite", "--format", "json", "--wide", "columns"], subcommands: names)
                == ["columns", "--database=x.sqlite", "--format", "json", "--wide"])
        // A value that happens to be a subcommand name stays the option's value.
        #expect(GlobalArguments.reordered(["--database", "import", "check"], subcommands: names) == ["check", "--database", "import"])
        // Anything else before the subcommand is left for the parser to report.
        #expect(GlobalArguments.reordered(["--bogus", "columns"], subcommands: names) == ["--bogus", "columns"])
        #expect(GlobalArguments.reordered(["columns", "--database", "x"], subcommands: names) == ["columns", "--database", "x"])
        #expect(GlobalArguments.reordered(["--help"], subcommands: names) == ["--help"])
    }

    @Test func suggestionsFindTheNearestName() {
        let names = ["import", "refresh-schema", "connections", "tables", "columns", "check"]
        #expect(Suggestion.closest(to: "colums", among: names) == "columns")
        #expect(Suggestion.closest(to: "conections", among: names) == "connections")
        #expect(Suggestion.closest(to: "refresh", among: names) == "refresh-schema")
        #expect(Suggestion.closest(to: "chekc", among: names) == "check")
        #expect(Suggestion.closest(to: "zzz", among: names) == nil)
    }

    @Test func databaseBeforeTheSubcommandWorksLikeAfterIt() throws {
        let sandbox = try Self.demo()
        let after = try sandbox.run(["columns", "--database", sandbox.database, "--format", "json"])
        let before = try sandbox.run(["--database", sandbox.database, "--format", "json", "columns"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == after.stdout)
        #expect(before.stdout.hasPrefix("[\n"))
        let typo = try sandbox.run(["--database", sandbox.database, "colums"])
        #expect(typo.status == 64)
        #expect(typo.stderr == "conncat: error: unknown command 'colums' (did you mean 'columns'?); see `conncat --help`\n", "\(typo.stderr)")
    }

    @Test func aPipeGetsTheWholeTableAndATerminalATableThatFits() throws {
        let sandbox = try Self.demo()
        let piped = try sandbox.run(["connections"], environment: ["COLUMNS": "80"])
        #expect(Self.longestLine(piped.stdout) > 80, "a pipe is never cut, whatever COLUMNS says")
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["connections"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0)
            #expect(Self.longestLine(seen.stdout) <= columns, "\(seen.stdout)")
            #expect(!seen.stdout.contains("\u{1B}"), "NO_COLOR: no escape sequence")
            try assertGolden(seen.stdout, "connections-terminal-\(columns).txt")
        }
        let wide = try sandbox.runInTerminal(["connections", "--wide"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(wide.stdout == piped.stdout)
        // COLUMNS, when set, wins over the terminal's own width.
        let columnsVariable = try sandbox.runInTerminal(["columns"], columns: 200, environment: ["NO_COLOR": "1", "COLUMNS": "80"])
        #expect(Self.longestLine(columnsVariable.stdout) <= 80)
        try assertGolden(columnsVariable.stdout, "columns-terminal-80.txt")
    }

    @Test func auditKeepsSinceWhenAndWrapsTheError() throws {
        let sandbox = try Self.demo()
        let export = sandbox.folder.appendingPathComponent("demo/Temp/ExportOutput/HRFeed.csv")
        try Data().write(to: export)
        let refresh = try sandbox.run(["refresh-schema", "--at", "2026-11-30T08:00:00Z"])
        #expect(refresh.status == 2, "\(refresh.stderr)")
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["audit"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0, "\(seen.stderr)")
            #expect(Self.longestLine(seen.stdout) <= columns, "\(seen.stdout)")
            #expect(!seen.stdout.contains("…"), "the error wraps, never cut: \(seen.stdout)")
            try assertGolden(seen.stdout, "audit-terminal-\(columns).txt")
            let history = try sandbox.runInTerminal(["history", "HRFeed"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(Self.longestLine(history.stdout) <= columns, "\(history.stdout)")
            #expect(!history.stdout.contains("…"), "\(history.stdout)")
            try assertGolden(history.stdout, "history-failed-terminal-\(columns).txt")
        }
        let narrow = try sandbox.runInTerminal(["audit"], columns: 80, environment: ["NO_COLOR": "1"])
        // Which refresh failed and since when stays: the failure's time and the last success;
        // the error wraps, a file name whole on its line.
        #expect(
            narrow.stdout.contains(
                "HRFeed      2026-11-30T08:00:00Z  empty_file: HRFeed.csv:   2026-11-29T08:00:00Z\n                                  file is empty\n"),
            "\(narrow.stdout)")
        #expect(narrow.stdout.contains("hidden: failed_attempts, refresh_id"), "\(narrow.stdout)")
        // The same with every failed attempt.
        let all = try sandbox.runInTerminal(["audit", "--all"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(all.stdout.contains("2026-11-30T08:00:00Z"), "\(all.stdout)")
        #expect(!all.stdout.contains("…") && !all.stdout.contains("HRFeed.\n"), "\(all.stdout)")
    }

    /// A table of one row follows the same rule as a longer one: a column that says the same in
    /// every row (a source, `true`/`false`) goes to the last line before any value is cut.
    @Test func aOneRowTableDropsItsConstantColumnsBeforeCutting() throws {
        let sandbox = try Self.demo()
        let seen = try sandbox.runInTerminal(["tables", "--connection", "HRFeed"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(seen.status == 0, "\(seen.stderr)")
        #expect(
            seen.stdout == """
                connection  table   column_count  snapshot_at           stale  mapped
                ----------  ------  ------------  --------------------  -----  ------
                HRFeed      HRFeed  8             2026-11-29T08:00:00Z  false  true
                (--wide shows all; same in every row: source export_output)

                """, "\(seen.stdout)")
    }

    /// Every query table on the demo at 80 and 120 columns: nothing wider than the terminal, what
    /// is the same in every row said once, `mapped_by` and paths never cut where they identify.
    @Test func everyQueryTableFitsTheTerminal() throws {
        let sandbox = try Self.demo()
        let commands: [(String, [String])] = [
            ("tables", ["tables"]), ("columns", ["columns"]), ("columns-entity-type", ["columns", "--entity-type", "HR_Person"]),
            ("columns-column", ["columns", "--column", "employee_n*"]), ("settings", ["settings"]),
            ("history-files-several", ["history", "SnowCmdb", "--files"]),
        ]
        for (name, arguments) in commands {
            for columns in [80, 120] {
                let seen = try sandbox.runInTerminal(arguments, columns: columns, environment: ["NO_COLOR": "1"])
                #expect(seen.status == 0, "\(seen.stdout)")
                #expect(Self.longestLine(seen.stdout) <= columns, "\(name): \(seen.stdout)")
                #expect(!seen.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character")
                try assertGolden(seen.stdout, "\(name)-terminal-\(columns).txt")
            }
        }
        let entity = try sandbox.runInTerminal(["columns", "--entity-type", "HR_Person"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(!entity.stdout.split(separator: "\n")[0].contains("technical"), "an all-false column is said once: \(entity.stdout)")
        #expect(entity.stdout.contains("same in every row: technical false, stale false"), "\(entity.stdout)")
        #expect(entity.stdout.contains("HR_Person:EmployeeId,\n"), "mapped_by wraps at its comma: \(entity.stdout)")
        #expect(!entity.stdout.contains("…"), "\(entity.stdout)")
        let settings = try sandbox.runInTerminal(["settings"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(settings.stdout.contains("  D:/…/HR/hr_extract.csv  "), "a path keeps its file name: \(settings.stdout)")
        #expect(settings.stdout.replacingOccurrences(of: "\n", with: " ").contains("empty: changed_since_previous_import"), "\(settings.stdout)")
        #expect(!settings.stdout.contains("changed_sin…"), "a header is never cut")
        let files = try sandbox.runInTerminal(["history", "SnowCmdb", "--files"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(files.stdout.contains("  SnowCmdb_sys_user_grmember.csv  "), "a file name stays whole: \(files.stdout)")
        #expect(!files.stdout.contains("modified_at  "), "\(files.stdout)")
        let all = try sandbox.runInTerminal(["columns"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(all.stdout.contains("ServiceNow_Group:\n"), "a long mapping wraps after its colon: \(all.stdout)")
        #expect(all.stdout.contains("  …_user_grmember  ") || all.stdout.contains("  …sys_user_grmember  "), "\(all.stdout)")
    }

    @Test func colourOnATerminalOnly() throws {
        let sandbox = try Self.demo()
        let terminal = try sandbox.runInTerminal(["connections"], columns: 120)
        #expect(terminal.stdout.contains("\u{1B}[32msuccess\u{1B}[0m"))
        #expect(
            Self.longestLine(
                terminal.stdout.replacingOccurrences(of: "\u{1B}[32m", with: "")
                    .replacingOccurrences(of: "\u{1B}[2m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")) <= 120)
        #expect(!(try sandbox.runInTerminal(["connections", "--color", "never"], columns: 120)).stdout.contains("\u{1B}"))
        #expect(!(try sandbox.run(["connections"])).stdout.contains("\u{1B}"))
        #expect(try sandbox.run(["--color", "always", "connections"]).stdout.contains("\u{1B}[32msuccess"))
    }
}
