import Plot

/// Escaping of every value that comes from the catalog before it enters the document.
///
/// Plot escapes `<` and `>` in text but keeps what looks like an entity (`&amp;`) and writes
/// attribute values as given, so the report never hands it a value from input unescaped: text
/// goes through ``escape(_:)`` into `Node.raw`, and attribute values come from the report's own
/// constants or through ``escape(_:)`` too.
enum HTMLText {
    /// `value` safe in text and in a double- or single-quoted attribute: `&`, `<`, `>`, `"` and
    /// `'` become character references; control characters (C0, DEL, C1) become visible
    /// (U+241B `␛` for ESC, `\u{85}` for C1) and bidirectional overrides a visible `\u{202E}`,
    /// so no input can start markup, end an attribute, or reorder what is shown.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}"..."\u{1F}":
                // Control Pictures: U+2400 + code (␀ ... ␟).
                out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case "\u{7F}": out += "\u{2421}"
            case "\u{80}"..."\u{9F}", "\u{200E}", "\u{200F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` escaped as ``escape(_:)`` does, with a line-break opportunity (`<wbr>`) after each
    /// `/`, `\\`, `.`, `@` and `:`, so a path or a package name wraps at its separators in a
    /// narrow table cell instead of widening the table or breaking inside a word.
    static func breakable(_ value: String) -> String {
        var out = ""
        for character in escape(value) {
            out.append(character)
            if character == "/" || character == "\\" || character == "." || character == "@" || character == ":" {
                out += "<wbr>"
            }
        }
        return out
    }
}

extension Node {
    /// A text node holding `value` escaped (never interpreted as markup).
    static func safe(_ value: String) -> Node { .raw(HTMLText.escape(value)) }

    /// A text node holding `value` escaped, with line-break opportunities after its separators
    /// (``HTMLText/breakable(_:)``): paths, package names.
    static func breakable(_ value: String) -> Node { .raw(HTMLText.breakable(value)) }

    /// An attribute whose value is `value` escaped.
    static func safeAttribute(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: HTMLText.escape(value))
    }
}
