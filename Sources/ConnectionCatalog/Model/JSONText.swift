/// Minimal JSON text writing for values whose key order matters (attribute bags).
///
/// Written byte by byte over UTF-8 (the import writes one object per configuration element, so
/// this is a hot loop): ASCII text without characters to escape is copied as is.
public enum JSONText {
    /// A JSON object with `pairs` in the given order.
    static func object(_ pairs: [(String, String)]) -> String {
        var bytes: [UInt8] = []
        appendObject(pairs.lazy.map { $0 }, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON object of `attributes`, names as keys, in document order.
    static func object(_ attributes: XMLAttributes) -> String {
        var bytes: [UInt8] = []
        appendObject(attributes.items.lazy.map { ($0.name, $0.value) }, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of a JSON object with `pairs` in order to `out`.
    static func appendObject<S: Sequence>(_ pairs: S, to out: inout [UInt8]) where S.Element == (String, String) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in pairs {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal for `value` (RFC 8259), byte for byte what `JSONEncoder` writes with
    /// `/` left unescaped: the form of every JSON that conncat stores or prints.
    public static func string(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendString(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends the UTF-8 of the JSON string literal for `value` to `out`: `"` and `\` escaped,
    /// `\b \t \n \f \r`, other controls as `\u00xx`, everything else as is.
    static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most values have nothing to escape: copied in one go.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: utf8)
                return
            }
            out.reserveCapacity(out.count + utf8.count + 1)
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case 0x0A:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "n"))
                case 0x0D:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "r"))
                case 0x09:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "t"))
                case 0x08:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "b"))
                case 0x0C:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "f"))
                case 0..<0x20:
                    out.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)],
                    ])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
