import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// Names with a leading or trailing space are shown in quotes in the `diff` table and in `check`,
/// as the changes and import reports show them; JSON and CSV keep them as written.
@Suite struct NameQuotingTests {
    static let configuration = """
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Connector Identifier="Payroll" DisplayName_L1="Payroll" />
          <Connection Identifier="PayrollFeed" DisplayName_L1="Payroll feed" Connector="Payroll" Package="Usercube.CSV@0000001" />
        </ConfigurationFile>
        """

    let sandbox: Sandbox
    let work: URL

    init() throws {
        sandbox = try Sandbox()
        work = sandbox.folder.appendingPathComponent("work")
    }

    func write(_ path: String, _ text: String) throws {
        let url = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func theDiffTableQuotesNamesWithSurroundingSpaces() throws {
        try write("Conf/Payroll.xml", Self.configuration)
        try write("Temp/ExportOutput/PayrollFeed.csv", "employee_id,Grade ,cost_center\n")
        #expect(try sandbox.run(["import", "work", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        try write("Temp/ExportOutput/PayrollFeed.csv", "employee_id, Grade,cost_center\n")
        #expect(
            try sandbox.run(["refresh-schema", "--export-dir", "work/Temp/ExportOutput", "--at", "2026-11-02T08:00:00Z"]).status == 0)
        let table = try sandbox.run(["diff", "PayrollFeed"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(
            table.stdout.hasSuffix(
                """
                change          table        column    position  from_position  renamed_to
                --------------  -----------  --------  --------  -------------  ----------
                column_removed  PayrollFeed  'Grade '  2                        ' Grade'
                column_added    PayrollFeed  ' Grade'  2

                """), "\(table.stdout)")
        // CSV and JSON keep each name as written.
        let csv = try sandbox.run(["diff", "PayrollFeed", "--format", "csv"])
        #expect(csv.stdout.contains("column_removed,PayrollFeed,Grade ,2,, Grade"), "\(csv.stdout)")
        let json = try sandbox.run(["diff", "PayrollFeed", "--format", "json"])
        #expect(json.stdout.contains("\"column\": \"Grade \""), "\(json.stdout)")
        // The quoting is the table's only: rows built for JSON and CSV leave names alone.
        let change = SchemaChange(.columnAdded, table: "PayrollFeed", column: " Grade", position: 2)
        #expect(DiffRow(change: change).cells[2] == .text(" Grade"))
        #expect(DiffRow(change: change, quotingNames: true).cells[2] == .text("' Grade'"))
    }

    @Test func checkQuotesASettingsKeyWithATrailingSpace() throws {
        try write("Conf/Payroll.xml", Self.configuration)
        try write("Runtime/appsettings.agent.json", #"{"Connections": {"PayrollFeed ": {"Path": "D:/feeds/payroll.csv"}}}"#)
        try write("Temp/ExportOutput/PayrollFeed.csv", "employee_id,grade\n")
        let imported = try sandbox.run(["import", "work", "--at", "2026-11-01T08:00:00Z"])
        #expect(imported.stdout.contains("1 key under Connections matches no declared connection: 'PayrollFeed '\n"), "\(imported.stdout)")
        let check = try sandbox.run(["check"])
        #expect(
            check.stdout.contains(
                "work/Runtime/appsettings.agent.json:1  connection-settings-orphan  'PayrollFeed '\n"
                    + "  settings under Connections:'PayrollFeed ' belong to no Connection of the XML configuration; "), "\(check.stdout)")
        // JSON keeps the subject as written; the message, prose, shows the space.
        let json = try sandbox.run(["check", "--format", "json"])
        #expect(json.stdout.contains("\"subject\": \"PayrollFeed \""), "\(json.stdout)")
        #expect(json.stdout.contains("settings under Connections:'PayrollFeed ' belong"), "\(json.stdout)")
    }
}
