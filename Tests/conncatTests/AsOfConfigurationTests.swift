import Foundation
import Testing

/// `--as-of` answers from the configuration as it was then: the connections that configuration
/// declared, their schema of the last successful refresh at or before that time, and its
/// mappings, whatever was imported later (here a part of the configuration only).
@Suite struct AsOfConfigurationTests {
    let sandbox: Sandbox

    /// The output of `arguments`, CSV lines ended by "\n" (CSV ends them by CRLF).
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try sandbox.run(arguments)
        return (result.status, result.stdout.replacingOccurrences(of: "\r\n", with: "\n"), result.stderr)
    }

    /// The demo imported on 2026-11-01, again on 2026-11-02 after the ServiceNow export renamed
    /// `employee_number` to `employee_no`, then only its `Conf/HR` folder (4 of the 5
    /// connections no longer declared).
    init() throws {
        sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        let export = demo.appendingPathComponent("Temp/ExportOutput/SnowCmdb_sys_user.csv")
        let header = try String(contentsOf: export, encoding: .utf8)
        #expect(header.contains("employee_number"))
        try header.replacingOccurrences(of: "employee_number", with: "employee_no").write(to: export, atomically: true, encoding: .utf8)
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-02T08:00:00Z", "--quiet"]).status == 0)
        let part = try sandbox.run(["import", "demo/Conf/HR", "--quiet"])
        #expect(part.status == 0, "\(part.stderr)")
        #expect(part.stderr.contains("4 of the 5 connections of import #2 are no longer declared"), "\(part.stderr)")
    }

    @Test func columnsAsOfListTheConnectionsAndMappingsOfThatDay() throws {
        let first = try run(["columns", "--as-of", "2026-11-01T12:00:00Z", "--column", "employee*", "--format", "csv"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout == """
                connection,table,column,position,technical,stale,mapped_by,source
                ADExport,ADExport_entries,employeeID,9,false,false,AD_Entry:employeeID,export_output
                FinanceDb,FinanceDb,employee_number,4,false,false,Finance_Account:EmployeeNumber,export_output
                HRFeed,HRFeed,employee_id,1,false,false,"HR_Person:EmployeeId, HR_Person_Manager",export_output
                SnowCmdb,SnowCmdb_sys_user,employee_number,7,false,false,ServiceNow_User:EmployeeNumber,export_output

                """, "\(first.stdout)")

        // The next day: the renamed column, which that day's mapping no longer finds.
        let second = try run(["columns", "--as-of", "2026-11-02T12:00:00Z", "--column", "employee*", "--format", "csv"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\nSnowCmdb,SnowCmdb_sys_user,employee_no,7,false,false,,export_output\n"), "\(second.stdout)")
        #expect(!second.stdout.contains("employee_number,7"))

        // Now: only what the HR part declares.
        let now = try run(["columns", "--column", "employee*", "--format", "csv"])
        #expect(now.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) } == ["HRFeed"], "\(now.stdout)")
    }

    @Test func aConnectionDeclaredThenIsFoundAsOfThen() throws {
        let columns = try run(["columns", "--as-of", "2026-11-01T12:00:00Z", "--connection", "SnowCmdb", "--format", "csv"])
        #expect(columns.status == 0, "\(columns.stderr)")
        #expect(columns.stderr.isEmpty)
        #expect(columns.stdout.contains("\nSnowCmdb,SnowCmdb_sys_user,employee_number,7,false,false,ServiceNow_User:EmployeeNumber,export_output\n"))
        #expect(columns.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("SnowCmdb,") })

        let tables = try run(["tables", "--as-of", "2026-11-01T12:00:00Z", "--format", "csv"])
        #expect(tables.status == 0, "\(tables.stderr)")
        let connections = Set(tables.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) })
        #expect(connections == ["ADExport", "FinanceDb", "HRFeed", "SnowCmdb"], "\(tables.stdout)")
        let snow = try run(["tables", "--as-of", "2026-11-01T12:00:00Z", "--connection", "snowcmdb", "--format", "csv"])
        #expect(snow.status == 0 && snow.stdout.contains("\nSnowCmdb,SnowCmdb_sys_user,8,2026-11-01T08:00:00Z,false,true,"), "\(snow.stdout)\(snow.stderr)")
    }

    @Test func aConnectionNotDeclaredAtTheTimeAskedIsSaidSoNeverSuggestedToItself() throws {
        let now = try run(["columns", "--connection", "SnowCmdb"])
        #expect(now.status == 1)
        #expect(
            now.stderr
                == "conncat: error: connection 'SnowCmdb' is no longer declared in the configuration; its schema history stays in the catalog; "
                + "`conncat connections` lists them\n")
        #expect(!now.stderr.contains("did you mean"))

        let later = try run(["columns", "--as-of", "2099-01-01", "--connection", "SnowCmdb"])
        #expect(later.status == 1)
        #expect(
            later.stderr
                == "conncat: error: connection 'SnowCmdb' is not declared in the configuration as of 2099-01-01T23:59:59Z "
                + "(that of the latest import at or before then); `conncat imports` lists the imports\n")

        // A near miss is still suggested.
        let typo = try run(["columns", "--connection", "HRFed"])
        #expect(typo.status == 1 && typo.stderr.contains("(did you mean 'HRFeed'?)"), "\(typo.stderr)")
    }

    /// Before the first import the catalog knew nothing: an empty answer that says so and names
    /// the span of its imports, never today's configuration or schemas, whatever the options.
    @Test func beforeTheFirstImportNothingIsKnown() throws {
        let third = try #require(JSONSerialization.jsonObject(with: Data(try run(["imports", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let latest = try #require(third.last?["at"] as? String)
        // A refresh cannot be recorded before the latest import (its time given): refused.
        let early = try run(["refresh-schema", "--export-dir", "demo/Temp/ExportOutput", "--at", "2026-10-01T08:00:00Z", "--format", "json"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("is before the latest import"), "\(early.stderr)")
        let said = "the catalog knew nothing then; its imports span 2026-11-01T08:00:00Z (the first) to \(latest) (the latest).\n"
        for command in [
            ["columns"], ["tables"], ["columns", "--connection", "SnowCmdb"], ["columns", "--entity-type", "HR_Person"], ["columns", "--unmapped"],
        ] {
            let table = try run(command + ["--as-of", "2026-10-15"])
            #expect(table.status == 0, "\(command) \(table.stderr)")
            #expect(table.stdout == "No \(command[0]) as of 2026-10-15T23:59:59Z: " + said, "\(command) \(table.stdout)")
            let json = try run(command + ["--as-of", "2026-10-15", "--format", "json"])
            #expect(json.status == 0 && json.stdout == "[]\n", "\(command) \(json.stdout)\(json.stderr)")
        }
        // A name the catalog never knew is still an error, with its suggestion.
        let typo = try run(["columns", "--as-of", "2026-10-15", "--connection", "SnowCmd"])
        #expect(typo.status == 1 && typo.stderr.contains("(did you mean 'SnowCmdb'?)"), "\(typo.stderr)")
        // From the first import on, the answer is that of the time asked.
        let first = try run(["tables", "--as-of", "2026-11-01T08:00:00Z", "--format", "csv"])
        #expect(first.stdout.contains("\nSnowCmdb,SnowCmdb_sys_user,8,2026-11-01T08:00:00Z,"), "\(first.stdout)")
    }
}
