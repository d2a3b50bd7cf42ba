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

    /// Appends UTF-8 bytes as they are (text already laid out and made safe).
    func append(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
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

/// Table rows as a table shows them (values escaped, ``Renderer/display(_:)``), kept as UTF-8 in
/// one buffer: each cell ends with a NUL byte, which no escaped value holds. A listing of hundreds
/// of thousands of rows is measured, then written from here, without a `String` per cell.
struct CompactRows {
    let columns: Int
    private(set) var bytes: [UInt8] = []
    /// Rows appended.
    private(set) var count = 0

    init(columns: Int) { self.columns = columns }

    /// Appends one row; `cells` must be escaped (no control character) and hold `columns` cells.
    mutating func append(_ cells: [String]) {
        for cell in cells {
            bytes.append(contentsOf: cell.utf8)
            bytes.append(0)
        }
        count += 1
    }
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
        write(as: format, presentation: presentation, to: sink, emptyTable: { false }, rows: { (body: (Row) -> Void) in rows.forEach(body) })
    }

    /// Writes the rows `produce` passes to its argument, one at a time: JSON and CSV as each row
    /// comes, so that memory stays flat however many rows there are; a table once every row is
    /// measured (its column widths), the rows kept meanwhile as compact UTF-8 (``CompactRows``).
    /// - Parameter emptyTable: for the table format, called when there is no row; when it returns
    ///   `true` (it wrote a sentence explaining the empty answer), no table is written.
    /// - Throws: what `produce` or `emptyTable` throws (rows written before stay written).
    static func write<Row: Renderable>(
        as format: OutputFormat, presentation: Presentation = .current, to sink: TextSink = .standardOutput(),
        emptyTable: () throws -> Bool = { false }, rows produce: ((Row) -> Void) throws -> Void
    ) rethrows {
        switch format {
        case .table:
            var table = TableBuilder(TableSpec(fields: Row.fields, whole: Row.wholeFields, hideOrder: Row.hideOrder, cutFromStart: Row.cutFromStart))
            try produce { row in table.add(row.cells.map(\.plain)) }
            if table.rows.count == 0, try emptyTable() { return }
            table.write(presentation: presentation, to: sink)
        // JSON escapes control characters itself; in CSV they are written visibly, as `write` does.
        case .json:
            var started = false
            let keys = jsonKeys(Row.fields)
            try produce { row in
                sink.append(started ? ",\n  {" : "[\n  {")
                started = true
                jsonMembers(row.cells, keys: keys, escaping: true, to: sink)
            }
            sink.append(started ? "\n]\n" : "[]\n")
        case .csv:
            csvRecord(Row.fields, escaping: true, to: sink)
            try produce { row in csvRecord(row.cells.map(\.plain), escaping: true, to: sink) }
        }
        sink.flush()
    }

    /// Whether the table of `rows` fits `width` without hiding or cutting anything.
    static func fits<Row: Renderable>(_ rows: [Row], width: Int) -> Bool {
        var table = TableBuilder(TableSpec(fields: Row.fields, whole: Row.wholeFields, hideOrder: Row.hideOrder, cutFromStart: Row.cutFromStart))
        for row in rows { table.add(row.cells.map(\.plain)) }
        return table.naturalWidth <= width
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
        var table = TableBuilder(spec)
        for row in rows { table.add(row) }
        table.write(presentation: presentation, to: sink)
    }

    static func json<Row: Renderable>(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "[]\n" }
        let sink = TextSink()
        let keys = jsonKeys(Row.fields)
        for (index, row) in rows.enumerated() {
            sink.append(index == 0 ? "[\n  {" : ",\n  {")
            jsonMembers(row.cells, keys: keys, escaping: false, to: sink)
        }
        sink.append("\n]\n")
        return sink.text
    }

    /// `"field": ` for each field.
    private static func jsonKeys(_ fields: [String]) -> [String] { fields.map { JSONString.quote($0) + ": " } }

    /// `"field": value, ...}` (the object's members and its closing brace); with `escaping`,
    /// control characters JSON leaves raw (DEL, C1, bidirectional controls) are written visibly
    /// (``TerminalText/escapeKeepingLines(_:)``).
    private static func jsonMembers(_ cells: [Cell], keys: [String], escaping: Bool, to sink: TextSink) {
        for (index, (key, cell)) in zip(keys, cells).enumerated() {
            if index > 0 { sink.append(", ") }
            sink.append(key)
            let value = cell.json
            sink.append(escaping ? TerminalText.escapeKeepingLines(value) : value)
        }
        sink.append("}")
    }

    /// RFC 4180: fields holding a comma, quote or line break are quoted, quotes doubled; a cell a
    /// spreadsheet would run as a formula is neutralised (``TerminalText/neutralisedCSVCell(_:)``).
    static func csv(fields: [String], rows: [[String]]) -> String {
        let sink = TextSink()
        csvRecord(fields, escaping: false, to: sink)
        for row in rows { csvRecord(row, escaping: false, to: sink) }
        return sink.text
    }

    /// One CSV record ending with CR LF; with `escaping`, control characters other than line
    /// breaks and tabs are written visibly (``TerminalText/escapeKeepingLines(_:)``).
    private static func csvRecord(_ cells: [String], escaping: Bool, to sink: TextSink) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { sink.append(",") }
            var value = TerminalText.neutralisedCSVCell(cell)
            if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                var quoted: [UInt8] = [UInt8(ascii: "\"")]
                for byte in value.utf8 {
                    quoted.append(byte)
                    if byte == UInt8(ascii: "\"") { quoted.append(byte) }
                }
                quoted.append(UInt8(ascii: "\""))
                value = String(decoding: quoted, as: UTF8.self)
            }
            sink.append(escaping ? TerminalText.escapeKeepingLines(value) : value)
        }
        sink.append("\r\n")
    }
}

/// A table measured row by row (natural widths, empty columns, file-name floors) and then laid
/// out and written: the rows wait as ``CompactRows``.
struct TableBuilder {
    let spec: TableSpec
    /// The header as shown.
    let fields: [String]
    private(set) var rows: CompactRows
    /// Widest cell of each column, the header included.
    private var natural: [Int]
    /// Whether any row has a value in the column.
    private var filled: [Bool]
    /// Per column cut from its start: the widest last path component plus 2 (``TableLayout/fit``'s floors).
    private var floors: [Int]
    private let fromStart: [Bool]

    init(_ spec: TableSpec) {
        self.spec = spec
        fields = spec.fields.map(Renderer.display)
        rows = CompactRows(columns: fields.count)
        natural = fields.map(DisplayWidth.of)
        filled = Array(repeating: false, count: fields.count)
        floors = Array(repeating: 0, count: fields.count)
        fromStart = spec.fields.map { spec.cutFromStart.contains($0) }
    }

    /// Adds one row of plain values (escaped here).
    mutating func add(_ row: [String]) {
        var shown = row.prefix(fields.count).map(Renderer.display)
        if shown.count < fields.count { shown += Array(repeating: "", count: fields.count - shown.count) }
        for (i, text) in shown.enumerated() {
            let width = DisplayWidth.of(text)
            if width > natural[i] { natural[i] = width }
            if !text.isEmpty { filled[i] = true }
            // A path cut from its start keeps its file name whole (`…/HR Connector.xml`), so that
            // files of the same name ending stay apart.
            if fromStart[i] { floors[i] = max(floors[i], DisplayWidth.of(String(text.split(separator: "/").last ?? "")) + 2) }
        }
        rows.append(shown)
    }

    /// The width of the table with every column at its natural width.
    var naturalWidth: Int { natural.reduce(0, +) + TableLayout.gap * max(natural.count - 1, 0) }

    func write(presentation: Presentation, to sink: TextSink) {
        let count = fields.count
        // A column with no value in any row is hidden before any other.
        let empty = fields.indices.filter { i in !spec.whole.contains(fields[i]) && rows.count > 0 && !filled[i] }
        let hideOrder = empty + spec.hideOrder.compactMap { fields.firstIndex(of: $0) }.filter { !empty.contains($0) }
        let layout = TableLayout.fit(
            natural: natural, header: fields.map(DisplayWidth.of), whole: fields.map { spec.whole.contains($0) },
            hideOrder: hideOrder, width: presentation.width, floors: floors)
        let visible = layout.indices.filter { layout[$0] != nil }
        let last = visible.last
        let colored = fields.map { Style.coloredFields.contains($0) }
        let cutFromStart = fields.map { spec.cutFromStart.contains($0) }
        var cut = false
        // Padding is written only before a non-empty cell: no line ends with spaces.
        func header(_ cells: [String]) {
            var pending = 0
            for i in visible {
                let width = layout[i]!
                var text = cells[i]
                var textWidth = DisplayWidth.of(text)
                if textWidth > width {
                    text = DisplayWidth.truncate(text, to: width)
                    textWidth = DisplayWidth.of(text)
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
        header(fields)
        header(layout.map { $0.map { String(repeating: "-", count: $0) } ?? "" })
        rows.bytes.withUnsafeBufferPointer { bytes in
            var position = 0
            for _ in 0..<rows.count {
                var pending = 0
                for i in 0..<count {
                    let start = position
                    var ascii = true
                    while bytes[position] != 0 {
                        if bytes[position] >= 0x80 { ascii = false }
                        position += 1
                    }
                    let cell = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    guard let width = layout[i] else { continue }
                    var textWidth = ascii ? cell.count : DisplayWidth.of(String(decoding: cell, as: UTF8.self))
                    if textWidth > width || (presentation.color && colored[i]) {
                        var text = String(decoding: cell, as: UTF8.self)
                        if textWidth > width {
                            text = cutFromStart[i] ? DisplayWidth.truncateLeading(text, to: width) : DisplayWidth.truncate(text, to: width)
                            textWidth = DisplayWidth.of(text)
                            cut = true
                        }
                        if presentation.color, colored[i], let style = Style.forValue(text) { text = style.apply(text, when: true) }
                        if !text.isEmpty {
                            sink.append(spaces: pending)
                            sink.append(text)
                            pending = 0
                        }
                    } else if !cell.isEmpty {
                        sink.append(spaces: pending)
                        sink.append(bytes: cell)
                        pending = 0
                    }
                    if i != last { pending += width - textWidth + TableLayout.gap }
                }
                sink.append("\n")
            }
        }
        let hidden = fields.indices.filter { layout[$0] == nil }.map { fields[$0] }
        if let width = presentation.width, cut || !hidden.isEmpty {
            var note = "(--wide shows all"
            if !hidden.isEmpty { note += "; hidden: " + hidden.joined(separator: ", ") }
            note += (cut ? "; … marks cut values)" : ")")
            for piece in CheckRendering.wrap(note, width: width) { sink.append(Style.dim.apply(piece, when: presentation.color) + "\n") }
        }
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
