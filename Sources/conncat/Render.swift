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
    /// How each column gives way when a table is narrowed to a terminal's width (``ColumnRule``),
    /// by field name: what the command's question needs most is kept longest. A field not named
    /// is cut at its end and hidden early; the first field is kept whole.
    static var columnRules: [String: ColumnRule] { get }
}

extension Renderable {
    static var columnRules: [String: ColumnRule] { [fields[0]: .whole(100)] }
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

    /// Appends `text` as a JSON string literal when it is printable ASCII (U+0020-U+007E): only
    /// `"` and the backslash are escaped, and nothing is left for ``TerminalText`` to rewrite; the
    /// same bytes as ``JSONString/quote(_:)``, without a `String` per value. Returns `false`,
    /// having appended nothing, for any other text.
    func appendJSONString(ifPrintableASCII text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
            buffer.append(UInt8(ascii: "\""))
            if utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                var escaped: [UInt8] = []
                escaped.reserveCapacity(utf8.count + 8)
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { escaped.append(UInt8(ascii: "\\")) }
                    escaped.append(byte)
                }
                buffer.append(contentsOf: escaped)
            } else {
                buffer.append(contentsOf: utf8)
            }
            buffer.append(UInt8(ascii: "\""))
            return true
        }
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

/// How one column of a table gives way when the table is narrowed to a terminal's width: each
/// command declares, per field, what its question needs (``Renderable/columnRules``).
struct ColumnRule: Sendable, Equatable {
    enum Fit: Sendable, Equatable {
        /// Kept whole (identifiers, times, counts); cut only when nothing else is left to give.
        case whole
        /// Wrapped onto more lines, at spaces first, else after `,` `:` `/` `_` (prose, lists):
        /// nothing is lost.
        case wrap
        /// Cut at its end with `…`.
        case cut
        /// Cut at its start, at a `/` where one is left (`…/HR/HR Connector.xml`): a path, whose
        /// end names the file.
        case cutStart
        /// A value that may be a path: a path is cut in its middle, keeping its first folder and
        /// its end (`D:/…/HR/hr_extract.csv`); other text is cut at its end.
        case cutMiddle
    }

    var fit: Fit
    /// Higher is kept longer: columns are hidden lowest first, and the width left beyond every
    /// column's minimum goes to the highest first.
    var priority: Int
    /// Narrowest the column is shown, in terminal columns (never narrower than its header, which
    /// is never cut, nor wider than its widest value).
    var minimum: Int
    /// Whether the column is dropped, with a note, when space is short and every row has the same
    /// value (columns of `true`/`false` and empty columns always are).
    var collapsible = false

    static func whole(_ priority: Int) -> ColumnRule { ColumnRule(fit: .whole, priority: priority, minimum: 0) }
    static func wrap(_ priority: Int, minimum: Int = 20) -> ColumnRule { ColumnRule(fit: .wrap, priority: priority, minimum: minimum) }
    static func cut(_ priority: Int, minimum: Int = 10) -> ColumnRule { ColumnRule(fit: .cut, priority: priority, minimum: minimum) }
    static func path(_ priority: Int, minimum: Int = 16) -> ColumnRule {
        ColumnRule(fit: .cutStart, priority: priority, minimum: minimum)
    }
    static func value(_ priority: Int, minimum: Int = 16) -> ColumnRule {
        ColumnRule(fit: .cutMiddle, priority: priority, minimum: minimum)
    }
    /// The same rule, dropped with a note when every row has the same value (a kind, a source).
    var collapsing: ColumnRule {
        var rule = self
        rule.collapsible = true
        return rule
    }

    /// The rule of a field that a command does not name: the first field whole, a `file` cut at
    /// its start, anything else cut at its end and hidden early.
    static func fallback(for field: String, first: Bool) -> ColumnRule {
        if first { return .whole(100) }
        return field == "file" ? .path(10) : .cut(5)
    }
}

/// How a table's columns behave when it is narrowed to a width.
struct TableSpec {
    var fields: [String]
    /// One rule per field.
    var rules: [ColumnRule]

    init(fields: [String], rules: [String: ColumnRule]) {
        self.fields = fields
        self.rules = fields.enumerated().map { rules[$1] ?? .fallback(for: $1, first: $0 == 0) }
    }

    /// Fields kept whole (highest priority first in `whole`'s field order), hidden in `hideOrder`
    /// first, the others cut (at their start for `cutFromStart`).
    init(fields: [String], whole: Set<String> = [], hideOrder: [String] = [], cutFromStart: Set<String> = ["file"]) {
        var rules: [String: ColumnRule] = [:]
        for (index, field) in fields.enumerated() {
            let rank = 60 - index
            if whole.contains(field) {
                rules[field] = .whole(100 - index)
            } else if let hide = hideOrder.firstIndex(of: field) {
                rules[field] = cutFromStart.contains(field) ? .path(1 + hide, minimum: 12) : .cut(1 + hide, minimum: 12)
            } else {
                rules[field] = cutFromStart.contains(field) ? .path(rank, minimum: 12) : .cut(rank, minimum: 12)
            }
        }
        self.init(fields: fields, rules: rules)
    }
}

/// Column widths of a table narrowed to a terminal's width.
enum TableLayout {
    /// Two spaces between columns.
    static let gap = 2
    /// The narrowest a column that may be cut or wrapped is shown below its rule's minimum
    /// rather than hidden (``fit(_:width:)``).
    static let narrowest = 12

    /// What the layout knows of one column.
    struct Column {
        /// Widest cell, the header included.
        var natural: Int
        /// The header's width (kept whole while the column's minimum can be).
        var header: Int
        var rule: ColumnRule
        /// A width the column keeps until the last resort (a path's file name plus `…/`), 0 for none.
        var floor = 0
        /// Whether the column may be dropped with a note (empty, or the same value in every row).
        var constant = false
        /// Whether the column is empty in every row: it goes before a column of one value.
        var empty = false
    }

    /// The width of each column, `nil` for a hidden one. Without `width`, or when the natural
    /// widths fit, every column keeps its natural width. Otherwise: drop the constant columns,
    /// the empty ones first, then lowest priority first, until the natural widths fit or none is left; then hide columns,
    /// lowest priority first, until the others fit at their minimum (a whole column's minimum is
    /// its natural width), except that a column cut or wrapped takes the width the others leave
    /// it, below its minimum, when that is at least its header and ``narrowest``; then give each its minimum and the rest of the width to the highest
    /// priorities first. A column still cut or wrapped then takes the place of a column of at
    /// most a third of its priority when that makes it whole (a wrapped one: at least 8 columns
    /// wider), and what is left goes again by priority. Only when the columns left do not
    /// fit at their minimums are whole columns cut.
    static func fit(_ columns: [Column], width: Int?) -> [Int?] {
        var result = columns.map { Optional($0.natural) }
        guard let width, !columns.isEmpty else { return result }
        var visible = Array(columns.indices)
        func total(_ widthOf: (Int) -> Int) -> Int { visible.reduce(0) { $0 + widthOf($1) } + gap * max(visible.count - 1, 0) }
        if total({ columns[$0].natural }) <= width { return result }
        // Lowest priority first; of equal priorities, the later field first.
        let dropOrder = columns.indices.sorted { a, b in
            columns[a].rule.priority != columns[b].rule.priority ? columns[a].rule.priority < columns[b].rule.priority : a > b
        }
        // Empty columns first (they say nothing), then those of one value (the note says it).
        for i in dropOrder.filter({ columns[$0].empty }) + dropOrder.filter({ !columns[$0].empty })
        where columns[i].constant && visible.count > 1 && total({ columns[$0].natural }) > width {
            visible.removeAll { $0 == i }
            result[i] = nil
        }
        // Narrower than their rule's minimum: columns kept cut or wrapped to the width left.
        var narrowed: [Int: Int] = [:]
        func minimum(_ i: Int) -> Int {
            let column = columns[i]
            if column.rule.fit == .whole { return column.natural }
            if let narrow = narrowed[i] { return narrow }
            return min(column.natural, max(column.rule.minimum, column.header, column.floor))
        }
        for i in dropOrder where visible.contains(i) && visible.count > 1 && total(minimum) > width {
            // A column that may be cut or wrapped takes the width the others leave it, when that
            // shows its header and a useful part of its values, rather than being hidden: the
            // table uses the width it has before it hides a column.
            let left = width - (total(minimum) - minimum(i))
            if columns[i].rule.fit != .whole, left >= max(columns[i].header, columns[i].floor, narrowest) {
                narrowed[i] = left
                continue
            }
            visible.removeAll { $0 == i }
            result[i] = nil
        }
        // The last resort: the columns left are cut down to 6 columns, then to what the width allows.
        var chosen: [Int: Int] = [:]
        for i in visible { chosen[i] = minimum(i) }
        if total({ chosen[$0]! }) > width {
            for i in visible { chosen[i] = min(columns[i].natural, 6) }
            if total({ chosen[$0]! }) > width {
                let each = max(1, (width - gap * (visible.count - 1)) / visible.count)
                for i in visible { chosen[i] = min(columns[i].natural, each) }
            }
        }
        var left = width - total({ chosen[$0]! })
        // A value cut by a few columns only is made whole first: a cut name costs more than a
        // wrapped line.
        for i in dropOrder.reversed() where visible.contains(i) && columns[i].rule.fit != .wrap {
            let need = columns[i].natural - chosen[i]!
            if need > 0, need <= 3, need <= left {
                chosen[i]! += need
                left -= need
            }
        }
        for i in dropOrder.reversed() where visible.contains(i) && left > 0 {
            let more = min(left, columns[i].natural - chosen[i]!)
            chosen[i]! += more
            left -= more
        }
        // A column cut or wrapped takes the place of a column of at most a third of its priority
        // when that makes it whole, or, for a wrapped column, 8 columns wider (an id beside an
        // error that wraps for want of it).
        for i in dropOrder.reversed() where visible.contains(i) && chosen[i]! < columns[i].natural {
            let need = columns[i].natural - chosen[i]!
            guard
                let j = dropOrder.first(where: {
                    visible.contains($0) && $0 != i && columns[$0].rule.priority * 3 <= columns[i].rule.priority
                        && (chosen[$0]! + gap >= need || (columns[i].rule.fit == .wrap && chosen[$0]! + gap >= 8))
                })
            else { continue }
            visible.removeAll { $0 == j }
            result[j] = nil
            chosen[i]! += min(need, chosen[j]! + gap)
            left += max(0, chosen[j]! + gap - need)
            chosen[j] = nil
        }
        // What the columns taken away left goes to the highest priorities again.
        for i in dropOrder.reversed() where visible.contains(i) && left > 0 {
            let more = min(left, columns[i].natural - chosen[i]!)
            chosen[i]! += more
            left -= more
        }
        for i in visible { result[i] = chosen[i] }
        return result
    }

    /// `text` wrapped to lines of at most `width` columns: at the last space that leaves the line
    /// at least half full or before a word that fits a line of its own, else after the last `,`
    /// `;` `:` `/` `\` `_` `-` `.` `=` `&` `?`, else where the width ends. Nothing is lost but the
    /// spaces at a break.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var rest = Substring(text)
        let punctuation: Set<Character> = [",", ";", ":", "/", "\\", "_", "-", ".", "=", "&", "?"]
        /// The width of the word that starts after the space at `index`.
        func wordWidth(after index: String.Index) -> Int {
            let start = rest.index(after: index)
            return DisplayWidth.of(String(rest[start...].prefix { $0 != " " }))
        }
        while DisplayWidth.of(String(rest)) > width {
            var used = 0
            var end = rest.startIndex
            var lastSpace: (index: String.Index, used: Int)?
            var lastMark: String.Index?
            for index in rest.indices {
                let character = rest[index]
                let w = DisplayWidth.of(String(character))
                if used + w > width {
                    // A space right after a full line is a break too.
                    if character == " " { lastSpace = (index, used) }
                    break
                }
                used += w
                end = rest.index(after: index)
                if character == " ", index > rest.startIndex { lastSpace = (index, used - w) }
                if punctuation.contains(character) { lastMark = end }
            }
            if end == rest.startIndex { end = rest.index(after: rest.startIndex) }  // a character wider than the column
            var cut = end
            var next = end
            // A break at the last space, when the line is half full or the word after it fits a
            // line of its own: a name (`LdapExport_entries.csv:`) moves whole to the next line
            // rather than being broken at its `_`.
            if let space = lastSpace, space.used > 0, space.used * 2 >= width || wordWidth(after: space.index) <= width {
                cut = space.index
                next = rest.index(after: space.index)
            } else if let mark = lastMark {
                cut = mark
                next = mark
            }
            var line = String(rest[rest.startIndex..<cut])
            while line.last == " " { line.removeLast() }
            lines.append(line)
            rest = rest[next...]
            while rest.first == " " { rest = rest.dropFirst() }
        }
        if !rest.isEmpty || lines.isEmpty { lines.append(String(rest)) }
        return lines
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
            var table = TableBuilder(TableSpec(fields: Row.fields, rules: Row.columnRules))
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
        var table = TableBuilder(TableSpec(fields: Row.fields, rules: Row.columnRules))
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
            // Most values are identifiers and names in printable ASCII: written as they are quoted.
            if case .text(let text?) = cell, sink.appendJSONString(ifPrintableASCII: text) { continue }
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

/// A table measured row by row (natural widths, empty and constant columns, file-name floors)
/// and then laid out and written: the rows wait as ``CompactRows``.
struct TableBuilder {
    let spec: TableSpec
    /// The header as shown.
    let fields: [String]
    private(set) var rows: CompactRows
    /// Widest cell of each column, the header included.
    private var natural: [Int]
    /// Whether any row has a value in the column.
    private var filled: [Bool]
    /// The first row's value of each column, and whether every row since had the same.
    private var first: [String] = []
    private var same: [Bool]
    /// Per column cut from its start: the widest last path component plus 2 (``TableLayout/fit(_:width:)``'s floors).
    private var floors: [Int]
    private let fromStart: [Bool]

    init(_ spec: TableSpec) {
        self.spec = spec
        fields = spec.fields.map(Renderer.display)
        rows = CompactRows(columns: fields.count)
        natural = fields.map(DisplayWidth.of)
        filled = Array(repeating: false, count: fields.count)
        same = Array(repeating: true, count: fields.count)
        floors = Array(repeating: 0, count: fields.count)
        fromStart = spec.rules.map { $0.fit == .cutStart }
    }

    /// Adds one row of plain values (escaped here).
    mutating func add(_ row: [String]) {
        var shown = row.prefix(fields.count).map(Renderer.display)
        if shown.count < fields.count { shown += Array(repeating: "", count: fields.count - shown.count) }
        if rows.count == 0 { first = shown }
        for (i, text) in shown.enumerated() {
            let width = DisplayWidth.of(text)
            if width > natural[i] { natural[i] = width }
            if !text.isEmpty { filled[i] = true }
            if same[i], rows.count > 0, text != first[i] { same[i] = false }
            // A path cut from its start keeps its file name whole (`…/HR Connector.xml`), so that
            // files of the same name ending stay apart.
            if fromStart[i], text.utf8.contains(UInt8(ascii: "/")) {
                floors[i] = max(floors[i], DisplayWidth.of(String(text.split(separator: "/").last ?? "")) + 2)
            }
        }
        rows.append(shown)
    }

    /// The width of the table with every column at its natural width.
    var naturalWidth: Int { natural.reduce(0, +) + TableLayout.gap * max(natural.count - 1, 0) }

    /// Whether column `i` says nothing a note cannot: no value in any row, or the same
    /// `true`/`false` in every row, or the same value of a collapsible column (one row included:
    /// such a column goes to the note before any value is cut).
    private func constant(_ i: Int) -> Bool {
        guard rows.count > 0, i > 0 else { return false }
        if !filled[i] { return true }
        let rule = spec.rules[i]
        return same[i] && (rule.collapsible || first[i] == "true" || first[i] == "false")
    }

    func write(presentation: Presentation, to sink: TextSink) {
        let count = fields.count
        let columns = fields.indices.map { i in
            TableLayout.Column(
                natural: natural[i], header: DisplayWidth.of(fields[i]), rule: spec.rules[i], floor: floors[i], constant: constant(i),
                empty: rows.count > 0 && !filled[i])
        }
        let layout = TableLayout.fit(columns, width: presentation.width)
        let visible = layout.indices.filter { layout[$0] != nil }
        let last = visible.last
        let colored = fields.map { Style.coloredFields.contains($0) }
        let fits = spec.rules.map(\.fit)
        var cut = false
        // Padding is written only before a non-empty cell: no line ends with spaces.
        func line(_ cells: [Int: String]) {
            var pending = 0
            for i in visible {
                let width = layout[i]!
                var text = cells[i] ?? ""
                var textWidth = DisplayWidth.of(text)
                if textWidth > width {
                    text = DisplayWidth.truncate(text, to: width)
                    textWidth = DisplayWidth.of(text)
                }
                if presentation.color, colored[i], let style = Style.forValue(text) { text = style.apply(text, when: true) }
                if !text.isEmpty {
                    sink.append(spaces: pending)
                    sink.append(text)
                    pending = 0
                }
                if i != last { pending += width - textWidth + TableLayout.gap }
            }
            sink.append("\n")
        }
        // A cell as shown in `width` columns: lines of a wrapped column, else one line, cut if needed.
        func shown(_ text: String, _ i: Int, width: Int) -> [String] {
            switch fits[i] {
            case .wrap: return TableLayout.wrap(text, width: width)
            case .cutStart: return [DisplayWidth.truncateLeading(text, to: width)]
            case .cutMiddle: return [DisplayWidth.truncateMiddle(text, to: width)]
            case .whole, .cut: return [DisplayWidth.truncate(text, to: width)]
            }
        }
        var headerCells: [Int: String] = [:]
        var dashes: [Int: String] = [:]
        for i in visible {
            headerCells[i] = fields[i]
            dashes[i] = String(repeating: "-", count: layout[i]!)
        }
        line(headerCells)
        line(dashes)
        rows.bytes.withUnsafeBufferPointer { bytes in
            var position = 0
            var cells = [(start: Int, end: Int, ascii: Bool)](repeating: (0, 0, true), count: count)
            for _ in 0..<rows.count {
                var wraps = false
                for i in 0..<count {
                    let start = position
                    var ascii = true
                    while bytes[position] != 0 {
                        if bytes[position] >= 0x80 { ascii = false }
                        position += 1
                    }
                    cells[i] = (start, position, ascii)
                    position += 1
                    if fits[i] == .wrap, let width = layout[i], position - 1 - start > width {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
                        if DisplayWidth.of(text) > width { wraps = true }
                    }
                }
                if wraps {
                    // Wrapped cells: as many lines as the tallest cell, the other cells on the first.
                    var lines: [Int: [String]] = [:]
                    var height = 1
                    for i in visible {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[cells[i].start..<cells[i].end]), as: UTF8.self)
                        let pieces = shown(text, i, width: layout[i]!)
                        if fits[i] != .wrap, pieces.first != text { cut = true }
                        lines[i] = pieces
                        height = max(height, pieces.count)
                    }
                    for n in 0..<height {
                        var lineCells: [Int: String] = [:]
                        for i in visible { lineCells[i] = n < lines[i]!.count ? lines[i]![n] : "" }
                        line(lineCells)
                    }
                    continue
                }
                var pending = 0
                for i in visible {
                    let width = layout[i]!
                    let cell = UnsafeBufferPointer(rebasing: bytes[cells[i].start..<cells[i].end])
                    var textWidth = cells[i].ascii ? cell.count : DisplayWidth.of(String(decoding: cell, as: UTF8.self))
                    if textWidth > width || (presentation.color && colored[i]) {
                        var text = String(decoding: cell, as: UTF8.self)
                        if textWidth > width {
                            text = shown(text, i, width: width)[0]
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
        guard let width = presentation.width else { return }
        var parts: [String] = []
        let dropped = fields.indices.filter { layout[$0] == nil }
        let hidden = dropped.filter { !columns[$0].constant }.map { fields[$0] }
        if !hidden.isEmpty { parts.append("hidden: " + hidden.joined(separator: ", ")) }
        let empty = dropped.filter { columns[$0].constant && !filled[$0] }.map { fields[$0] }
        if !empty.isEmpty { parts.append("empty: " + empty.joined(separator: ", ")) }
        // Constant columns, each with its value: `same in every row: stale false, separator ';'`.
        // A pair is never broken across lines.
        let same = dropped.filter { columns[$0].constant && filled[$0] }.map { TextWrap.glued("\(fields[$0]) \(TableNote.value(first[$0]))") }
        if !same.isEmpty { parts.append("same in every row: " + same.joined(separator: ", ")) }
        guard cut || !parts.isEmpty else { return }
        var note = "(--wide shows all"
        for part in parts { note += "; " + part }
        note += (cut ? "; … marks cut values)" : ")")
        for piece in CheckRendering.wrap(note, width: width) {
            sink.append(Style.dim.apply(piece.replacingOccurrences(of: String(TextWrap.glue), with: " "), when: presentation.color) + "\n")
        }
    }
}

extension ConnectionSummary: FieldListed {
    // Which connections are there and is their schema fresh: the status and the last success
    // stay; the display name and connector take the width left; where it is declared goes first.
    static let columnRules: [String: ColumnRule] = [
        "connection": .whole(100), "display_name": .cut(60, minimum: 14), "connector": .cut(55),
        "package": .cut(20, minimum: 12).collapsing, "has_agent_settings": .whole(10), "schema_status": .whole(90),
        "last_refresh_at": .whole(40), "last_success_at": .whole(80), "file": .path(45, minimum: 20), "line": .whole(44),
    ]
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
    // Which tables can be mapped: names and counts stay; what is the same everywhere goes first.
    static let columnRules: [String: ColumnRule] = [
        "connection": .whole(100), "table": .whole(95), "column_count": .whole(70), "snapshot_at": .whole(50),
        "stale": .whole(60), "mapped": .whole(65), "source": .cut(30).collapsing,
    ]
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
    // Which columns can be mapped and what maps them: the column name and `mapped_by` (wrapped
    // at its commas, never cut) come first; a table is cut from its start, where it repeats the
    // connection, keeping the end that names it.
    static let columnRules: [String: ColumnRule] = [
        "connection": .whole(100), "table": .path(80, minimum: 16), "column": .whole(95), "position": .whole(40),
        "technical": .whole(30), "stale": .whole(35), "mapped_by": .wrap(90, minimum: 20), "source": .cut(20).collapsing,
    ]
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

/// The words of a table's last line.
enum TableNote {
    /// A constant column's value as the note shows it after the column's name: as it is when it
    /// is one word (`false`, `export_output`, `UTF-8`, a time), else quoted (`';'`, `','`, `'a b'`),
    /// so that it never reads as the note's own punctuation.
    static func value(_ text: String) -> String {
        let word =
            !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.:/+@".unicodeScalars.contains($0) }
        return word ? text : "'\(text)'"
    }
}
