import Foundation
import Testing

@testable import conncat

/// Large listings are written as they are read: JSON and CSV row by row, a table from compact
/// rows measured first. What is written is the same as the renderers have always written.
@Suite struct StreamingOutputTests {
    struct Item: Renderable {
        var name: String
        var status: String?
        var note: String?
        static let fields = ["name", "status", "note"]
        var cells: [Cell] { [.text(name), .text(status), .text(note)] }
    }

    /// Rows given one at a time, as a catalog cursor gives them.
    static func streamed(_ items: [Item], as format: OutputFormat, presentation: Presentation = .plain, emptyTable: () -> Bool = { false }) -> String {
        let sink = TextSink()
        Renderer.write(as: format, presentation: presentation, to: sink, emptyTable: emptyTable) { body in
            for item in items { body(item) }
        }
        return sink.text
    }

    static let items = [
        Item(name: "HRFeed", status: "success", note: "Zoë — 人事"),
        Item(name: "Crm\u{0}\u{1B}[2J", status: nil, note: "a \"quoted\", value"),
        Item(name: "=cmd", status: "failed", note: "line\r\nbreak"),
    ]

    @Test func aTableInAPipeIsAlignedByDisplayWidthWithoutTrailingSpaces() {
        // `Zoë — 人事` takes 10 columns (人事 two each), the escaped name 18.
        #expect(
            Self.streamed(Self.items, as: .table) == """
                name                status   note
                ------------------  -------  -----------------
                HRFeed              success  Zoë — 人事
                Crm\\u{00}\\u{1B}[2J           a "quoted", value
                =cmd                failed   line\\r\\nbreak

                """)
    }

    @Test func aTableOnATerminalIsCutColouredAndNoted() {
        // 18 + 7 + 17 and two gaps of 2 is 46: the note column is cut to its minimum, 10, to fit 39.
        let text = Self.streamed(Self.items, as: .table, presentation: Presentation(width: 39, color: true))
        #expect(
            text == """
                name                status   note
                ------------------  -------  ----------
                HRFeed              \u{1B}[32msuccess\u{1B}[0m  Zoë — 人事
                Crm\\u{00}\\u{1B}[2J           a "quoted…
                =cmd                \u{1B}[31mfailed\u{1B}[0m   line\\r\\nb…
                \u{1B}[2m(--wide shows all; … marks cut values)\u{1B}[0m

                """)
    }

    @Test func anEmptyColumnIsHiddenFirstOnATerminal() {
        let name = "HRFeed-connection-with-a-long-name"
        let items = [Item(name: name, status: nil, note: "x"), Item(name: "Crm", status: nil, note: "y")]
        // 34 + 6 + 4 and two gaps is 48; without the empty status column, 40.
        #expect(
            Self.streamed(items, as: .table, presentation: Presentation(width: 40, color: false)) == """
                name                                note
                ----------------------------------  ----
                \(name)  x
                Crm                                 y
                (--wide shows all; empty: status)

                """)
    }

    @Test func jsonIsWrittenRowByRowWithControlsVisible() throws {
        let text = Self.streamed(Array(Self.items.prefix(2)) + [Item(name: "bidi\u{202E}x\u{85}", status: nil, note: nil)], as: .json)
        #expect(
            text == """
                [
                  {"name": "HRFeed", "status": "success", "note": "Zoë — 人事"},
                  {"name": "Crm\\u0000\\u001b[2J", "status": null, "note": "a \\"quoted\\", value"},
                  {"name": "bidi\\u{202E}x\\u{85}", "status": null, "note": null}
                ]

                """)
        #expect(Self.streamed([], as: .json) == "[]\n")
    }

    @Test func csvQuotesEveryLineBreakAndNeutralisesFormulas() {
        #expect(
            Self.streamed(Self.items, as: .csv)
                == "name,status,note\r\nHRFeed,success,Zoë — 人事\r\n"
                + "Crm\\u{00}\\u{1B}[2J,,\"a \"\"quoted\"\", value\"\r\n'=cmd,failed,\"line\r\nbreak\"\r\n")
        #expect(Renderer.csv(fields: ["a"], rows: [["x\r\ny"], ["\"\u{301}"]]) == "a\r\n\"x\r\ny\"\r\n\"\"\"\u{301}\"\r\n")
        #expect(Self.streamed([], as: .csv) == "name,status,note\r\n")
    }

    @Test func anEmptyAnswerIsExplainedOnlyInsteadOfATable() {
        var explained = 0
        #expect(
            Self.streamed(
                [], as: .table,
                emptyTable: {
                    explained += 1
                    return true
                }) == "")
        #expect(explained == 1)
        #expect(
            Self.streamed(
                [], as: .json,
                emptyTable: {
                    explained += 1
                    return true
                }) == "[]\n")
        #expect(
            Self.streamed(
                Self.items, as: .table,
                emptyTable: {
                    explained += 1
                    return true
                }
            ).hasPrefix("name "))
        #expect(explained == 1)
        // Without an explanation, an empty table is its header.
        #expect(Self.streamed([], as: .table) == "name  status  note\n----  ------  ----\n")
    }

    @Test func aShortRowIsPaddedWithEmptyCells() {
        #expect(
            Renderer.table(fields: ["a", "b", "c"], rows: [["1"], ["22", "x", "y", "extra"]], presentation: .plain) == "a   b  c\n--  -  -\n1\n22  x  y\n")
    }
}
