import Foundation
import Testing

/// What a schema change breaks, said at refresh time; suggestions in `check`; `columns --column`
/// and `stale`; `refresh-schema` without `--export-dir`.
@Suite struct ImpactCommandTests {
    let sandbox: Sandbox
    let work: URL

    init() throws {
        sandbox = try Sandbox()
        work = try sandbox.copyDemo()
    }

    var exports: URL { work.appendingPathComponent("Temp/ExportOutput") }

    /// Replaces `old` by `new` in the file at `path` under the working directory.
    func edit(_ path: String, _ old: String, _ new: String) throws {
        let url = work.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(path) has \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func renameEmployeeNumber() throws {
        try edit("Temp/ExportOutput/SnowCmdb_sys_user.csv", "title,employee_number,last_login_time", "title,employee_no,last_login_time")
    }

    struct Broken: Decodable, Equatable {
        let mapping: String
        let property: String?
        let column: String?
        let table: String
        let file: String
        let line: Int?
        let suggestion: String?
        let kind: String
        let attribute: String
        let suggestion_reason: String?
        let removed_at: String?
    }
    struct Impact: Decodable, Equatable {
        let connection: String
        let status: String
        let changed: Bool?
        let changes: [DiffChange]
        let broken_mappings: [Broken]
        let at: String
        let error: String?
        let table_count: Int?
        let column_count: Int?
    }

    static let brokenEmployeeNumber = Broken(
        mapping: "ServiceNow_User", property: "EmployeeNumber", column: "employee_number", table: "SnowCmdb_sys_user",
        file: "Conf/ServiceNow/ServiceNow Connector.xml", line: 41, suggestion: "employee_no", kind: "EntityTypeMapping",
        attribute: "ConnectionColumn", suggestion_reason: "renamed", removed_at: "2026-11-02T08:00:00Z")

    static func unchanged(_ connection: String, tables: Int, columns: Int) -> Impact {
        Impact(
            connection: connection, status: "success", changed: false, changes: [], broken_mappings: [],
            at: "2026-11-02T08:00:00Z", error: nil, table_count: tables, column_count: columns)
    }

    static let expectedImpact: [Impact] = [
        unchanged("ADExport", tables: 2, columns: 19),
        unchanged("FinanceDb", tables: 1, columns: 8),
        unchanged("HRFeed", tables: 1, columns: 8),
        Impact(
            connection: "SnowCmdb", status: "success", changed: true,
            changes: [
                DiffChange(
                    change: "column_removed", table: "SnowCmdb_sys_user", column: "employee_number", position: 7, from_position: nil, renamed_to: "employee_no"),
                DiffChange(change: "column_added", table: "SnowCmdb_sys_user", column: "employee_no", position: 7, from_position: nil, renamed_to: nil),
            ], broken_mappings: [brokenEmployeeNumber], at: "2026-11-02T08:00:00Z", error: nil, table_count: 3, column_count: 16),
        Impact(
            connection: "SnowTicket", status: "no_schema", changed: nil, changes: [], broken_mappings: [],
            at: "2026-11-02T08:00:00Z", error: nil, table_count: nil, column_count: nil),
    ]

    @Test func aRenamedExportColumnIsReportedAsBreakingWithItsNewNameInText() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try renameEmployeeNumber()
        let result = try sandbox.run(["refresh-schema", "--at", "2026-11-02T08:00:00Z"])
        #expect(result.status == 0, "without --fail-on-breaking a breaking refresh still succeeds: \(result.stderr)")
        #expect(
            result.stdout == """
                Refreshing from demo/Temp/ExportOutput, the export folder of the latest import (#1, 2026-11-01T08:00:00Z)
                Schema refresh at 2026-11-02T08:00:00Z: 4 succeeded, 0 failed, 1 without schema
                  ADExport: success, 2 tables, 19 columns
                  FinanceDb: success, 1 table, 8 columns
                  HRFeed: success, 1 table, 8 columns
                  SnowCmdb: success, 3 tables, 16 columns; schema changed (+1 column, -1 column)
                    breaks ServiceNow_User:EmployeeNumber (demo/Conf/ServiceNow/ServiceNow Connector.xml:41): employee_number removed, maybe renamed to employee_no
                  SnowTicket: no schema (its package has no export)
                  export files that belong to no connection: LegacyPayroll.csv

                """)
        // A second refresh of the same files changes nothing and breaks nothing new; the mapping
        // is still broken, which the gate says (exit 3).
        let again = try sandbox.run(["refresh-schema", "--export-dir", exports.path, "--at", "2026-11-03T08:00:00Z", "--fail-on-breaking"])
        #expect(again.status == 3)
        // The output names the mapping behind exit code 3, though this refresh changed nothing.
        #expect(
            again.stdout.contains(
                "  SnowCmdb: success, 3 tables, 16 columns\n"
                    + "    breaks ServiceNow_User:EmployeeNumber (demo/Conf/ServiceNow/ServiceNow Connector.xml:41): employee_number removed, maybe renamed to employee_no\n"
            ))
        #expect(again.stdout.components(separatedBy: "breaks").count == 2)

        // check says the same, with the rename as suggestion and no export advice.
        let check = try sandbox.run(["check", "--format", "json", "--fail-on", "never"])
        let findings = try JSONDecoder().decode([Finding].self, from: Data(check.stdout.utf8))
        let missing = findings.filter { $0.rule == "column-missing" }
        #expect(missing.map(\.subject) == ["HR_Person:CostCenter", "ServiceNow_User:EmployeeNumber"])
        #expect(missing.map(\.suggestion) == [nil, "employee_no"])
        #expect(
            missing[1].message
                == "ConnectionColumn 'employee_number' of EntityTypeMapping ServiceNow_User is not a column of table SnowCmdb_sys_user in the latest successful schema refresh of Connection SnowCmdb (2026-11-03T08:00:00Z); removed since 2026-11-02T08:00:00Z (the refresh of 2026-11-01T08:00:00Z still had it), probably renamed to 'employee_no' (the refresh that removed it added that name at its place): write ConnectionColumn=\"employee_no\""
        )
    }

    struct Finding: Decodable {
        let rule: String
        let subject: String
        let message: String
        let suggestion: String?
    }

    @Test func refreshSchemaJSONGivesEveryConnectionAndFailOnBreakingExits3() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try renameEmployeeNumber()
        let result = try sandbox.run(["refresh-schema", "--format", "json", "--fail-on-breaking", "--at", "2026-11-02T08:00:00Z"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Refreshing from "), "the default folder is said on stderr, stdout is JSON only")
        let impact = try JSONDecoder().decode([Impact].self, from: Data(result.stdout.utf8))
        #expect(impact == Self.expectedImpact)
    }

    @Test func breakingWinsOverAFailedRefreshAndRenamesAreFollowed() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try renameEmployeeNumber()
        try Data().write(to: exports.appendingPathComponent("HRFeed.csv"))
        let both = try sandbox.run(["import", "demo", "--fail-on-breaking", "--at", "2026-11-02T08:00:00Z"])
        #expect(both.status == 3, "breaking wins over a failed refresh (2)")
        #expect(
            both.stdout.contains(
                "    breaks ServiceNow_User:EmployeeNumber (demo/Conf/ServiceNow/ServiceNow Connector.xml:41): employee_number removed, maybe renamed to employee_no\n"
            ))
        #expect(both.stdout.contains("  HRFeed: FAILED (empty_file): HRFeed.csv: file is empty\n"))
        // Renamed again: no mapping uses employee_no, so nothing new breaks, but the mapping is
        // still broken (3 wins over HRFeed's failed refresh).
        try edit("Temp/ExportOutput/SnowCmdb_sys_user.csv", "title,employee_no,", "title,employee_num,")
        let again = try sandbox.run(["refresh-schema", "--fail-on-breaking", "--at", "2026-11-03T08:00:00Z"])
        #expect(again.status == 3)
        #expect(try sandbox.run(["refresh-schema", "--at", "2026-11-03T09:00:00Z"]).status == 2)
        // This change breaks nothing new; the mapping an earlier change broke is still named.
        #expect(
            again.stdout.contains(
                "  SnowCmdb: success, 3 tables, 16 columns; schema changed (+1 column, -1 column)\n"
                    + "    breaks ServiceNow_User:EmployeeNumber (demo/Conf/ServiceNow/ServiceNow Connector.xml:41): employee_number removed, maybe renamed to employee_num\n"
            ))
        // check follows the renames to the name in force.
        let check = try sandbox.run(["check", "--format", "json"])
        let finding = try JSONDecoder().decode([Finding].self, from: Data(check.stdout.utf8)).first { $0.subject == "ServiceNow_User:EmployeeNumber" }
        #expect(finding?.suggestion == "employee_num")
    }

    /// `--fail-on-breaking` answers as the catalog stands: the JSON lists the mappings behind exit
    /// code 3 when an earlier run recorded the change, and an unchanged import lists them too.
    @Test func failOnBreakingJSONNamesTheMappingsAnEarlierRefreshBroke() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try renameEmployeeNumber()
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-02T08:00:00Z"]).status == 0)
        let refresh = try sandbox.run(["refresh-schema", "--format", "json", "--fail-on-breaking", "--at", "2026-11-03T08:00:00Z"])
        #expect(refresh.status == 3, "\(refresh.stderr)")
        let impact = try JSONDecoder().decode([Impact].self, from: Data(refresh.stdout.utf8))
        #expect(impact.first { $0.connection == "SnowCmdb" }?.broken_mappings == [Self.brokenEmployeeNumber])
        #expect(impact.filter { $0.connection != "SnowCmdb" }.allSatisfy { $0.broken_mappings.isEmpty })
        // Without the flag the output says what this refresh broke: nothing.
        let plain = try sandbox.run(["refresh-schema", "--format", "json", "--at", "2026-11-03T09:00:00Z"])
        #expect(plain.status == 0)
        #expect(try JSONDecoder().decode([Impact].self, from: Data(plain.stdout.utf8)).allSatisfy { $0.broken_mappings.isEmpty })
        // An import of unchanged inputs lists the connection whose mapping stays broken.
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-04T08:00:00Z"]).status == 0)
        let unchanged = try sandbox.run(["import", "demo", "--format", "json", "--fail-on-breaking", "--at", "2026-11-04T09:00:00Z"])
        #expect(unchanged.status == 3, "\(unchanged.stderr)")
        #expect(
            try JSONDecoder().decode([Impact].self, from: Data(unchanged.stdout.utf8)) == [
                Impact(
                    connection: "SnowCmdb", status: "success", changed: nil, changes: [], broken_mappings: [Self.brokenEmployeeNumber],
                    at: "2026-11-04T08:00:00Z", error: nil, table_count: nil, column_count: nil)
            ])
        let text = try sandbox.run(["import", "demo", "--fail-on-breaking", "--at", "2026-11-04T10:00:00Z"])
        #expect(text.status == 3)
        #expect(
            text.stdout.contains(
                "  SnowCmdb: breaks ServiceNow_User:EmployeeNumber (demo/Conf/ServiceNow/ServiceNow Connector.xml:41): employee_number removed, maybe renamed to employee_no\n"
            ))
    }

    @Test func importJSONReportsTheSameImpact() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        try renameEmployeeNumber()
        let result = try sandbox.run(["import", "demo", "--format", "json", "--fail-on-breaking", "--at", "2026-11-02T08:00:00Z"])
        #expect(result.status == 3, "\(result.stderr)")
        let impact = try JSONDecoder().decode([Impact].self, from: Data(result.stdout.utf8))
        #expect(impact == Self.expectedImpact)
        // The first import of a catalog breaks nothing: every schema is new, which is not a change
        // (`changed` null, as `history` says), and SnowTicket recorded no schema.
        let fresh = try sandbox.run(["import", "demo", "--database", "fresh.sqlite", "--format", "json", "--fail-on-breaking"])
        #expect(fresh.status == 0)
        let first = try JSONDecoder().decode([Impact].self, from: Data(fresh.stdout.utf8))
        #expect(first.map(\.changed) == [nil, nil, nil, nil, nil])
        #expect(fresh.stdout.contains("\"changed\": null,") && !fresh.stdout.contains("\"changed\": true"))
        #expect(first.allSatisfy { $0.broken_mappings.isEmpty })
        #expect(first[2].changes.first == DiffChange(change: "table_added", table: "HRFeed", column: nil, position: nil, from_position: nil, renamed_to: nil))
    }

    @Test func aTypoInAConnectionColumnGetsTheNearestColumnAsSuggestion() throws {
        try edit(
            "Conf/HR/HR Connector.xml", "<Property Identifier=\"Email\" ConnectionColumn=\"email\"", "<Property Identifier=\"Email\" ConnectionColumn=\"emial\""
        )
        #expect(try sandbox.run(["import", "demo"]).status == 0)
        let check = try sandbox.run(["check", "--format", "json"])
        #expect(check.status == 1)
        let findings = try JSONDecoder().decode([Finding].self, from: Data(check.stdout.utf8)).filter { $0.rule == "column-missing" }
        #expect(findings.map(\.subject) == ["HR_Person:Email", "HR_Person:CostCenter"])
        #expect(findings.map(\.suggestion) == ["email", nil])
        #expect(findings[0].message.contains("ConnectionColumn 'emial' of EntityTypeMapping HR_Person is not a column of table HRFeed"))
        #expect(findings[0].message.contains("; did you mean 'email'? If not, File/CSV (Usercube.CSV@0000001) exports what its source provides"))
        let table = try sandbox.run(["check"])
        #expect(table.stdout.contains("did you mean 'email'?"))
    }

    struct Column: Decodable, Equatable {
        let connection: String
        let table: String
        let column: String
        let stale: Bool
        let mapped_by: [String]
    }

    @Test func columnsFindsAColumnInEveryConnectionAndSaysWhenItIsStale() throws {
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z"]).status == 0)
        let result = try sandbox.run(["columns", "--column", "EMPLOYEE_NUM*", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try JSONDecoder().decode([Column].self, from: Data(result.stdout.utf8)) == [
                Column(connection: "FinanceDb", table: "FinanceDb", column: "employee_number", stale: false, mapped_by: ["Finance_Account:EmployeeNumber"]),
                Column(
                    connection: "SnowCmdb", table: "SnowCmdb_sys_user", column: "employee_number", stale: false, mapped_by: ["ServiceNow_User:EmployeeNumber"]),
            ])
        try Data().write(to: exports.appendingPathComponent("HRFeed.csv"))
        #expect(try sandbox.run(["refresh-schema", "--at", "2026-11-02T08:00:00Z"]).status == 2)
        let stale = try JSONDecoder().decode([Column].self, from: Data(try sandbox.run(["columns", "--column", "*_id", "--format", "json"]).stdout.utf8))
        #expect(
            stale.map { "\($0.connection).\($0.column)=\($0.stale)" } == [
                "FinanceDb.account_id=false", "HRFeed.employee_id=true", "HRFeed.manager_id=true", "SnowCmdb.sys_id=false",
                "SnowCmdb.sys_id=false", "SnowCmdb.sys_id=false",
            ])
        let none = try sandbox.run(["columns", "--column", "no_such_*", "--format", "json"])
        #expect(none.status == 0 && none.stdout == "[]\n")
        // An empty answer says what filtered out the columns that match.
        #expect(try sandbox.run(["columns", "--column", "no_such_*"]).stdout == "No columns match 'no_such_*'.\n")
        #expect(
            try sandbox.run(["columns", "--column", "hire_date", "--unmapped"]).stdout
                == "No columns match 'hire_date': hire_date (HRFeed) exists but is mapped, by HR_Person:HireDate; drop --unmapped to see it.\n")
        #expect(
            try sandbox.run(["columns", "--column", "employee_number", "--unmapped"]).stdout
                == "No columns match 'employee_number': employee_number (FinanceDb), employee_number (SnowCmdb_sys_user) exist but are mapped; drop --unmapped to see them.\n"
        )
        #expect(
            try sandbox.run(["columns", "--column", "command", "--connection", "ADExport"]).stdout
                == "No columns match 'command' in connection ADExport: command (ADExport_entries), command (ADExport_member) are technical columns (the incremental command column); add --all to see them.\n"
        )
    }

    @Test func refreshSchemaWithoutExportDirNeedsAnImportThatHadOne() throws {
        #expect(try sandbox.run(["import", "demo/Conf"]).status == 0)
        let result = try sandbox.run(["refresh-schema"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("conncat: error: the latest import (#1, "))
        #expect(result.stderr.hasSuffix("found no export folder; give the ExportOutput folder with --export-dir DIR\n"))
    }
}
