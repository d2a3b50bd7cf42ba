import ConnectionCatalog

/// Text from the input made safe for a terminal and for spreadsheets.
///
/// Every human-readable output (tables, reports, error lines) passes values that come from the
/// input (file names, identifiers, header cells, setting values, messages) through ``escape(_:)``:
/// a file name holding ESC, BEL or a line break can neither drive the terminal nor split the one
/// error line. CSV output passes each cell through ``neutralisedCSVCell(_:)``.
enum TerminalText {
    /// `value` with every control character written visibly: `\n`, `\r`, `\t`, and `\u{1B}`-style
    /// escapes for the other C0 controls, DEL, the C1 controls (U+0080 to U+009F) and the
    /// bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder
    /// what a terminal shows. A backslash is left alone. A value without any of them is returned
    /// as it is after one pass over its UTF-8 bytes.
    static func escape(_ value: String) -> String {
        guard needsEscaping(value, keepLineBreaks: false) else { return value }
        return escaped(value, keepLineBreaks: false)
    }

    /// A name from the input (a table, a column) for prose, escaped as ``escape(_:)``, and in
    /// single quotes when spaces would otherwise be invisible: empty, or with a leading or
    /// trailing space (header cells of a CSV file keep theirs): `'Label '`. The library's
    /// messages quote names by the same rule (``NameText``).
    static func name(_ value: String) -> String {
        let shown = escape(value)
        return NameText.needsQuotes(value) ? "'\(shown)'" : shown
    }

    /// As ``escape(_:)``, but line feeds, carriage returns and tabs stay (CSV records end with
    /// CR LF): for a whole block of output whose values
    /// were escaped already, as a last guard before it reaches the terminal.
    static func escapeKeepingLines(_ text: String) -> String {
        guard needsEscaping(text, keepLineBreaks: true) else { return text }
        return escaped(text, keepLineBreaks: true)
    }

    /// As ``escapeKeepingLines(_:)``, but the colour codes conncat itself wrote (SGR sequences,
    /// `ESC [ digits ; ... m`) stay: for whole blocks whose input values were escaped already by
    /// the renderers, so an ESC left here can only be a colour of ours. Any other ESC is escaped.
    static func escapeKeepingLinesAndColour(_ text: String) -> String {
        guard needsEscaping(text, keepLineBreaks: true) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var plain = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i].value == 0x1B, i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, (scalars[j].value >= 0x30 && scalars[j].value <= 0x39) || scalars[j] == ";" { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    out += escaped(String(plain), keepLineBreaks: true)
                    plain = String.UnicodeScalarView()
                    out.unicodeScalars.append(contentsOf: scalars[i...j])
                    i = j + 1
                    continue
                }
            }
            plain.append(scalars[i])
            i += 1
        }
        return out + escaped(String(plain), keepLineBreaks: true)
    }

    /// A CSV cell a spreadsheet will not run as a formula: a cell starting with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return gets a leading `'` (the OWASP rule for CSV injection), unless
    /// it is a plain number such as `-3` or `+4.5`.
    static func neutralisedCSVCell(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + value
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let rest = value.utf8.dropFirst()
            let isNumber =
                !rest.isEmpty && rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
                && rest.first != UInt8(ascii: ".")
            return isNumber ? value : "'" + value
        default: return value
        }
    }

    private static func needsEscaping(_ value: String, keepLineBreaks: Bool) -> Bool {
        if let found = value.utf8.withContiguousStorageIfAvailable({ scan($0, keepLineBreaks: keepLineBreaks) }) { return found }
        return Array(value.utf8).withUnsafeBufferPointer { scan($0, keepLineBreaks: keepLineBreaks) }
    }

    /// Whether `bytes` hold a character ``escaped(_:keepLineBreaks:)`` rewrites.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, keepLineBreaks: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte < 0x20 {
                if !(keepLineBreaks && (byte == 0x0A || byte == 0x09 || byte == 0x0D)) { return true }
            } else if byte == 0x7F {
                return true
            } else if byte == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                return true  // U+0080-U+009F
            } else if byte == 0xE2, i + 2 < n {
                let b1 = bytes[i + 1]
                let b2 = bytes[i + 2]
                if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) { return true }
            }
            i += 1
        }
        return false
    }

    private static func escaped(_ value: String, keepLineBreaks: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A where keepLineBreaks, 0x09 where keepLineBreaks, 0x0D where keepLineBreaks: out.append(scalar)
            case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
            case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
            case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(v, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u{\(hex.count < 2 ? "0" + hex : hex)}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
