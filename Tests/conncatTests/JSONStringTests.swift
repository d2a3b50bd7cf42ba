import Foundation
import Testing

@testable import conncat

@Suite struct JSONStringTests {
    /// What the renderers wrote before `JSONString.quote` was hand-written: the JSON output is a
    /// contract, so the two must agree byte for byte.
    static func viaEncoder(_ value: String) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }

    @Test func quoteWritesWhatJSONEncoderWrites() throws {
        var samples = [
            "", "é", "\u{2028}", "\u{FEFF}", "😀", "a/b", "\\/", "\\\\/", "e\u{301}", "\u{7F}", "Finance \"Ledger\"",
            "C:\\Temp\\x.csv", "\u{1F468}\u{200D}\u{1F469}",
        ]
        for value in 0..<0x800 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            samples.append(String(Character(scalar)))
            samples.append("a\(Character(scalar))b/\\")
        }
        for sample in samples {
            #expect(JSONString.quote(sample) == (try Self.viaEncoder(sample)), "\(Array(sample.unicodeScalars))")
        }
    }

    /// The renderers' fast path for printable ASCII writes the same bytes as `quote`, and nothing
    /// for any other text (which then takes the general path).
    @Test func printableASCIIFastPathWritesWhatQuoteWrites() {
        var samples = ["", "HRFeed", "Finance \"Ledger\"", "C:\\Temp\\x.csv", "a/b", "~ !#$%&'()*+,-.:;<=>?@[]^_`{|}"]
        for value in 0x20..<0x7F { samples.append("x\(Character(Unicode.Scalar(UInt8(value))))y") }
        for sample in samples {
            let sink = TextSink()
            #expect(sink.appendJSONString(ifPrintableASCII: sample))
            #expect(sink.text == JSONString.quote(sample), "\(sample)")
        }
        for sample in ["é", "a\tb", "line\nbreak", "\u{7F}", "\u{85}", "\u{202E}", "😀"] {
            let sink = TextSink()
            #expect(!sink.appendJSONString(ifPrintableASCII: sample))
            #expect(sink.text.isEmpty)
        }
    }
}
