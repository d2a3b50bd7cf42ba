/// Byte-level mutations of seed inputs, with a dictionary of tokens per reader.
///
/// Every choice comes from a ``SplitMix64`` seeded by the caller, so a run is replayed exactly.
public struct Mutator: Sendable {
    /// The reader whose token dictionary is used.
    public let reader: FuzzedReader
    /// Longest input produced, in bytes.
    public let maximumLength: Int
    private let tokens: [[UInt8]]
    private static let interestingBytes: [UInt8] = [
        0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x26, 0x27, 0x2C, 0x2F, 0x3A, 0x3B, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D,
        0x7B, 0x7D, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF,
    ]

    /// A mutator with the tokens of `reader`'s format (XML markup, JSON and JSON5 syntax, CSV
    /// quoting), producing inputs of at most `maximumLength` bytes.
    public init(reader: FuzzedReader, maximumLength: Int = 256 * 1024) {
        self.reader = reader
        self.maximumLength = maximumLength
        let common = ["\u{FEFF}", "\r\n", "\u{0}", "\u{FFFD}", "\u{10FFFF}", "é", "😀", "\\", "\"\"", "'"]
        let specific: [String]
        switch reader {
        case .xml:
            specific = [
                "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                "<?xml version=\"1.1\"?>", "<!DOCTYPE ConfigurationFile [ <!ENTITY e \"&e;\"> ]>",
                "<!DOCTYPE a [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>", "<!ENTITY a \"aaaaaaaa\">",
                "<!ATTLIST Connection Identifier CDATA \"d\">", "&x;", "&e;", "&a;", "&lt;", "&amp;", "&#0;", "&#x10FFFF;",
                "&#xD800;", "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>", "</ConfigurationFile>", "<ConfigurationFile>",
                "<Connection Identifier=\"", "xmlns=\"urn:x\"", "xmlns:p=\"\"", "p:", "/>", "=\"", "<", ">",
                " Identifier=\"A\" Identifier=\"B\"", "<EntityType Identifier=\"T\"><Property Identifier=\"P\"/>",
            ]
        case .json:
            specific = [
                "{", "}", "[", "]", ":", ",", "\"Connections\":", "\"connections\":", "'key':", "key:", "//", "/*", "*/",
                "\\u", "\\ud800", "\\udc00", "\\u0000", "1e999", "-0", "0x1F", "+1", ".5", "NaN", "Infinity", "null",
                "true", "false", "{\"a\":{\"b\":{\"c\":[[[[", ",,", "\"Path\": \"x\"", "\"path\": \"y\"",
            ]
        case .csv:
            specific = ["\"", ",", ";", "\t", "\n", "\r", "\"\"\"", "a,\"b", "\u{FFFE}", "\u{FE}\u{FF}"]
        }
        tokens = (common + specific).map { Array($0.utf8) } + [[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0xED, 0xA0, 0x80]]
    }

    /// A mutant of `input`, stacking 1 to 8 mutations; `donor` feeds splices.
    public func mutate(_ input: [UInt8], donor: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let count = 1 << Int.random(in: 0...3, using: &random)
        for _ in 0..<Int.random(in: 1...count, using: &random) {
            mutateOnce(&bytes, donor: donor, using: &random)
        }
        if bytes.count > maximumLength { bytes.removeSubrange(maximumLength...) }
        return bytes
    }

    private func mutateOnce(_ bytes: inout [UInt8], donor: [UInt8], using random: inout SplitMix64) {
        func index(insert: Bool = false) -> Int {
            let upper = bytes.count + (insert ? 1 : 0)
            return upper == 0 ? 0 : Int.random(in: 0..<upper, using: &random)
        }
        func range(maximum: Int) -> Range<Int> {
            guard !bytes.isEmpty else { return 0..<0 }
            let start = index()
            let length = Int.random(in: 1...max(1, min(maximum, bytes.count - start)), using: &random)
            return start..<(start + length)
        }
        switch Int.random(in: 0..<13, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[index()] = Self.interestingBytes.randomElement(using: &random)!
        case 1 where !bytes.isEmpty:
            bytes[index()] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 2:
            let inserted = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Bool.random(using: &random) ? Self.interestingBytes.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            bytes.insert(contentsOf: inserted, at: index(insert: true))
        case 3 where !bytes.isEmpty:
            bytes.removeSubrange(range(maximum: 64))
        case 4 where !bytes.isEmpty:
            let chunk = bytes[range(maximum: 256)]
            bytes.insert(contentsOf: chunk, at: index(insert: true))
        case 5, 6:
            bytes.insert(contentsOf: tokens.randomElement(using: &random)!, at: index(insert: true))
        case 7 where !bytes.isEmpty && !donor.isEmpty:
            // Splice: a head of this input and a tail of the donor.
            let cut = index()
            let donorCut = Int.random(in: 0..<donor.count, using: &random)
            bytes = Array(bytes[..<cut]) + donor[donorCut...]
        case 8 where !bytes.isEmpty:
            bytes.removeSubrange(index()...)
        case 9 where !bytes.isEmpty:
            // Repeat a chunk: deep nesting, long lines, many attributes, chunk boundaries.
            let chunk = Array(bytes[range(maximum: 32)])
            let times = Int.random(in: 2...(Bool.random(using: &random) ? 64 : 4096), using: &random)
            let room = max(0, maximumLength - bytes.count) / max(1, chunk.count)
            bytes.insert(contentsOf: Array(repeating: chunk, count: min(times, room)).joined(), at: index(insert: true))
        case 10 where bytes.count > 1:
            let a = index()
            let b = index()
            bytes.swapAt(a, b)
        case 11:
            // Change how the text starts: add or remove a byte order mark.
            let marks: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], []]
            if let mark = marks.first(where: { !$0.isEmpty && bytes.starts(with: $0) }) { bytes.removeFirst(mark.count) }
            bytes.insert(contentsOf: marks.randomElement(using: &random)!, at: 0)
        case 12 where bytes.count * 2 <= maximumLength:
            // Re-encode as UTF-16 (each byte one code unit), with or without a byte order mark.
            let bigEndian = Bool.random(using: &random)
            var units: [UInt8] = Bool.random(using: &random) ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
            for byte in bytes { units += bigEndian ? [0, byte] : [byte, 0] }
            bytes = units
        default:
            bytes.insert(contentsOf: tokens.randomElement(using: &random)!, at: index(insert: true))
        }
    }
}
