import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// The command surface: help that teaches, names suggested and completed from the catalog,
/// filters that combine, empty answers that say why, a quiet import.
@Suite struct CommandSurfaceTests {
    @Test func helpTextsShowExamplesAndExitCodes() throws {
        let sandbox = try Sandbox()
        for command in [
            "import", "refresh-schema", "connections", "tables", "columns", "settings", "history", "diff",
            "audit", "imports", "changes", "check", "compare", "report", "doctor", "backup",
        ] {
            let help = try sandbox.run([command, "--help"], environment: ["COLUMNS": "80"])
            #expect(help.status == 0)
            #expect(
                help.stdout.contains("EXAMPLES:\n  conncat \(command)") || help.stdout.contains("EXAMPLES:\n  conncat --"),
                "\(command) --help has no EXAMPLES section")
            #expect(TerminalOutputTests.longestLine(help.stdout) <= 80, "\(command) --help is wider than 80 columns")
        }
        for command in ["import", "refresh-schema", "check", "compare", "doctor", "imports", "changes"] {
            #expect(try sandbox.run([command, "--help"]).stdout.contains("EXIT CODES:"), "\(command)")
        }
        for command in ["import", "columns", "check", "history", "audit", "changes"] {
            let help = try sandbox.run([command, "--help"], environment: ["COLUMNS": "80"]).stdout
            // Usage and options first, then the discussion: examples and exit codes.
            let usage = try #require(help.range(of: "\nUSAGE: "), "\(command)")
            let options = try #require(help.range(of: "\nOPTIONS:\n"), "\(command)")
            let examples = try #require(help.range(of: "\nEXAMPLES:\n"), "\(command)")
            #expect(usage.lowerBound < options.lowerBound && options.lowerBound < examples.lowerBound, "\(command)")
            if let codes = help.range(of: "\nEXIT CODES:\n") { #expect(examples.lowerBound < codes.lowerBound, "\(command)") }
        }
        // A line too long for the width continues indented under its own, never at column 0.
        for columns in [80, 120] {
            let root = try sandbox.run(["--help"], environment: ["COLUMNS": "\(columns)"]).stdout
            #expect(TerminalOutputTests.longestLine(root) <= columns)
            #expect(!root.contains("\n~/"), "\(root)")
            try assertGolden(root, columns == 80 ? "help-conncat.txt" : "help-conncat-120.txt")
            let check = try sandbox.run(["check", "--help"], environment: ["COLUMNS": "\(columns)"]).stdout
            #expect(TerminalOutputTests.longestLine(check) <= columns)
            try assertGolden(check, columns == 80 ? "help-check.txt" : "help-check-120.txt")
        }
        let narrow = try sandbox.run(["--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(narrow.contains("  conncat --generate-completion-script bash >\n      ~/.local/share/bash-completion/completions/conncat\n"))
        let codes = try sandbox.run(["check", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(codes.contains("\n  1  at least one such finding; or the catalog, a baseline or an option is\n     unusable"), "\(codes)")
        #expect(narrow.hasSuffix("\n\n  See 'conncat help <subcommand>' for detailed help.\n"))
        try assertGolden(try sandbox.run(["columns", "--help"], environment: ["COLUMNS": "80"]).stdout, "help-columns.txt")
        try assertGolden(try sandbox.run(["imports", "--help"], environment: ["COLUMNS": "80"]).stdout, "help-imports.txt")
        try assertGolden(try sandbox.run(["changes", "--help"], environment: ["COLUMNS": "80"]).stdout, "help-changes.txt")
        let importHelp = try sandbox.run(["import", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(
            importHelp.contains(
                "\n  2  imported, but at least one connection's schema refresh failed\n     (also an unchanged import whose earlier failed refresh stands)\n"),
            "\(importHelp)")
        try assertGolden(importHelp, "help-import.txt")
    }

    /// A name the catalog does not know is the same error in every command: exit 1, nothing on
    /// standard output, one line with the nearest known name. A name that conncat itself defines
    /// (a check rule) is a usage error, as an option value is.
    @Test func unknownNamesAreTheSameErrorInEveryCommand() throws {
        let sandbox = try TerminalOutputTests.demo()
        let connection = "conncat: error: no connection 'HRFed' in the catalog (did you mean 'HRFeed'?); `conncat connections` lists them\n"
        let table =
            "conncat: error: no connection table 'SnowCmdb_sys_usr' in the catalog (did you mean 'SnowCmdb_sys_user'?); `conncat tables` lists them\n"
        let entity =
            "conncat: error: no entity type 'HR_Persn' is mapped in the catalog (did you mean 'HR_Person'?); `conncat columns` shows the mapped ones in mapped_by\n"
        let connector =
            "conncat: error: no connection of connector 'Snow' in the catalog (did you mean 'ServiceNow'?); `conncat connections` lists connections and their connectors\n"
        let cases: [(arguments: [String], status: Int32, stderr: String)] = [
            (["tables", "--connection", "HRFed"], 1, connection),
            (["tables", "--connection", "HRFed", "--as-of", "2026-12-01"], 1, connection),
            (["columns", "--connection", "HRFed"], 1, connection),
            (["columns", "--connection", "HRFed", "--format", "json"], 1, connection),
            (["columns", "--column", "employee_*", "--connection", "HRFed", "--as-of", "2026-12-01"], 1, connection),
            (["columns", "--table", "SnowCmdb_sys_usr"], 1, table),
            (["columns", "--entity-type", "HR_Persn", "--format", "csv"], 1, entity),
            (["settings", "--connection", "HRFed"], 1, connection),
            (["history", "HRFed"], 1, connection),
            (["history", "HRFed", "--files"], 1, connection),
            (["diff", "HRFed"], 1, connection),
            (["check", "--connection", "HRFed"], 1, connection),
            (["check", "--connection", "HRFed", "--format", "sarif"], 1, connection),
            (["refresh-schema", "--connection", "HRFed", "--export-dir", "nowhere"], 1, connection),
            (["refresh-schema", "--connector", "Snow", "--export-dir", "nowhere"], 1, connector),
            (["report", "--output", "report.html", "--connection", "HRFed"], 1, connection),
            (["tables", "--connection", "Nothing"], 1, "conncat: error: no connection 'Nothing' in the catalog; `conncat connections` lists them\n"),
            (["diff", "HRFeed", "--from", "999"], 1, "conncat: error: refresh 999 is not an attempt of HRFeed; run `conncat history HRFeed` to list them\n"),
            (["changes", "--from", "99"], 1, "conncat: error: there is no import 99; list the imports to pick one (`conncat imports` lists them)\n"),
            (
                ["check", "--rule", "column-mising"], 64,
                "conncat: error: unknown rule 'column-mising' (did you mean 'column-missing'?); see 'conncat check --help'\n"
            ),
        ]
        for (arguments, status, stderr) in cases {
            let result = try sandbox.run(arguments)
            #expect(result.status == status, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == stderr, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("report.html").path))
        let history = try sandbox.run(["history", "ADexport"])
        #expect(history.status == 0, "case-insensitive names are known, not suggested")
    }

    @Test func connectionAndTableFiltersCombine() throws {
        let sandbox = try TerminalOutputTests.demo()
        let result = try sandbox.run(["columns", "--connection", "SnowCmdb", "--table", "SnowCmdb_sys_user_group", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let tables = Set(result.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[1] })
        #expect(tables == ["SnowCmdb_sys_user_group"])
        #expect(result.stdout.split(separator: "\r\n").count == 6)
        let other = try sandbox.run(["columns", "--connection", "HRFeed", "--table", "SnowCmdb_sys_user_group"])
        #expect(other.status == 0)
        #expect(other.stdout == "No columns: table SnowCmdb_sys_user_group is in no schema in force of connection HRFeed.\n")
        #expect(try sandbox.run(["columns", "--table", "x", "--entity-type", "y"]).status == 64)
    }

    @Test func emptyAnswersSayWhy() throws {
        let sandbox = try TerminalOutputTests.demo()
        let noSchema = try sandbox.run(["columns", "--connection", "SnowTicket"])
        #expect(noSchema.status == 0)
        #expect(noSchema.stdout == "No columns for SnowTicket: its package (Usercube.SnowTicket@0000001) has no export, so it has no schema to map from.\n")
        #expect(try sandbox.run(["columns", "--connection", "SnowTicket", "--format", "json"]).stdout == "[]\n")
        let early = try sandbox.run(["columns", "--as-of", "2026-01-01"])
        #expect(early.stdout == "No columns as of 2026-01-01T23:59:59Z: the catalog knew nothing then; its one import is at 2026-11-29T08:00:00Z.\n")
        let tablesEarly = try sandbox.run(["tables", "--as-of", "2026-01-01"])
        #expect(tablesEarly.stdout == "No tables as of 2026-01-01T23:59:59Z: the catalog knew nothing then; its one import is at 2026-11-29T08:00:00Z.\n")
        let audit = try sandbox.run(["audit"])
        #expect(audit.status == 0)
        #expect(
            audit.stdout == "No connection's latest schema refresh failed: the latest refresh of each of the 5 connections succeeded or has no schema.\n")
        #expect(try sandbox.run(["audit", "--all", "--since", "2026-11-01"]).stdout == "No schema refresh attempt failed at or after 2026-11-01T00:00:00Z.\n")
        #expect(
            try sandbox.run(["audit", "--all"]).stdout == "No schema refresh attempt failed (the first attempt was at 2026-11-29T08:00:00Z).\n")
        #expect(try sandbox.run(["audit", "--format", "json"]).stdout == "[]\n")
    }

    @Test func completionsComeFromTheCatalog() throws {
        let sandbox = try TerminalOutputTests.demo()
        #expect(
            try Completions.complete(.connection, words: ["conncat", "columns", "--database", sandbox.database, "--connection"], prefix: "s")
                == ["SnowCmdb", "SnowTicket"])
        #expect(
            try Completions.complete(.table, words: ["conncat", "--database=\(sandbox.database)", "columns"], prefix: "snowcmdb_sys_user_")
                == ["SnowCmdb_sys_user_grmember", "SnowCmdb_sys_user_group"])
        #expect(
            try Completions.complete(.entityTypeMapping, words: ["conncat", "--database", sandbox.database], prefix: "HR")
                == ["HR_Person"])
        #expect(try Completions.complete(.connection, words: ["conncat", "--database", sandbox.folder.path + "/none.sqlite"], prefix: "") == [])
        let script = try sandbox.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        #expect(script.stdout.contains("---completion"))
        // What the shell runs for `conncat columns --connection S<tab>`.
        let asked = try sandbox.run(
            [
                "---completion", "columns", "--", "--connection", "5", "1", "conncat", "columns", "--database",
                sandbox.database, "--connection", "S",
            ], environment: ["SAP_SHELL": "bash"])
        #expect(asked.stdout.contains("SnowCmdb"), "\(asked.stdout) \(asked.stderr)")
    }

    @Test func aQuietImportPrintsNothing() throws {
        let sandbox = try Sandbox()
        let quiet = try sandbox.run(["import", Sandbox.demo, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "")
        #expect(quiet.stderr == "")
    }

    @Test func importOnATerminalFitsTheWidth() throws {
        let sandbox = try Sandbox()
        let seen = try sandbox.runInTerminal(["import", Sandbox.demo, "--at", "2026-11-29T08:00:00Z"], columns: 80)
        #expect(seen.status == 0)
        #expect(TerminalOutputTests.longestLine(seen.stdout) <= 80, "\(seen.stdout)")
        #expect(seen.stdout.contains("    dn*, objectGUID*, sAMAccountName*,"))
    }

    @Test func pathsAreRelativeToTheCurrentDirectoryWhenUnderIt() {
        #expect(DisplayPath.shown("/work/a/b.xml", currentDirectory: "/work") == "a/b.xml")
        #expect(DisplayPath.shown("/elsewhere/b.xml", currentDirectory: "/work") == "/elsewhere/b.xml")
        #expect(DisplayPath.shown("/workshop/b.xml", currentDirectory: "/work") == "/workshop/b.xml")
        #expect(DisplayPath.shown("Conf/HR.xml", base: "/work/demo", currentDirectory: "/work") == "demo/Conf/HR.xml")
        #expect(DisplayPath.shown("Conf/HR.xml", base: "/srv/demo", currentDirectory: "/work") == "/srv/demo/Conf/HR.xml")
        #expect(DisplayPath.shown("Conf/../Conf/HR.xml", base: "/work/demo", currentDirectory: "/work/") == "demo/Conf/HR.xml")
        #expect(DisplayPath.location("Conf/HR.xml", line: 35, base: "/work/demo").hasSuffix("Conf/HR.xml:35"))
    }

    @Test func textWrapKeepsIndentationAndWidth() {
        let text = "  ADExport / ADExport_entries (15 columns, 15 mapped)\n    dn*, objectGUID*, sAMAccountName*, displayName*, givenName*, sn*, mail*\n"
        let fitted = TextWrap.fit(text, width: 40)
        #expect(
            fitted == """
                  ADExport / ADExport_entries (15
                    columns, 15 mapped)
                    dn*, objectGUID*, sAMAccountName*,
                      displayName*, givenName*, sn*,
                      mail*

                """)
        #expect(TextWrap.fit(text, width: nil) == text)
    }
}
