import ConnectionCatalog
import Foundation

/// One cell of a rendered row.
enum Cell: Equatable {
    case text(String?)
    case int(Int?)
    /// `nil` is shown as empty (table, CSV) or `null` (JSON).
    case bool(Bool?)
    case list([String])

    /// Plain text for table and CSV output (`null` is empty).
    var plain: String {
        switch self {
        case .text(let value): return value ?? ""
        case .int(let value): return value.map(String.init) ?? ""
        case .bool(let value): return value.map { $0 ? "true" : "false" } ?? ""
        case .list(let values): return values.joined(separator: ", ")
        }
    }

    var json: String {
        switch self {
        case .text(let value): return value.map(JSONString.quote) ?? "null"
        case .int(let value): return value.map(String.init) ?? "null"
        case .bool(let value): return value.map { $0 ? "true" : "false" } ?? "null"
        case .list(let values): return "[" + values.map(JSONString.quote).joined(separator: ", ") + "]"
        }
    }
}

/// A value rendered as one row: field names (a contract for JSON and CSV) and cells.
protocol Renderable {
    static var fields: [String] { get }
    var cells: [Cell] { get }
    /// Fields a narrowed table keeps whole (identifiers a person copies or searches for).
    static var wholeFields: Set<String> { get }
    /// Fields a table hides, first first, when it cannot fit the terminal otherwise.
    static var hideOrder: [String] { get }
    /// Fields cut at their start when too wide (`…/Conf/HR.xml`): paths, whose end matters most.
    static var cutFromStart: Set<String> { get }
}

extension Renderable {
    static var wholeFields: Set<String> { [fields[0]] }
    static var hideOrder: [String] { [] }
    static var cutFromStart: Set<String> { ["file"] }
}

/// JSON string literals of the output (the library's writer: one escaping everywhere).
enum JSONString {
    static func quote(_ value: String) -> String { JSONText.string(value) }
}

/// Where rendered text goes: standard output in 64 KiB pieces, or a string (tests, composition).
final class TextSink {
    private var buffer: [UInt8] = []
    private let handle: FileHandle?

    /// A sink that writes to `handle` as it fills; `nil` collects everything for ``text``.
    init(writingTo handle: FileHandle? = nil) {
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    static func standardOutput() -> TextSink { TextSink(writingTo: .standardOutput) }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if handle != nil, buffer.count >= 1 << 16 { flush() }
    }

    func append(spaces count: Int) {
        if count > 0 { buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }

    func flush() {
        guard let handle, !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything appended (a sink without a handle).
    var text: String { String(decoding: buffer, as: UTF8.self) }
}

/// How a table's columns behave when it is narrowed to a width.
struct TableSpec {
    var fields: [String]
    /// Fields kept whole where possible.
    var whole: Set<String> = []
    /// Fields hidden, first first, when narrowing alone cannot fit the width.
    var hideOrder: [String] = []
    /// Fields cut at their start (`…Connector.xml`): paths, whose end matters most.
    var cutFromStart: Set<String> = ["file"]
}

/// Column widths of a table narrowed to a terminal's width.
enum TableLayout {
    /// Two spaces between columns.
    static let gap = 2

    /// The width of each column, `nil` for a hidden one. Without `width`, every column keeps its
    /// natural width. Otherwise, when the natural widths do not fit: hide columns in `hideOrder`
    /// until the rest fits at their minimum widths, then cut the widest cells of the columns that
    /// are not kept whole (never below 12 columns, or their header up to 14, unless the whole
    /// value is narrower; then, if needed, down to 6), then, only when that is not enough, every
    /// column.
    /// - Parameter floors: per column, a width it keeps until the last resort (a path's file
    ///   name), empty for none.
    static func fit(natural: [Int], header: [Int], whole: [Bool], hideOrder: [Int], width: Int?, floors: [Int] = []) -> [Int?] {
        let count = natural.count
        var result = natural.map { Optional($0) }
        guard let width, count > 0 else { return result }
        func total(_ columns: [Int], _ columnWidth: (Int) -> Int) -> Int {
            columns.reduce(0) { $0 + columnWidth($1) } + gap * max(columns.count - 1, 0)
        }
        var visible = Array(0..<count)
        if total(visible, { natural[$0] }) <= width { return result }
        func least(_ i: Int) -> Int { i < floors.count ? min(floors[i], natural[i]) : 0 }
        func minimum(_ i: Int) -> Int { whole[i] ? natural[i] : max(least(i), min(natural[i], max(12, min(header[i], 14)))) }
        for i in hideOrder where total(visible, minimum) > width && visible.count > 1 {
            visible.removeAll { $0 == i }
            result[i] = nil
        }
        // Columns at or under `floor` keep their width; the others shrink to a common cap.
        func widths(cap: Int, floor: (Int) -> Int, shrinking: (Int) -> Bool) -> [Int: Int] {
            var out: [Int: Int] = [:]
            for i in visible { out[i] = shrinking(i) ? max(floor(i), min(natural[i], cap)) : natural[i] }
            return out
        }
        // Identifiers and times are cut last: the other columns go down to 6 columns before them.
        func lowMinimum(_ i: Int) -> Int { whole[i] ? natural[i] : max(least(i), min(natural[i], 6)) }
        let floor: (Int) -> Int
        let shrinking: (Int) -> Bool
        if total(visible, minimum) <= width {
            (floor, shrinking) = (minimum, { !whole[$0] })
        } else if total(visible, lowMinimum) <= width {
            (floor, shrinking) = (lowMinimum, { !whole[$0] })
        } else {
            (floor, shrinking) = ({ min(natural[$0], 1) }, { _ in true })
        }
        var low = 0
        var high = natural.max() ?? 0
        while low < high {
            let middle = (low + high + 1) / 2
            let candidate = widths(cap: middle, floor: floor, shrinking: shrinking)
            if total(visible, { candidate[$0]! }) <= width { low = middle } else { high = middle - 1 }
        }
        var chosen = widths(cap: low, floor: floor, shrinking: shrinking)
        var left = width - total(visible, { chosen[$0]! })
        for i in visible where left > 0 && chosen[i]! < natural[i] {
            chosen[i]! += 1
            left -= 1
        }
        for i in visible { result[i] = chosen[i] }
        return result
    }
}

/// Pure renderers: rows in, text out.
enum Renderer {
    static func render<Row: Renderable>(_ rows: [Row], as format: OutputFormat, presentation: Presentation = .current) -> String {
        let sink = TextSink()
        write(rows, as: format, presentation: presentation, to: sink)
        return sink.text
    }

    /// Writes `rows` to `sink` (standard output by default) as they are laid out.
    static func write<Row: Renderable>(
        _ rows: [Row], as format: OutputFormat, presentation: Presentation = .current,
        to sink: TextSink = .standardOutput()
    ) {
        switch format {
        case .table:
            table(
                TableSpec(fields: Row.fields, whole: Row.wholeFields, hideOrder: Row.hideOrder, cutFromStart: Row.cutFromStart),
                rows: rows.map { $0.cells.map(\.plain) }, presentation: presentation, to: sink)
        // JSON escapes control characters itself; in CSV they are written visibly, as `write` does.
        case .json: sink.append(TerminalText.escapeKeepingLines(json(rows)))
        case .csv: sink.append(TerminalText.escapeKeepingLines(csv(fields: Row.fields, rows: rows.map { $0.cells.map(\.plain) })))
        }
        sink.flush()
    }

    /// A value as a table shows it: control characters written visibly, never sent raw
    /// (``TerminalText/escape(_:)``).
    static func display(_ value: String) -> String { TerminalText.escape(value) }

    /// A table: header, dashes, one line per row; columns two spaces apart, the last one not
    /// padded. With a width (a terminal), the table is narrowed to it (``TableLayout``) and a
    /// last line says what was hidden or cut.
    static func table(fields: [String], rows: [[String]], presentation: Presentation = .current) -> String {
        let sink = TextSink()
        table(TableSpec(fields: fields, whole: [fields.first ?? ""]), rows: rows, presentation: presentation, to: sink)
        return sink.text
    }

    static func table(_ spec: TableSpec, rows: [[String]], presentation: Presentation = .current, to sink: TextSink) {
        let fields = spec.fields.map(display)
        let rows = rows.map { $0.map(display) }
        let header = fields.map(DisplayWidth.of)
        var natural = header
        var cellWidths = [[Int]]()
        cellWidths.reserveCapacity(rows.count)
        for row in rows {
            let widths = row.map(DisplayWidth.of)
            for i in widths.indices where widths[i] > natural[i] { natural[i] = widths[i] }
            cellWidths.append(widths)
        }
        // A column with no value in any row is hidden before any other.
        let empty = fields.indices.filter { i in !spec.whole.contains(fields[i]) && !rows.isEmpty && rows.allSatisfy { $0[i].isEmpty } }
        let hideOrder = empty + spec.hideOrder.compactMap { fields.firstIndex(of: $0) }.filter { !empty.contains($0) }
        // A path cut from its start keeps its file name whole (`…/HR Connector.xml`), so that
        // files of the same name ending stay apart.
        let floors = fields.indices.map { i in
            spec.cutFromStart.contains(spec.fields[i])
                ? rows.map { DisplayWidth.of(String($0[i].split(separator: "/").last ?? "")) + 2 }.max() ?? 0 : 0
        }
        let layout = TableLayout.fit(
            natural: natural, header: header, whole: fields.map { spec.whole.contains($0) },
            hideOrder: hideOrder, width: presentation.width, floors: floors)
        let visible = layout.indices.filter { layout[$0] != nil }
        let last = visible.last
        let colored = Set(fields.indices.filter { Style.coloredFields.contains(fields[$0]) })
        let fromStart = Set(fields.indices.filter { spec.cutFromStart.contains(fields[$0]) })
        var cut = false
        func line(_ cells: [String], _ widths: [Int], isHeader: Bool = false) {
            // Padding is written only before a non-empty cell: no line ends with spaces.
            var pending = 0
            for i in visible {
                let width = layout[i]!
                var text = cells[i]
                var textWidth = widths[i]
                if textWidth > width {
                    text =
                        !isHeader && fromStart.contains(i)
                        ? DisplayWidth.truncateLeading(text, to: width)
                        : DisplayWidth.truncate(text, to: width)
                    textWidth = DisplayWidth.of(text)
                    if !isHeader { cut = true }
                }
                if presentation.color, !isHeader, colored.contains(i), let style = Style.forValue(text) {
                    text = style.apply(text, when: true)
                }
                if !text.isEmpty {
                    sink.append(spaces: pending)
                    sink.append(text)
                    pending = 0
                }
                if i != last { pending += width - textWidth + TableLayout.gap }
            }
            sink.append("\n")
        }
        line(fields, header, isHeader: true)
        let dashes = layout.map { $0.map { String(repeating: "-", count: $0) } ?? "" }
        line(dashes, layout.map { $0 ?? 0 }, isHeader: true)
        for (row, widths) in zip(rows, cellWidths) { line(row, widths) }
        let hidden = fields.indices.filter { layout[$0] == nil }.map { fields[$0] }
        if let width = presentation.width, cut || !hidden.isEmpty {
            var note = "(--wide shows all"
            if !hidden.isEmpty { note += "; hidden: " + hidden.joined(separator: ", ") }
            note += (cut ? "; … marks cut values)" : ")")
            for piece in CheckRendering.wrap(note, width: width) { sink.append(Style.dim.apply(piece, when: presentation.color) + "\n") }
        }
    }
    static func json<Row: Renderable>(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "[]\n" }
        let fields = Row.fields
        let objects = rows.map { row in
            "  {" + zip(fields, row.cells).map { "\(JSONString.quote($0)): \($1.json)" }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// RFC 4180: fields holding a comma, quote or line break are quoted, quotes doubled; a cell a
    /// spreadsheet would run as a formula is neutralised (``TerminalText/neutralisedCSVCell(_:)``).
    static func csv(fields: [String], rows: [[String]]) -> String {
        func escape(_ value: String) -> String {
            let value = TerminalText.neutralisedCSVCell(value)
            return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([fields] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

extension ConnectionSummary: FieldListed {
    static let wholeFields: Set<String> = ["connection", "connector", "schema_status", "last_refresh_at", "last_success_at", "line"]
    static let hideOrder = ["has_agent_settings", "package", "last_refresh_at", "line", "file", "connector", "display_name"]
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.connection) { .text($0.connection) },
        RowField(CodingKeys.displayName) { .text($0.displayName) },
        RowField(CodingKeys.connector) { .text($0.connector) },
        RowField(CodingKeys.package) { .text($0.package) },
        RowField(CodingKeys.hasAgentSettings) { .bool($0.hasAgentSettings) },
        RowField(CodingKeys.schemaStatus) { .text($0.schemaStatus) },
        RowField(CodingKeys.lastRefreshAt) { .text($0.lastRefreshAt) },
        RowField(CodingKeys.lastSuccessAt) { .text($0.lastSuccessAt) },
        RowField(CodingKeys.file) { .text($0.file) },
        RowField(CodingKeys.line) { .int($0.line) },
    ]
}

extension TableSummary: FieldListed {
    static let wholeFields: Set<String> = ["connection", "table", "snapshot_at"]
    static let hideOrder = ["source", "snapshot_at"]
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.connection) { .text($0.connection) },
        RowField(CodingKeys.table) { .text($0.table) },
        RowField(CodingKeys.columnCount) { .int($0.columnCount) },
        RowField(CodingKeys.snapshotAt) { .text($0.snapshotAt) },
        RowField(CodingKeys.stale) { .bool($0.stale) },
        RowField(CodingKeys.mapped) { .bool($0.mapped) },
        RowField(CodingKeys.source) { .text($0.source.rawValue) },
    ]
}

extension AvailableColumn: FieldListed {
    static let wholeFields: Set<String> = ["connection", "table", "column"]
    static let hideOrder = ["source", "technical", "stale", "position"]
    static let fieldList: [RowField<Self>] = [
        RowField(CodingKeys.connection) { .text($0.connection) },
        RowField(CodingKeys.table) { .text($0.table) },
        RowField(CodingKeys.column) { .text($0.column) },
        RowField(CodingKeys.position) { .int($0.position) },
        RowField(CodingKeys.technical) { .bool($0.technical) },
        RowField(CodingKeys.stale) { .bool($0.stale) },
        RowField(CodingKeys.mappedBy) { .list($0.mappedBy) },
        RowField(CodingKeys.source) { .text($0.source.rawValue) },
    ]
}
