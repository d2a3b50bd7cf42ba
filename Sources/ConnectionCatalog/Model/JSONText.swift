/// Minimal JSON text writing for values whose key order matters (attribute bags).
enum JSONText {
    /// A JSON object with `pairs` in the given order.
    static func object(_ pairs: [(String, String)]) -> String {
        var text = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { text += "," }
            text += string(pair.0) + ":" + string(pair.1)
        }
        return text + "}"
    }

    /// A JSON string literal for `value` (RFC 8259 escaping).
    static func string(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(s.value, radix: 16).count) + String(s.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
