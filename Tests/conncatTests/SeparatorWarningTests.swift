import Foundation
import Testing

/// An export file whose header does not fit the connection's `Separator` setting: the warning
/// reaches the import report, `history --files` and `check`, as one line.
@Suite struct SeparatorWarningTests {
    static let configuration = """
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Connector Identifier="Payroll" DisplayName_L1="Payroll" />
          <Connection Identifier="PayrollFeed" DisplayName_L1="Payroll feed" Connector="Payroll" Package="Usercube.CSV@0000001" />
        </ConfigurationFile>
        """

    static let warning =
        "the connection's Separator ';' reads the header as one column, but the file seems to use '|': recorded as one column; "
        + "fix the connection's Separator setting (appsettings.agent.json) or the export, so that they agree"

    @Test func theWarningShowsInTheImportHistoryAndCheck() throws {
        let sandbox = try Sandbox()
        let work = sandbox.folder.appendingPathComponent("work")
        func write(_ path: String, _ text: String) throws {
            let url = work.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("Conf/Payroll.xml", Self.configuration)
        try write("Runtime/appsettings.agent.json", #"{"Connections": {"PayrollFeed": {"Path": "D:/feeds/payroll.csv", "Separator": ";"}}}"#)
        try write("Temp/ExportOutput/PayrollFeed.csv", "employee_id|grade|cost_center\nE1|G2|CC3\n")
        let imported = try sandbox.run(["import", "work", "--at", "2026-11-01T08:00:00Z"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("\n    warning: PayrollFeed.csv: \(Self.warning)\n"), "\(imported.stdout)")

        struct File: Decodable {
            let file: String
            let separator: String?
            let column_count: Int?
            let warning: String?
        }
        let history = try sandbox.run(["history", "PayrollFeed", "--files", "--format", "json"])
        let files = try JSONDecoder().decode([File].self, from: Data(history.stdout.utf8))
        #expect(files.map(\.file) == ["PayrollFeed.csv"])
        #expect(files.first?.separator == ";")
        #expect(files.first?.column_count == 1)
        #expect(files.first?.warning == Self.warning)

        let check = try sandbox.run(["check"])
        #expect(
            check.stdout.contains(
                "work/Temp/ExportOutput/PayrollFeed.csv:1  export-file-warning  PayrollFeed\n  export file PayrollFeed.csv of Connection PayrollFeed: \(Self.warning)\n"
            ),
            "\(check.stdout)")
    }
}
