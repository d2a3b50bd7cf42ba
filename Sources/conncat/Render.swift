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
}

/// JSON string literals of the output (the library's writer: one escaping everywhere).
enum JSONString {
    static func quote(_ value: String) -> String { JSONText.string(value) }
}

/// Pure renderers: rows in, text out.
enum Renderer {
    static func render<Row: Renderable>(_ rows: [Row], as format: OutputFormat) -> String {
        switch format {
        case .table: return table(fields: Row.fields, rows: rows.map { $0.cells.map(\.plain) })
        case .json: return json(rows)
        case .csv: return csv(fields: Row.fields, rows: rows.map { $0.cells.map(\.plain) })
        }
    }

    /// Widest a table cell may be, except in the last column (which is never padded): longer
    /// values end with `…`. JSON and CSV always carry the whole value.
    static let maximumCellWidth = 48

    static func table(fields: [String], rows: [[String]]) -> String {
        let fields = fields.map(TerminalText.escape)
        let rows = rows.map { row in
            row.enumerated().map { index, cell in
                let cell = TerminalText.escape(cell)
                return index == row.count - 1 || cell.count <= maximumCellWidth ? cell : String(cell.prefix(maximumCellWidth - 1)) + "…"
            }
        }
        var widths = fields.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = [line(fields), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    static func json<Row: Renderable>(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "[]\n" }
        let objects = rows.map { row in
            "  {" + zip(Row.fields, row.cells).map { "\(JSONString.quote($0)): \($1.json)" }.joined(separator: ", ") + "}"
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

extension ConnectionSummary: Renderable {
    static let fields = ["connection", "display_name", "connector", "package", "has_agent_settings",
                         "schema_status", "last_refresh_at", "last_success_at", "file", "line"]
    var cells: [Cell] {
        [.text(connection), .text(displayName), .text(connector), .text(package), .bool(hasAgentSettings),
         .text(schemaStatus), .text(lastRefreshAt), .text(lastSuccessAt), .text(file), .int(line)]
    }
}

extension TableSummary: Renderable {
    static let fields = ["connection", "table", "column_count", "snapshot_at", "stale", "mapped", "source"]
    var cells: [Cell] {
        [.text(connection), .text(table), .int(columnCount), .text(snapshotAt), .bool(stale), .bool(mapped), .text(source.rawValue)]
    }
}

extension AvailableColumn: Renderable {
    static let fields = ["connection", "table", "column", "position", "technical", "stale", "mapped_by", "source"]
    var cells: [Cell] {
        [.text(connection), .text(table), .text(column), .int(position), .bool(technical), .bool(stale), .list(mappedBy), .text(source.rawValue)]
    }
}
