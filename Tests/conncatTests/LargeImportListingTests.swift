import Foundation
import Testing

@testable import conncat

/// An import of many connections at an 80x24 terminal: the routine lines are counted on one line
/// that names the command listing them, everything that needs attention is still listed, and a
/// pipe gets every line.
@Suite struct LargeImportListingTests {
    static let count = 30

    /// `count` CSV connections `C01`... of connector Files; a mapping reads `C01.id` and `C01.name`.
    static func configuration() -> String {
        let connections = (1...count).map {
            "  <Connection Identifier=\"\(name($0))\" DisplayName_L1=\"File \($0)\" Connector=\"Files\" Package=\"Usercube.CSV@0000001\" />"
        }
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="Files" DisplayName_L1="Files" />
            \(connections.joined(separator: "\n"))
              <EntityType Identifier="F_Person">
                <Property Identifier="Id" Type="String" />
                <Property Identifier="Name" Type="String" />
              </EntityType>
              <EntityTypeMapping Identifier="F_Person" Connector="Files" ConnectionTable="C01">
                <Property Identifier="Id" ConnectionColumn="id" IsPrimaryKey="true" />
                <Property Identifier="Name" ConnectionColumn="name" />
              </EntityTypeMapping>
            </ConfigurationFile>
            """
    }

    static func name(_ index: Int) -> String { String(format: "C%02d", index) }

    /// The README gives the figure above which a terminal's listing is folded: it must be the
    /// one conncat uses.
    @Test func theReadmeQuotesTheFoldingThreshold() throws {
        let readme = try String(contentsOf: Sandbox.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "more than (\\d+)\\s+connections")
        let figures = pattern.matches(in: readme, range: NSRange(readme.startIndex..., in: readme)).compactMap {
            Range($0.range(at: 1), in: readme).flatMap { Int(readme[$0]) }
        }
        #expect(figures.count >= 2, "the README no longer says when an import's listing is folded")
        #expect(figures.allSatisfy { $0 == ImportReport.listedConnections }, "README says \(figures), conncat folds above \(ImportReport.listedConnections)")
    }

    @Test func aLargeImportFitsTheScreenAndSaysHowToSeeTheRest() throws {
        let sandbox = try Sandbox()
        let work = sandbox.folder.appendingPathComponent("work")
        let exports = work.appendingPathComponent("Temp/ExportOutput")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("Conf"), withIntermediateDirectories: true)
        try Self.configuration().write(to: work.appendingPathComponent("Conf/files.xml"), atomically: true, encoding: .utf8)
        for index in 1...Self.count {
            try "id,name\n".write(to: exports.appendingPathComponent("\(Self.name(index)).csv"), atomically: true, encoding: .utf8)
        }

        // A pipe gets every connection and every table.
        let piped = try sandbox.run(["import", "work", "--database", "piped.sqlite", "--at", "2026-11-01T08:00:00Z"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("  C30: success, 1 table, 2 columns\n"), "\(piped.stdout)")
        #expect(piped.stdout.contains("  C30 / C30 (2 columns, 0 mapped)\n    id, name\n"), "\(piped.stdout)")
        #expect(!piped.stdout.contains("not listed"))

        // A terminal gets the counts and the commands that list them, on one screen.
        let first = try sandbox.runInTerminal(["import", "work", "--at", "2026-11-01T08:00:00Z"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(first.status == 0, "\(first.stdout)")
        #expect(first.stdout.split(separator: "\n").count <= 24, "\(first.stdout)")
        #expect(TerminalOutputTests.longestLine(first.stdout) <= 80, "\(first.stdout)")
        #expect(first.stdout.contains("  30 connections not listed (30 succeeded): none"), "\(first.stdout)")
        #expect(first.stdout.hasSuffix("`conncat columns` (all)\n"), "\(first.stdout)")
        #expect(!first.stdout.contains("C01"))
        // --all lists every connection and every table on the terminal too, wrapped to its width.
        let all = try sandbox.runInTerminal(
            ["import", "work", "--database", "all.sqlite", "--at", "2026-11-01T08:00:00Z", "--all"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(all.status == 0, "\(all.stdout)")
        #expect(TerminalOutputTests.longestLine(all.stdout) <= 80, "\(all.stdout)")
        #expect(!all.stdout.contains("not listed"), "\(all.stdout)")
        for index in 1...Self.count {
            #expect(all.stdout.contains("  \(Self.name(index)): success, 1 table, 2 columns\n"), "\(all.stdout)")
            #expect(all.stdout.contains("  \(Self.name(index)) / \(Self.name(index)) (2 columns"), "\(all.stdout)")
        }
        // refresh-schema folds the same way, and takes --all too.
        let refresh = try sandbox.runInTerminal(["refresh-schema", "--at", "2026-11-01T09:00:00Z"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(refresh.stdout.contains("30 connections not listed"), "\(refresh.stdout)")
        let refreshAll = try sandbox.runInTerminal(
            ["refresh-schema", "--at", "2026-11-01T09:00:01Z", "--all"], columns: 80, environment: ["NO_COLOR": "1"])
        #expect(!refreshAll.stdout.contains("not listed"), "\(refreshAll.stdout)")
        #expect(refreshAll.stdout.contains("  C30: success, 1 table, 2 columns\n"), "\(refreshAll.stdout)")
        // The same lines whole, on a terminal wide enough.
        let wide = try sandbox.runInTerminal(
            ["import", "work", "--database", "wide.sqlite", "--at", "2026-11-01T08:00:00Z"], columns: 250, environment: ["NO_COLOR": "1"])
        #expect(wide.stdout.contains("Schema refresh at 2026-11-01T08:00:00Z: 30 succeeded, 0 failed, 0 without schema\n"), "\(wide.stdout)")
        #expect(
            wide.stdout.contains(
                "  30 connections not listed (30 succeeded): none failed, changed its schema or broke a mapping; "
                    + "`conncat connections` lists them with their schema status\n"), "\(wide.stdout)")
        #expect(
            wide.stdout.contains(
                "Columns available for mapping: 60 (2 used by a mapping) in 30 tables of 30 connections; list them with "
                    + "`conncat columns --connection ID` (one connection), `conncat columns --unmapped` (those no mapping uses) "
                    + "or `conncat columns` (all)\n"), "\(wide.stdout)")

        // What needs attention is listed even when the rest is folded: a failed refresh, a
        // changed schema and the mapping it breaks.
        try "id,full_name\n".write(to: exports.appendingPathComponent("C01.csv"), atomically: true, encoding: .utf8)
        try "".write(to: exports.appendingPathComponent("C02.csv"), atomically: true, encoding: .utf8)
        let second = try sandbox.runInTerminal(["import", "work", "--at", "2026-11-02T08:00:00Z"], columns: 250, environment: ["NO_COLOR": "1"])
        #expect(second.status == 2, "\(second.stdout)")
        let secondText = second.stdout
        #expect(secondText.contains("  C01: success, 1 table, 2 columns; schema changed (+1 column, -1 column)\n"), "\(secondText)")
        #expect(secondText.contains("\n    breaks F_Person:Name (work/Conf/files.xml:"), "\(secondText)")
        #expect(secondText.contains("  C02: FAILED ("), "\(secondText)")
        #expect(secondText.contains("  28 other connections not listed (28 succeeded): none failed"), "\(secondText)")
        #expect(!secondText.contains("C03"))
    }
}
