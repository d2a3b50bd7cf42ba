import Foundation

/// `trimmingCharacters(in: .whitespaces)` and the questions asked of it, answered from the UTF-8
/// bytes when the ends are ASCII (where `.whitespaces` holds only space and tab), and by
/// Foundation otherwise, so that results are always those of Foundation.
///
/// Export headers and connection strings are read per cell and per part: Foundation's trimming
/// bridges each string, which made it the largest cost of reading export headers.
enum WhitespaceTrim {
    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `text.trimmingCharacters(in: .whitespaces)`.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        // Ends that are ASCII and not blank: nothing to trim.
        if first < 0x80, last < 0x80, !isSpaceOrTab(first), !isSpaceOrTab(last) { return text }
        guard first < 0x80, last < 0x80 else { return text.trimmingCharacters(in: .whitespaces) }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isSpaceOrTab(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpaceOrTab(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        guard start < end else { return "" }
        // A non-ASCII character at a new end may be whitespace too (U+00A0, U+3000, ...).
        guard utf8[start] < 0x80, utf8[utf8.index(before: end)] < 0x80 else { return text.trimmingCharacters(in: .whitespaces) }
        return String(text[start..<end])
    }

    /// `text.trimmingCharacters(in: .whitespaces).isEmpty`.
    static func isBlank(_ text: String) -> Bool {
        var onlyBlanks = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                onlyBlanks = false
            } else if !isSpaceOrTab(byte) {
                return false  // an ASCII character that is not whitespace stays after trimming
            }
        }
        return onlyBlanks || text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// `text != text.trimmingCharacters(in: .whitespaces)`.
    static func hasSurroundingWhitespace(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first < 0x80, last < 0x80 { return isSpaceOrTab(first) || isSpaceOrTab(last) }
        return text != text.trimmingCharacters(in: .whitespaces)
    }
}
