import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the person at the other end of standard output can see: a terminal of some width, or a
/// pipe or file that gets everything.
enum Terminal {
    /// Whether `descriptor` is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The variables among `names` that are set, read one by one (`getenv`):
    /// `ProcessInfo.environment` would first copy the whole environment into a dictionary, at
    /// every start.
    static func environment(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }

    /// The width of the terminal on standard output: `COLUMNS` when set to a positive number, else
    /// the terminal's own (TIOCGWINSZ); `nil` when standard output is not a terminal, so that pipes
    /// and files get whole tables.
    static func outputWidth(environment: [String: String] = Terminal.environment(["COLUMNS"])) -> Int? {
        guard isTerminal(STDOUT_FILENO) else { return nil }
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return columns
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

extension Terminal {
    /// The width of the terminal on standard error (`COLUMNS` first), `nil` when it is a pipe or
    /// a file: error lines stay one line there.
    static func errorWidth(environment: [String: String] = Terminal.environment(["COLUMNS"])) -> Int? {
        guard isTerminal(STDERR_FILENO) else { return nil }
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return columns
        }
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// `--color`: when output is coloured.
enum ColorMode: String, Sendable {
    case auto, always, never

    /// `auto` colours a terminal only, and never when `NO_COLOR` is set (https://no-color.org).
    func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }
}

/// How text output is laid out in this run: set once from the command line before a command runs.
struct Presentation: Sendable {
    /// Widest a line of table output may be; `nil` for no limit (a pipe, a file, `--wide`).
    var width: Int?
    /// Whether severities and statuses are coloured (ANSI SGR codes).
    var color: Bool

    /// Full tables, no colour: what a pipe gets, and what tests of the renderers use by default.
    static let plain = Presentation(width: nil, color: false)

    /// `--wide` of this run: tables are never narrowed.
    nonisolated(unsafe) static var wide = false
    /// `--color` of this run.
    nonisolated(unsafe) static var colorMode = ColorMode.auto

    /// This run's presentation: the terminal's width and colour unless options said otherwise.
    static var current: Presentation {
        let isTerminal = Terminal.isTerminal(STDOUT_FILENO)
        // A pipe or a file gets no width and no colour unless `--color always`: no variable to read.
        let environment = isTerminal ? Terminal.environment(["COLUMNS", "NO_COLOR", "TERM"]) : [:]
        return Presentation(
            width: wide ? nil : Terminal.outputWidth(environment: environment),
            color: colorMode.enabled(isTerminal: isTerminal, environment: environment))
    }
}

/// The few ANSI styles the output uses, applied to text already laid out (widths are measured
/// on the plain text).
enum Style {
    case red, yellow, green, cyan, dim, bold

    var code: String {
        switch self {
        case .red: "31"
        case .yellow: "33"
        case .green: "32"
        case .cyan: "36"
        case .dim: "2"
        case .bold: "1"
        }
    }

    func apply(_ text: String, when enabled: Bool) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The style of a status or severity word in a `status`, `schema_status` or `severity` column.
    static func forValue(_ value: String) -> Style? {
        switch value {
        case "error", "failed", "FAILED": .red
        case "warning", "stale": .yellow
        case "success": .green
        case "info": .cyan
        case "no_schema", "never_refreshed", "not_exported": .dim
        default: nil
        }
    }

    /// Columns whose values are coloured by ``forValue(_:)``.
    static let coloredFields: Set<String> = ["status", "schema_status", "severity"]
}

/// Display widths of text in a terminal: one column per character, two for East Asian wide and
/// fullwidth characters and emoji, none for combining marks and zero-width characters.
enum DisplayWidth {
    /// Columns `text` takes; ASCII text is measured by its UTF-8 length alone.
    static func of(_ text: String) -> Int {
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return text.utf8.count }
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    /// Columns one Unicode scalar takes (0, 1 or 2).
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0x300 { return v < 0xA0 ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0xFE00 && v <= 0xFE0F { return 0 }  // variation selectors
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks (Unicode Standard Annex #11).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `width` columns from its start, beginning with `…` when cut, at a
    /// `/` when one is left (`…/HR/HR Connector.xml`), else at a `_` or `-` in its first half
    /// (`…_sys_user`): for paths and names, whose end names the thing.
    static func truncateLeading(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var kept: [Unicode.Scalar] = []
        var used = 0
        for scalar in text.unicodeScalars.reversed() {
            let w = of(scalar)
            if used + w > width - 1 { break }
            kept.append(scalar)
            used += w
        }
        var tail = String(String.UnicodeScalarView(kept.reversed()))
        // Cut at a folder boundary when one is left: `…/tail/of/path`.
        if let slash = tail.firstIndex(of: "/"), tail.index(after: slash) < tail.endIndex {
            tail = String(tail[slash...])
        } else if let mark = tail.firstIndex(where: { $0 == "_" || $0 == "-" }), tail.distance(from: tail.startIndex, to: mark) * 2 < tail.count {
            // A name without folders is cut at a word of it: `…_sys_user`.
            tail = String(tail[mark...])
        }
        return "…" + tail
    }

    /// `text` cut to at most `width` columns. A path (a `/` or `\\`, no `://`) keeps its first
    /// folder and as much of its end as fits from a separator (`D:/…/HR/hr_extract.csv`), or only
    /// its end (``truncateLeading(_:to:)``) when the first folder leaves no room for the file
    /// name; other text is cut at its end (``truncate(_:to:)``).
    static func truncateMiddle(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        let separator: Character = text.contains("/") ? "/" : "\\"
        guard !text.contains("://"), let firstSeparator = text.firstIndex(of: separator),
            let lastSeparator = text.lastIndex(of: separator), firstSeparator < lastSeparator
        else { return text.contains("/") && !text.contains("://") ? truncateLeading(text, to: width) : truncate(text, to: width) }
        let head = String(text[...firstSeparator])
        let room = width - of(head) - 1
        var tail: Substring?
        var index = lastSeparator
        while index > firstSeparator {
            if text[index] == separator {
                let candidate = text[index...]
                if of(String(candidate)) <= room { tail = candidate } else { break }
            }
            index = text.index(before: index)
        }
        guard let tail else { return truncateLeading(text, to: width) }
        return head + "…" + tail
    }

    /// `text` cut to at most `width` columns, ending with `…` when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let w = of(scalar)
            if used + w > width - 1 { break }
            out.append(scalar)
            used += w
        }
        while let last = out.last, last == " " { out.removeLast() }
        return String(out) + "…"
    }
}
