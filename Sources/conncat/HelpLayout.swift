import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--help` as a reader looks for it: the overview, then USAGE, OPTIONS and SUBCOMMANDS, then
/// the command's discussion (what it does, EXAMPLES, EXIT CODES), each line wrapped at words to
/// the width, a continued line indented under its own (never from column 0).
enum HelpLayout {
    /// The width the argument parser lays help out to: `COLUMNS` when set to a positive number,
    /// else the terminal's own, else 80.
    static func width(environment: [String: String] = Terminal.environment(["COLUMNS"])) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return columns
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `wrapped` (the parser's help at `width`) with its discussion moved after the options and
    /// the subcommands; the discussion is taken from `unwrapped` (the same help laid out without
    /// a width limit) and wrapped by ``wrap(_:width:)``. Help without a discussion is returned
    /// as it is.
    static func arranged(_ wrapped: String, unwrapped: String, width: Int) -> String {
        let lines = wrapped.components(separatedBy: "\n")
        let whole = unwrapped.components(separatedBy: "\n")
        guard let usage = lines.firstIndex(where: { $0.hasPrefix("USAGE: ") }), let overviewEnd = lines.firstIndex(of: ""),
            overviewEnd + 1 < usage, let wholeUsage = whole.firstIndex(where: { $0.hasPrefix("USAGE: ") }),
            let wholeOverviewEnd = whole.firstIndex(of: ""), wholeOverviewEnd + 1 < wholeUsage
        else { return wrapped }
        var discussion = Array(whole[(wholeOverviewEnd + 1)..<wholeUsage])
        while discussion.last?.isEmpty == true { discussion.removeLast() }
        var tail = Array(lines[usage...])
        while tail.last?.isEmpty == true { tail.removeLast() }
        // The parser's `See 'conncat help <subcommand>' for detailed help.` stays the last line,
        // the command in backquotes as every message of conncat names a command.
        var see: [String] = []
        if let last = tail.last, last.trimmingCharacters(in: .whitespaces).hasPrefix("See '") {
            see = ["", last.replacingOccurrences(of: "'conncat help <subcommand>'", with: "`conncat help <subcommand>`")]
            tail.removeLast()
            while tail.last?.isEmpty == true { tail.removeLast() }
        }
        let body = discussion.flatMap { wrap($0, width: width) }
        return (Array(lines[..<overviewEnd]) + [""] + tail + [""] + body + see).joined(separator: "\n") + "\n"
    }

    /// One line of a discussion wrapped at spaces to `width` columns. A continued line starts
    /// under the text it continues: an indented line (an example, a shell command) 4 columns
    /// deeper than it, an item of a list of codes (`  1  what`) under its text, prose at the
    /// margin. A word wider than the width stays whole on its own line.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        let indent = line.prefix { $0 == " " }.count
        // A backquoted command moves to the next line whole.
        let body = TextWrap.gluingBackquoted(String(line.dropFirst(indent)), width: width - indent - 4)
        var hang = indent == 0 ? 0 : indent + 4
        // `  64 wrong usage`: the continuation goes under `wrong`.
        let code = body.prefix { $0 != " " }
        if indent > 0, !code.isEmpty, code.count <= 3, code.allSatisfy(\.isNumber) {
            hang = indent + code.count + body.dropFirst(code.count).prefix { $0 == " " }.count
        }
        var lines: [String] = []
        var current = String(repeating: " ", count: indent)
        var hasWord = false
        // Empty tokens are the spaces of a run (`0  no finding`): kept as typed.
        for token in body.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = hasWord ? current + " " + token : current + token
            if hasWord, !token.isEmpty, DisplayWidth.of(candidate) > width {
                lines.append(current)
                current = String(repeating: " ", count: hang) + token
            } else {
                current = candidate
            }
            if !token.isEmpty { hasWord = true }
        }
        lines.append(current)
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()).replacingOccurrences(of: String(TextWrap.glue), with: " ") }
    }
}
