import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress line on standard error for work that takes more than a second, on a terminal only:
/// `importing Fixtures/demo… 3 s`, rewritten in place and erased when the work ends.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private var shown = false

    /// Starts the clock; nothing is shown when standard error is not a terminal or `enabled` is false.
    init(_ label: String, enabled: Bool = true) {
        self.label = label
        guard enabled, Terminal.isTerminal(STDERR_FILENO) else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.draw() }
        self.timer = timer
        timer.resume()
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard timer != nil else { return }
        let seconds = Int(Date().timeIntervalSince(start))
        var width = 80
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        let text = DisplayWidth.truncate("\(label)… \(seconds) s", to: max(width - 1, 1))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    /// Stops the clock and erases the line, before the command writes its result.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }

    /// Runs `body` with a progress line labelled `label`.
    static func around<T>(_ label: String, enabled: Bool = true, _ body: () throws -> T) rethrows -> T {
        let line = ProgressLine(label, enabled: enabled)
        defer { line.finish() }
        return try body()
    }
}

/// Lines of text fitted to a width: each line longer than the width is broken at spaces, its
/// continuation indented two more than the line itself. Without a width (a pipe, a file) the
/// text is unchanged.
enum TextWrap {
    /// - Parameter hangAfterLabel: a line that is a list item, `  label    text`, continues under
    ///   its text rather than two columns in (when the label takes at most half the width).
    static func fit(_ text: String, width: Int?, hangAfterLabel: Bool = false) -> String {
        guard let width else { return unglued(text) }
        var out = ""
        for whole in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard DisplayWidth.of(whole) > width else {
                out += whole + "\n"
                continue
            }
            let line = gluingBackquoted(whole, width: width - 4)
            let indent = String(line.prefix { $0 == " " })
            if hangAfterLabel, let hang = labelEnd(line, indent: indent.count), hang <= width / 2 {
                let label = String(line.prefix(hang))
                let pieces = CheckRendering.wrap(String(line.dropFirst(hang)), width: width - hang)
                let padding = String(repeating: " ", count: hang)
                for (index, piece) in pieces.enumerated() { out += (index == 0 ? label : padding) + piece + "\n" }
                continue
            }
            let pieces = CheckRendering.wrap(String(line.dropFirst(indent.count)), width: max(width - indent.count - 2, 10))
            for (index, piece) in pieces.enumerated() { out += indent + (index == 0 ? "" : "  ") + piece + "\n" }
        }
        // The split gives one empty piece after the final line feed.
        if text.hasSuffix("\n") { out.removeLast() } else if out.hasSuffix("\n") { out.removeLast() }
        return unglued(out)
    }

    /// A private-use character that joins the words of a path for ``fit(_:width:hangAfterLabel:)``
    /// (which writes it as a space): a `file:line` is never broken across lines.
    static let glue: Character = "\u{E000}"

    /// `text` (a path, a `file:line`) as one word for wrapping.
    static func glued(_ text: String) -> String { text.replacingOccurrences(of: " ", with: String(glue)) }

    /// `text` with the spaces inside each backquoted span (`` `conncat refresh-schema` ``) no
    /// wider than `width` made glue: wrapping moves the whole span to the next line rather than
    /// breaking a command in two.
    static func gluingBackquoted(_ text: String, width: Int) -> String {
        guard text.contains("`") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "`") {
            out += rest[..<start]
            let body = rest[rest.index(after: start)...]
            guard let end = body.firstIndex(of: "`") else {
                rest = rest[start...]
                break
            }
            let span = "`" + body[..<end] + "`"
            out += DisplayWidth.of(span) <= width ? glued(span) : span
            rest = body[body.index(after: end)...]
        }
        return out + rest
    }

    private static func unglued(_ text: String) -> String {
        // Without the glue's bytes no character can be the glue: a byte scan spares a listing's
        // text the walk character by character.
        guard containsGlueBytes(text) else { return text }
        return text.contains(glue) ? text.replacingOccurrences(of: String(glue), with: " ") : text
    }

    /// Whether the UTF-8 of `text` holds the glue's (EE 80 80).
    private static func containsGlueBytes(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 3 else { return false }
            for index in 0..<(bytes.count - 2) where bytes[index] == 0xEE && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 {
                return true
            }
            return false
        }
    }

    /// Where the text of `  label    text` starts: after the indent, a word, then two spaces or more.
    private static func labelEnd(_ line: String, indent: Int) -> Int? {
        let characters = Array(line)
        var i = indent
        while i < characters.count, characters[i] != " " { i += 1 }
        guard i > indent else { return nil }
        let wordEnd = i
        while i < characters.count, characters[i] == " " { i += 1 }
        return i - wordEnd >= 2 && i < characters.count ? i : nil
    }
}
