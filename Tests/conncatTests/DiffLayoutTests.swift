import ConnectionCatalog
import Foundation
import Testing

@testable import conncat

/// `diff` on an 80-column terminal with long names: a rename (`renamed_to`) and a move
/// (`position`, `from_position`) stay visible; the names wrap instead.
@Suite struct DiffLayoutTests {
    static let table = "SnowCmdb_sys_user"
    static let changes = [
        SchemaChange(.columnRemoved, table: table, column: "employee_number", position: 7, renamedTo: "employee_number_of_the_person_long"),
        SchemaChange(.columnMoved, table: table, column: "user_name", position: 5, fromPosition: 4),
        SchemaChange(.columnAdded, table: table, column: "employee_number_of_the_person_long", position: 7),
        SchemaChange(.columnAdded, table: table, column: "a_very_long_column_name_added_for_the_test", position: 9),
    ]

    @Test func aRenameAndAMoveStayVisibleAt80Columns() {
        let text = Renderer.render(Self.changes.map(DiffRow.init), as: .table, presentation: Presentation(width: 80, color: false))
        #expect(
            text == """
                change          column                   position  from_position  renamed_to
                --------------  -----------------------  --------  -------------  --------------
                column_removed  employee_number          7                        employee_
                                                                                  number_of_the_
                                                                                  person_long
                column_moved    user_name                5         4
                column_added    employee_number_of_the_  7
                                person_long
                column_added    a_very_long_column_      9
                                name_added_for_the_test
                (--wide shows all; same in every row: table SnowCmdb_sys_user)

                """, "\(text)")
    }

    /// Several tables: the table stays too, wrapped; every line fits.
    @Test func severalTablesKeepEveryColumn() {
        let changes =
            Self.changes + [
                SchemaChange(.columnRemoved, table: "SnowCmdb_sys_user_group", column: "manager", position: 4, renamedTo: "manager_of_the_group_long_name"),
                SchemaChange(.columnAdded, table: "SnowCmdb_sys_user_group", column: "manager_of_the_group_long_name", position: 4),
            ]
        let text = Renderer.render(changes.map(DiffRow.init), as: .table, presentation: Presentation(width: 80, color: false))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "change          table      column        position  from_position  renamed_to", "\(text)")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(text)")
        #expect(!text.contains("hidden:"), "\(text)")
        #expect(!text.contains("…"), "\(text)")
        #expect(lines.contains("column_moved    SnowCmdb_  user_name     5         4"), "\(text)")
    }

    /// An export header `email` that becomes `EMAIL`: one change in letter case, in `diff`,
    /// `refresh-schema` and `changes`, never a removed and an added column.
    @Test func aCaseOnlyChangeIsShownAsSuch() throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-01T08:00:00Z", "--quiet"]).status == 0)
        let file = demo.appendingPathComponent("Temp/ExportOutput/HRFeed.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(";email;"))
        try text.replacingOccurrences(of: ";email;", with: ";EMAIL;").write(to: file, atomically: true, encoding: .utf8)
        let refresh = try sandbox.run(["refresh-schema", "--at", "2026-11-02T08:00:00Z"])
        #expect(refresh.stdout.contains("  HRFeed: success, 1 table, 8 columns; schema changed (1 column in other letter case)\n"), "\(refresh.stdout)")
        #expect(!refresh.stdout.contains("breaks HR_Person"), "\(refresh.stdout)")
        let diff = try sandbox.run(["diff", "HRFeed", "--format", "csv"])
        let csv = diff.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(csv == "change,table,column,position,from_position,renamed_to\ncolumn_case_changed,HRFeed,email,4,,EMAIL\n", "\(csv)")
        #expect(try sandbox.run(["import", "demo", "--at", "2026-11-03T08:00:00Z", "--quiet"]).status == 0)
        let changes = try sandbox.run(["changes"])
        #expect(changes.stdout.contains("\nHRFeed\n  schema    ~ column HRFeed.email -> EMAIL (letter case only)\n"), "\(changes.stdout)")
        #expect(!changes.stdout.contains("- column HRFeed.email"), "\(changes.stdout)")
    }

    /// A pipe (no width) keeps every name whole on one line.
    @Test func aPipeKeepsTheWholeNames() {
        let text = Renderer.render(Self.changes.map(DiffRow.init), as: .table, presentation: .plain)
        #expect(
            text.split(separator: "\n")[2]
                == "column_removed  SnowCmdb_sys_user  employee_number                             7                        employee_number_of_the_person_long")
    }
}
