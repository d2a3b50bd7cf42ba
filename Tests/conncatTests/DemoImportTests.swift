import ConnectionCatalog
import Foundation
import Testing

/// `conncat` on `Fixtures/demo`, as the README shows it. Expected values come from
/// `Fixtures/demo/EXPECTED.md`.
@Suite struct DemoImportTests {
    static let at = "2026-11-29T08:00:00Z"

    func importedDemo() throws -> (Sandbox, RunResult) {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["import", Sandbox.demo, "--at", Self.at])
        return (sandbox, result)
    }

    @Test func importPrintsWhatItFoundThenTheColumnsAvailableForMapping() throws {
        let (sandbox, result) = try importedDemo()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let output = result.stdout.replacingOccurrences(of: Sandbox.demo, with: "Fixtures/demo")
        try assertGolden(output, "import-demo.txt")
        #expect(FileManager.default.fileExists(atPath: sandbox.database), "default catalog file in the working directory")
    }

    @Test func columnsOfTheDemoAreExactlyTheExportHeaders() throws {
        let (sandbox, _) = try importedDemo()
        let json = try sandbox.run(["columns", "--format", "json"])
        #expect(json.status == 0)
        try assertGolden(json.stdout, "columns-demo.json")

        struct Column: Decodable {
            let connection, table, column: String
            let position: Int
            let technical: Bool
            let mapped_by: [String]
        }
        let columns = try JSONDecoder().decode([Column].self, from: Data(json.stdout.utf8))
        func header(_ table: String) -> [String] { columns.filter { $0.table == table }.map(\.column) }
        #expect(header("HRFeed") == ["employee_id", "first_name", "last_name", "email", "department", "manager_id", "hire_date", "job title"])
        #expect(header("FinanceDb") == ["account_id", "login", "full_name", "employee_number", "is_active", "last_logon", "profile_code", "created_on"])
        #expect(header("ADExport_member") == ["dn", "member"])  // `command` is technical: only with --all
        #expect(header("SnowCmdb_sys_user_grmember") == ["sys_id", "user", "group"])
        #expect(Set(columns.map(\.connection)) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb"])
        // Mapped through ConnectionTable="ADExport_Entries" (case differs) and "HRFeed.csv" (suffix).
        #expect(columns.first { $0.table == "ADExport_entries" && $0.column == "objectGUID" }?.mapped_by == ["AD_Entry:objectGuid"])
        #expect(columns.first { $0.table == "HRFeed" && $0.column == "employee_id" }?.mapped_by == ["HR_Person:EmployeeId", "HR_Person_Manager"])
        #expect(
            columns.filter { $0.mapped_by.isEmpty }.map { "\($0.table).\($0.column)" }
                == ["FinanceDb.created_on", "SnowCmdb_sys_user.title", "SnowCmdb_sys_user_grmember.sys_id", "SnowCmdb_sys_user_group.active"])

        let all = try sandbox.run(["columns", "--connection", "adexport", "--all", "--format", "csv"])
        #expect(
            all.stdout.split(separator: "\r\n").prefix(3) == [
                "connection,table,column,position,technical,stale,mapped_by,source",
                "ADExport,ADExport_entries,command,1,true,false,,export_output",
                "ADExport,ADExport_entries,dn,2,false,false,\"AD_Entry:dn, AD_Entry_parentdn\",export_output",
            ])
    }

    @Test func connectionsShowPackagesSettingsAndSchemaStatus() throws {
        let (sandbox, _) = try importedDemo()
        let result = try sandbox.run(["connections", "--format", "json"])
        struct Row: Decodable {
            let connection: String
            let package: String?
            let has_agent_settings: Bool
            let schema_status: String
            let last_refresh_at: String?
            let last_success_at: String?
            let file: String
            let line: Int
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        #expect(rows.map(\.connection) == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb", "SnowTicket"])
        #expect(rows.map(\.schema_status) == ["success", "success", "success", "success", "no_schema"])
        #expect(rows.allSatisfy { $0.has_agent_settings })
        #expect(rows.map(\.last_refresh_at) == Array(repeating: Self.at, count: 5))
        #expect(rows.last?.last_success_at == nil)
        #expect(rows.first.map { "\($0.file):\($0.line)" } == "Conf/Directory/Directory Connector.xml:13")
        #expect(
            rows.map(\.package) == [
                "Usercube.AD@0000001", "Usercube.SQL.SQLServer@0000001", "Usercube.CSV@0000001",
                "Usercube.ServiceNow@0000001", "Usercube.SnowTicket@0000001",
            ])
        #expect(result.stdout.contains("\"last_success_at\": null"), "absent values are JSON null, not missing keys")
    }

    @Test func tablesListTheSchemaInForce() throws {
        let (sandbox, _) = try importedDemo()
        let result = try sandbox.run(["tables"])
        #expect(result.status == 0)
        try assertGolden(result.stdout, "tables-demo.txt")
    }

    @Test func importingTheSameFolderTwiceChangesNothingButTheRecord() throws {
        let (sandbox, _) = try importedDemo()
        let before = try sandbox.run(["columns", "--format", "json"]).stdout
        let again = try sandbox.run(["import", Sandbox.demo])
        #expect(again.status == 0)
        #expect(again.stdout.contains("configuration unchanged since the previous import"))
        #expect(try sandbox.run(["columns", "--format", "json"]).stdout == before)
        let imports = try Catalog(path: sandbox.database).imports()
        #expect(imports.map(\.changed) == [true, false])
        #expect(imports[0].contentHash == imports[1].contentHash)
        #expect(imports[0].xmlFileCount == 9)
    }
}
