import ConnectionCatalog
import Foundation
import Plot

/// The schema timeline of a connection as an inline SVG strip: one mark per refresh attempt,
/// placed by time on an axis shared by every connection of the report, with a hover title (date,
/// outcome, change summary or failure text).
enum ReportTimeline {
    static let width = 1000.0
    static let height = 36.0
    static let margin = 14.0

    /// The time range shared by every strip (Unix seconds), `nil` when no attempt exists.
    static func range(of connections: [CatalogReport.Connection]) -> ClosedRange<Int64>? {
        var low = Int64.max
        var high = Int64.min
        for connection in connections {
            for attempt in connection.attempts {
                guard let seconds = Timestamp.seconds(attempt.at) else { continue }
                low = min(low, seconds)
                high = max(high, seconds)
            }
        }
        return low <= high ? low...high : nil
    }

    /// Where `at` sits on the strip.
    static func x(_ at: String, in range: ClosedRange<Int64>) -> Double {
        guard let seconds = Timestamp.seconds(at), range.upperBound > range.lowerBound else { return width / 2 }
        let share = Double(seconds - range.lowerBound) / Double(range.upperBound - range.lowerBound)
        return margin + share * (width - 2 * margin)
    }

    /// The strip of `connection`.
    static func strip(_ connection: CatalogReport.Connection, range: ClosedRange<Int64>) -> Node<HTML.BodyContext> {
        let y = height / 2
        var nodes: [Node<HTML.BodyContext>] = [
            .attribute(named: "viewBox", value: "0 0 \(Int(width)) \(Int(height))"),
            .attribute(named: "role", value: "img"),
            .safeAttribute("aria-label", "Schema refresh attempts of \(connection.identifier)"),
            line(margin, y, width - margin, y),
        ]
        // Painted by severity, failures last: attempts seconds apart share a spot on an axis of
        // days, and a failure must never sit hidden under a later success.
        let painted = connection.attempts.enumerated().sorted {
            (paintRank($0.element.status), $0.offset) < (paintRank($1.element.status), $1.offset)
        }
        for (_, attempt) in painted {
            nodes.append(mark(attempt, x: x(attempt.at, in: range), y: y))
        }
        return .element(named: "svg", nodes: nodes)
    }

    /// The order marks are painted in: success, no schema, any other word, failed (on top).
    static func paintRank(_ status: String) -> Int {
        switch status {
        case "success": 0
        case "no_schema": 1
        case "failed": 3
        default: 2
        }
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Node<HTML.BodyContext> {
        .element(
            named: "line",
            nodes: [
                .attribute(named: "x1", value: number(x1)), .attribute(named: "y1", value: number(y1)),
                .attribute(named: "x2", value: number(x2)), .attribute(named: "y2", value: number(y2)),
                .attribute(named: "stroke", value: "#d1d9e0"), .attribute(named: "stroke-width", value: "2"),
            ])
    }

    /// One attempt: its shape says the status, a ring says the snapshot changed.
    static func mark(_ attempt: CatalogReport.Attempt, x: Double, y: Double) -> Node<HTML.BodyContext> {
        var nodes: [Node<HTML.BodyContext>] = [
            .attribute(named: "class", value: "attempt " + ReportPage.statusClass(attempt.status)),
            .element(named: "title", nodes: [.safe(title(attempt))]),
        ]
        nodes.append(contentsOf: shape(status: attempt.status, x: x, y: y))
        if attempt.changed {
            nodes.append(circle(x, y, 12, fill: "none", stroke: "#0969da", width: 2.5))
        }
        return .element(named: "g", nodes: nodes)
    }

    /// The shape of a status: a filled green dot for success, a red square for a failure, a hollow
    /// grey dot for no schema, an amber diamond for any other word.
    static func shape(status: String, x: Double, y: Double) -> [Node<HTML.BodyContext>] {
        switch status {
        case "success": return [circle(x, y, 7, fill: "#1a7f37", stroke: "#fff", width: 1)]
        case "failed":
            return [
                .element(
                    named: "rect",
                    nodes: [
                        .attribute(named: "x", value: number(x - 7)), .attribute(named: "y", value: number(y - 7)),
                        .attribute(named: "width", value: "14"), .attribute(named: "height", value: "14"),
                        .attribute(named: "fill", value: "#cf222e"), .attribute(named: "stroke", value: "#fff"),
                    ])
            ]
        case "no_schema": return [circle(x, y, 6, fill: "#fff", stroke: "#6e7781", width: 2.5)]
        default:
            let points = [(x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y)].map { "\(number($0.0)),\(number($0.1))" }
            return [
                .element(
                    named: "polygon",
                    nodes: [
                        .attribute(named: "points", value: points.joined(separator: " ")),
                        .attribute(named: "fill", value: "#9a6700"),
                    ])
            ]
        }
    }

    static func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, stroke: String, width: Double) -> Node<HTML.BodyContext> {
        .element(
            named: "circle",
            nodes: [
                .attribute(named: "cx", value: number(x)), .attribute(named: "cy", value: number(y)),
                .attribute(named: "r", value: number(r)), .attribute(named: "fill", value: fill),
                .attribute(named: "stroke", value: stroke), .attribute(named: "stroke-width", value: number(width)),
            ])
    }

    /// The hover text of an attempt: date, outcome, and the change or the failure.
    static func title(_ attempt: CatalogReport.Attempt) -> String {
        var text = "\(attempt.at) · \(ReportPage.statusWord(attempt.status))"
        if let tables = attempt.tableCount, let columns = attempt.columnCount {
            text += ": \(plural(tables, "table")), \(plural(columns, "column"))"
        }
        if attempt.firstSnapshot {
            text += " · first snapshot"
        } else if attempt.changed, !attempt.changes.isEmpty {
            text += " · changed: " + changeSummary(attempt.changes)
        }
        if let error = attempt.error { text += " · " + error }
        return text
    }

    /// `2 columns added (a, b); 1 column removed (c)`: counts by kind, with up to 4 names each.
    static func changeSummary(_ changes: [SchemaChange]) -> String {
        let kinds: [(SchemaChange.Kind, String, String)] = [
            (.tableAdded, "table", "added"), (.tableRemoved, "table", "removed"), (.columnAdded, "column", "added"),
            (.columnRemoved, "column", "removed"), (.columnMoved, "column", "moved"), (.columnCaseChanged, "column", "in other letter case"),
        ]
        return kinds.compactMap { kind, noun, verb -> String? in
            let names = changes.filter { $0.change == kind }.map { $0.column ?? $0.table }
            guard !names.isEmpty else { return nil }
            let shown = names.prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            return "\(plural(names.count, noun)) \(verb) (\(shown))"
        }.joined(separator: "; ")
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The legend: one sample of each mark.
    static func legend() -> Node<HTML.BodyContext> {
        func sample(_ status: String, changed: Bool = false) -> Node<HTML.BodyContext> {
            var nodes: [Node<HTML.BodyContext>] = [
                .attribute(named: "viewBox", value: "0 0 30 30"), .attribute(named: "width", value: "22"),
                .attribute(named: "height", value: "22"), .attribute(named: "aria-hidden", value: "true"),
            ]
            nodes.append(contentsOf: shape(status: status, x: 15, y: 15))
            if changed { nodes.append(circle(15, 15, 12, fill: "none", stroke: "#0969da", width: 2.5)) }
            return .element(named: "svg", nodes: nodes)
        }
        return .div(
            .class("legend"),
            .span(sample("success"), .text(" success")),
            .span(sample("success", changed: true), .text(" schema changed")),
            .span(sample("failed"), .text(" failed")),
            .span(sample("no_schema"), .text(" no schema")),
            .span(sample("other"), .text(" other (e.g. not exported)")),
            .span(.class("muted"), .text("Hover over a mark for its date and details.")))
    }
}
