import Foundation
import Testing

@testable import conncat

/// Control characters from the input never reach the terminal raw, and CSV cells never run as
/// spreadsheet formulas.
@Suite struct OutputSafetyTests {
    @Test func controlCharactersAreWrittenVisibly() {
        #expect(TerminalText.escape("plain é … text") == "plain é … text")
        #expect(TerminalText.escape("a\u{1B}[31mred\u{07}") == "a\\u{1B}[31mred\\u{07}")
        #expect(TerminalText.escape("two\nlines\r\ttab") == "two\\nlines\\r\\ttab")
        #expect(TerminalText.escape("\u{7F}\u{85}\u{9B}") == "\\u{7F}\\u{85}\\u{9B}")
        #expect(TerminalText.escape("abc\u{202E}txt.exe\u{2066}") == "abc\\u{202E}txt.exe\\u{2066}")
        #expect(TerminalText.escape("\u{0}") == "\\u{00}")
        // U+00A0..U+00BF and other U+20xx characters are ordinary text.
        #expect(TerminalText.escape("\u{A0}°\u{2013}\u{2026}") == "\u{A0}°\u{2013}\u{2026}")
        #expect(TerminalText.escapeKeepingLines("a\nb\r\n\tc\u{1B}") == "a\nb\r\n\tc\\u{1B}")
    }

    @Test func theLastGuardKeepsOurColourCodesAndEscapesEveryOtherControl() {
        let coloured = "4  \u{1B}[32msuccess\u{1B}[0m  3\n"
        #expect(TerminalText.escapeKeepingLinesAndColour(coloured) == coloured)
        #expect(TerminalText.escapeKeepingLinesAndColour("a\u{1B}]0;title\u{07}b\n") == "a\\u{1B}]0;title\\u{07}b\n")
        #expect(TerminalText.escapeKeepingLinesAndColour("\u{1B}[2mdim\u{1B}[0m\u{1B}[2J") == "\u{1B}[2mdim\u{1B}[0m\\u{1B}[2J")
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        #expect(TerminalText.neutralisedCSVCell("=HYPERLINK(\"http://x.example.test\")") == "'=HYPERLINK(\"http://x.example.test\")")
        #expect(TerminalText.neutralisedCSVCell("+cmd") == "'+cmd")
        #expect(TerminalText.neutralisedCSVCell("-2+3") == "'-2+3")
        #expect(TerminalText.neutralisedCSVCell("@SUM(A1)") == "'@SUM(A1)")
        #expect(TerminalText.neutralisedCSVCell("\tx") == "'\tx")
        #expect(TerminalText.neutralisedCSVCell("-3") == "-3")
        #expect(TerminalText.neutralisedCSVCell("+4.5") == "+4.5")
        #expect(TerminalText.neutralisedCSVCell("-") == "'-")
        #expect(TerminalText.neutralisedCSVCell("Name") == "Name")
        #expect(TerminalText.neutralisedCSVCell("") == "")
        let csv = Renderer.csv(fields: ["a", "b"], rows: [["=1+1", "x,=y"]])
        #expect(csv == "a,b\r\n'=1+1,\"x,=y\"\r\n")
        let table = Renderer.table(fields: ["a", "b"], rows: [["x\u{1B}]0;t\u{07}", "new\nline"]])
        #expect(!table.contains("\u{1B}") && !table.contains("\u{07}"))
        #expect(table.split(separator: "\n").count == 3)
    }

    /// ESC/BEL and line breaks in a CSV header cell, a setting value and an XML file name: `import`,
    /// `columns` and `settings` print them escaped; the error line stays one line.
    @Test func controlCharactersFromTheInputAreEscapedByEveryCommand() throws {
        let sandbox = try Sandbox()
        let work = try sandbox.copyDemo()
        let export = work.appendingPathComponent("Temp/ExportOutput")
        let file = try FileManager.default.contentsOfDirectory(atPath: export.path).filter { $0.hasPrefix("FinanceDb") }.sorted().first
        let financeFile = export.appendingPathComponent(try #require(file))
        var text = try String(contentsOf: financeFile, encoding: .utf8)
        let header = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Character = header.contains(";") ? ";" : (header.contains("\t") ? "\t" : ",")
        text = header + "\(separator)Bell\u{07}Esc\u{1B}[2J=x" + text.dropFirst(header.count)
        try text.write(to: financeFile, atomically: true, encoding: .utf8)
        let settingsFile = work.appendingPathComponent("Runtime/appsettings.agent.json")
        let settings = try String(contentsOf: settingsFile, encoding: .utf8)
        let replaced = settings.replacingOccurrences(
            of: "\"Connections\": {", with: "\"Connections\": {\n    \"Ctl\": { \"Server\": \"dc\\u001b]0;pwned\\u0007.example.test\\n+x\" },")
        #expect(replaced != settings)
        try replaced.write(to: settingsFile, atomically: true, encoding: .utf8)

        var outputs = [try sandbox.run(["import", work.path])]
        #expect(outputs[0].status == 0 || outputs[0].status == 2, "\(outputs[0].stderr)")
        for format in ["table", "csv"] {
            outputs.append(try sandbox.run(["columns", "--all", "--format", format]))
            outputs.append(try sandbox.run(["settings", "--format", format]))
        }
        outputs.append(try sandbox.run(["check"]))
        for output in outputs {
            #expect(!output.stdout.contains("\u{1B}") && !output.stdout.contains("\u{07}"), "\(output.stdout)")
            #expect(!output.stderr.contains("\u{1B}") && !output.stderr.contains("\u{07}"))
        }
        #expect(outputs.contains { $0.stdout.contains("Bell\\u{07}Esc\\u{1B}[2J=x") })
        #expect(outputs.contains { $0.stdout.contains("dc\\u{1B}]0;pwned\\u{07}.example.test\\n+x") })

        // A file name with ESC, BEL and a line break: the error is one line, escaped.
        let conf = work.appendingPathComponent("Conf")
        try Data("<ConfigurationFile><Broken".utf8).write(to: conf.appendingPathComponent("bad\u{1B}[31m\u{07}\nname.xml"))
        let failed = try sandbox.run(["import", work.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.split(separator: "\n").count == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("bad\\u{1B}[31m\\u{07}\\nname.xml"), "\(failed.stderr)")
    }
}

@Suite struct ArgumentErrorSafetyTests {
    /// The argument parser quotes what was typed: its errors are escaped too.
    @Test func usageErrorsEscapeWhatWasTyped() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["tables", "--format", "x\u{1B}]0;t\u{07}"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("x\\u{1B}]0;t\\u{07}"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"))
        let help = try sandbox.run(["tables", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: conncat tables"), "\(help.stdout)")
    }
}
