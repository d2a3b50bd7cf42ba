import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// `conncat compare`: a development and a production catalog made from variants of the demo.
@Suite struct CompareCommandTests {
    struct Row: Decodable, Equatable {
        let kind: String
        let connection: String?
        let subject: String
        let attribute: String?
        let change: String
        let here: String?
        let there: String?
    }

    func edit(_ folder: URL, _ path: String, _ old: String, _ new: String) throws {
        let url = folder.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(path) has \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func developmentAgainstProduction() throws {
        let sandbox = try Sandbox()
        let dev = sandbox.folder.appendingPathComponent("dev")
        let prod = sandbox.folder.appendingPathComponent("prod")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo), to: dev)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo), to: prod)
        // Production: the export renamed a column and the mapping follows it; another filter; a
        // rotated password; a new connection; another display name.
        try edit(prod, "Temp/ExportOutput/SnowCmdb_sys_user.csv", "title,employee_number,", "title,employee_no,")
        try edit(prod, "Conf/ServiceNow/ServiceNow Connector.xml", "ConnectionColumn=\"employee_number\"", "ConnectionColumn=\"employee_no\"")
        try edit(
            prod, "Conf/ServiceNow/ServiceNow Connector.xml", "DisplayName_L1=\"ServiceNow - provisioning tickets\"",
            "DisplayName_L1=\"ServiceNow - tickets\"")
        try edit(
            prod, "Conf/ServiceNow/ServiceNow Connector.xml", "  <EntityType Identifier=\"ServiceNow_User\"",
            "  <Connection Identifier=\"SnowIncident\" DisplayName_L1=\"ServiceNow - incidents\" Connector=\"ServiceNow\" Package=\"Usercube.SnowTicket@0000001\" />\n  <EntityType Identifier=\"ServiceNow_User\""
        )
        try edit(prod, "Runtime/appsettings.agent.json", "\"Filter\": \"sys_user#active=true\"", "\"Filter\": \"sys_user#active=true^company=example\"")
        try edit(prod, "Runtime/appsettings.agent.json", "FAKE-SECRET-snow-password-0005", "FAKE-SECRET-snow-password-0105")
        #expect(try sandbox.run(["import", "dev", "--database", "dev.sqlite"]).status == 0)
        #expect(try sandbox.run(["import", "prod", "--database", "prod.sqlite"]).status == 0)

        let result = try sandbox.run(["compare", "prod.sqlite", "--database", "dev.sqlite", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        #expect(
            rows == [
                Row(
                    kind: "column", connection: "SnowCmdb", subject: "SnowCmdb_sys_user.employee_no", attribute: nil, change: "only_there",
                    here: nil, there: "position 7"),
                Row(
                    kind: "column", connection: "SnowCmdb", subject: "SnowCmdb_sys_user.employee_number", attribute: nil, change: "only_here",
                    here: "position 7", there: nil),
                Row(
                    kind: "mapping", connection: "SnowCmdb", subject: "ServiceNow_User:EmployeeNumber", attribute: "ConnectionColumn",
                    change: "differs", here: "employee_number", there: "employee_no"),
                Row(
                    kind: "setting", connection: "SnowCmdb", subject: "Filter", attribute: "value", change: "differs",
                    here: "sys_user#active=true", there: "sys_user#active=true^company=example"),
                Row(
                    kind: "setting", connection: "SnowCmdb", subject: "Password", attribute: "fingerprint", change: "differs",
                    here: "set", there: "set (another value)"),
                Row(
                    kind: "connection", connection: "SnowIncident", subject: "SnowIncident", attribute: nil, change: "only_there",
                    here: nil, there: "Usercube.SnowTicket@0000001"),
                Row(
                    kind: "connection", connection: "SnowTicket", subject: "SnowTicket", attribute: "DisplayName_L1", change: "differs",
                    here: "ServiceNow - provisioning tickets", there: "ServiceNow - tickets"),
            ])
        // No secret in any output; a catalog compared with itself has no difference.
        #expect(!result.stdout.contains("FAKE-SECRET"))
        let same = try sandbox.run(["compare", "dev.sqlite", "--database", "dev.sqlite"])
        #expect(same.status == 0 && same.stdout == "No differences.\n")

        // A gate for CI: with --fail-on-difference, differences exit 1 and are counted on standard
        // error; the output is the same.
        let gated = try sandbox.run(["compare", "prod.sqlite", "--database", "dev.sqlite", "--format", "json", "--fail-on-difference"])
        #expect(gated.status == 1)
        #expect(gated.stdout == result.stdout)
        #expect(
            gated.stderr
                == "conncat: error: dev.sqlite (here) and prod.sqlite (there) differ: 7 differences (2 connections, 2 columns, 1 mapping, 2 settings)\n")
        let sameGated = try sandbox.run(["compare", "dev.sqlite", "--database", "dev.sqlite", "--fail-on-difference"])
        #expect(sameGated.status == 0 && sameGated.stdout == "No differences.\n" && sameGated.stderr.isEmpty)

        // With another fingerprint key, a rotated secret cannot be seen: only set/absent compare.
        let other = try sandbox.run(
            ["import", "prod", "--database", "other-key.sqlite"],
            environment: ["CONNCAT_KEY_FILE": sandbox.folder.appendingPathComponent("keys/other.key").path])
        #expect(other.status == 0)
        let unkeyed = try JSONDecoder().decode(
            [Row].self,
            from: Data(
                try sandbox.run(
                    ["compare", "other-key.sqlite", "--database", "dev.sqlite", "--format", "json"]).stdout.utf8))
        #expect(unkeyed.filter { $0.kind == "setting" }.map(\.subject) == ["Filter"])

        let missing = try sandbox.run(["compare", "nowhere.sqlite", "--database", "dev.sqlite"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("nowhere.sqlite: error: no catalog to compare with"))

        // On a terminal too narrow for the table, one block per difference
        // keeps every value whole; a terminal wide enough, --wide and a pipe get the table.
        for columns in [80, 120] {
            let seen = try sandbox.runInTerminal(["compare", "prod.sqlite", "--database", "dev.sqlite"], columns: columns, environment: ["NO_COLOR": "1"])
            #expect(seen.status == 0)
            #expect(TerminalOutputTests.longestLine(seen.stdout) <= columns, "\(seen.stdout)")
            #expect(seen.stdout.contains("mapping ServiceNow_User:EmployeeNumber (SnowCmdb): ConnectionColumn differs\n"), "\(seen.stdout)")
            #expect(seen.stdout.contains("  there  sys_user#active=true^company=example\n"), "\(seen.stdout)")
            #expect(!seen.stdout.contains("…"))
            try assertGolden(seen.stdout, "compare-terminal-\(columns).txt")
        }
        let table = try sandbox.run(["compare", "prod.sqlite", "--database", "dev.sqlite"])
        #expect(table.stdout.hasPrefix("kind        connection    subject "), "\(table.stdout)")
        let natural = TerminalOutputTests.longestLine(table.stdout)
        #expect(natural > 120)
        for arguments in [["--wide"], []] {
            let seen = try sandbox.runInTerminal(
                ["compare", "prod.sqlite", "--database", "dev.sqlite"] + arguments, columns: arguments.isEmpty ? natural : 80,
                environment: ["NO_COLOR": "1"])
            #expect(seen.stdout == table.stdout, "\(arguments)")
        }
    }

    struct Diff: Decodable {
        let changes: [DiffChange]
    }

    /// A column inserted before others shifts them without moving them; a real reordering moves
    /// one column. `compare` says what `diff` says, in both cases.
    @Test func aColumnInsertedBeforeOthersMovesNoneAndAReorderingMovesOne() throws {
        let sandbox = try Sandbox()
        let header = "employee_id;first_name;last_name;"
        for (folder, newHeader) in [
            ("dev", header), ("inserted", "badge;employee_id;first_name;last_name;"),
            ("reordered", "badge;employee_id;last_name;first_name;"),
        ] {
            let url = sandbox.folder.appendingPathComponent(folder)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Sandbox.demo), to: url)
            if newHeader != header { try edit(url, "Temp/ExportOutput/HRFeed.csv", header, newHeader) }
            #expect(try sandbox.run(["import", folder, "--database", "\(folder).sqlite", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        }
        func compare(_ here: String, _ there: String) throws -> [Row] {
            let result = try sandbox.run(["compare", "\(there).sqlite", "--database", "\(here).sqlite", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        }
        let badge = Row(
            kind: "column", connection: "HRFeed", subject: "HRFeed.badge", attribute: nil, change: "only_here", here: "position 1", there: nil)
        #expect(try compare("inserted", "dev") == [badge])
        #expect(
            try compare("reordered", "dev") == [
                badge,
                Row(
                    kind: "column", connection: "HRFeed", subject: "HRFeed.first_name", attribute: "position", change: "differs",
                    here: "position 4, after last_name", there: "position 2, after employee_id"),
            ])
        // Two headers whose shared columns have the same order compare equal whatever was inserted.
        #expect(try compare("reordered", "inserted").map(\.subject) == ["HRFeed.first_name"])

        // The same headers as refreshes of one catalog: dev (import), inserted, reordered.
        for (folder, at, summary) in [
            ("inserted", "2026-11-02T08:00:00Z", "+1 column"), ("reordered", "2026-11-03T08:00:00Z", "1 column moved"),
        ] {
            let refresh = try sandbox.run([
                "refresh-schema", "--database", "dev.sqlite", "--export-dir", "\(folder)/Temp/ExportOutput", "--at", at,
            ])
            #expect(refresh.status == 0, "\(refresh.stderr)")
            #expect(refresh.stdout.contains("  HRFeed: success, 1 table, 9 columns; schema changed (\(summary))\n"), "\(refresh.stdout)")
        }
        struct Attempt: Decodable { let refresh_id: Int64 }
        let attempts = try JSONDecoder().decode(
            [Attempt].self, from: Data(try sandbox.run(["history", "HRFeed", "--database", "dev.sqlite", "--format", "json"]).stdout.utf8))
        #expect(attempts.count == 3)
        func diff(_ from: Int, _ to: Int) throws -> [DiffChange] {
            let result = try sandbox.run([
                "diff", "HRFeed", "--database", "dev.sqlite", "--from", "\(attempts[from].refresh_id)", "--to",
                "\(attempts[to].refresh_id)", "--format", "json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode(Diff.self, from: Data(result.stdout.utf8)).changes
        }
        let added = DiffChange(change: "column_added", table: "HRFeed", column: "badge", position: 1, from_position: nil, renamed_to: nil)
        #expect(try diff(0, 1) == [added])
        #expect(
            try diff(0, 2) == [
                added,
                DiffChange(change: "column_moved", table: "HRFeed", column: "first_name", position: 4, from_position: 2, renamed_to: nil),
            ])
        #expect(
            try diff(1, 2) == [
                DiffChange(change: "column_moved", table: "HRFeed", column: "first_name", position: 4, from_position: 3, renamed_to: nil)
            ])
    }

    @Test func recordsWrapLongValuesUnderTheirValueAndShowAbsentOnes() {
        let rows = [
            CatalogDifference(
                kind: .connection, connection: "HR\u{1B}[2J", subject: "HR\u{1B}[2J", attribute: "DisplayName_L1", change: .differs,
                here: "Human resources feed of the example company, nightly", there: nil),
            CatalogDifference(kind: .setting, connection: "HR", subject: "ApiKey", attribute: nil, change: .onlyHere, here: "", there: nil),
        ]
        #expect(
            CompareRendering.records(rows, width: 40) == """
                connection HR\\u{1B}[2J: DisplayName_L1
                  differs
                  here   Human resources feed of the
                         example company, nightly
                  there  (absent)

                setting ApiKey (HR): only here
                  here   (empty)

                """)
    }

    @Test func aCatalogOfAnOlderConncatComparesWithoutInventingSecretChanges() throws {
        let sandbox = try Sandbox()
        try FileManager.default.copyItem(
            atPath: Sandbox.repositoryRoot.appendingPathComponent("Fixtures/catalogs/m0001_catalog.sqlite").path,
            toPath: sandbox.folder.appendingPathComponent("old.sqlite").path)
        #expect(try sandbox.run(["import", Sandbox.demo]).status == 0)
        let result = try sandbox.run(["compare", "old.sqlite", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        // The old catalog holds the same demo; it recorded nothing of secrets, so they are unknown there.
        #expect(rows.filter { $0.change != "only_here" }.isEmpty, "\(rows)")
        #expect(rows.allSatisfy { $0.kind == "setting" && $0.connection == nil && $0.here == "set" })
    }
}
