/// A text encoding the readers decode themselves, one Unicode scalar at a time.
///
/// The readers decode bytes scalar by scalar rather than through `String(data:encoding:)` so that
/// they can stop after a bounded prefix (the CSV header record) and report the line and column of
/// the first byte sequence that is not valid in the encoding. Decoding is strict: overlong UTF-8
/// forms, encoded surrogates, scalars above U+10FFFF and unpaired UTF-16 surrogates are invalid.
enum SourceTextEncoding: Sendable, Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// ISO-8859-1: every byte is the scalar of the same value.
    case latin1
    /// Windows-1252: ISO-8859-1 except 0x80-0x9F (the five bytes it leaves undefined map to the
    /// control characters of the same value, as Windows does).
    case windows1252

    /// The outcome of decoding at one position.
    enum Step: Equatable {
        /// A scalar and the number of bytes it used.
        case scalar(Unicode.Scalar, length: Int)
        /// The bytes end inside a sequence that may still be completed by more input.
        case needsMoreInput
        /// The bytes at this position are not valid in the encoding.
        case invalid
    }

    /// The byte order mark a file starts with, if any, and its length in bytes.
    static func byteOrderMark(of bytes: some RandomAccessCollection<UInt8>) -> (SourceTextEncoding, length: Int)? {
        let prefix = Array(bytes.prefix(3))
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { return (.utf8, 3) }
        if prefix.count >= 2, prefix[0] == 0xFF, prefix[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if prefix.count >= 2, prefix[0] == 0xFE, prefix[1] == 0xFF { return (.utf16BigEndian, 2) }
        return nil
    }

    /// The encoding a .NET encoding name stands for (`UTF-8`, `utf-16`, `ISO-8859-1`, `Latin1`,
    /// `Windows-1252`, ...), compared case-insensitively and ignoring `-`, `_` and spaces.
    ///
    /// Names this reader does not know, and ASCII (a subset of UTF-8), give ``utf8``. As in .NET,
    /// `utf-16` and `unicode` mean little-endian and `unicodeFFFE` means big-endian.
    init(dotNetName name: String) {
        let key = String(name.lowercased().unicodeScalars.filter { !"-_ ".unicodeScalars.contains($0) })
        switch key {
        case "utf16", "utf16le", "unicode", "ucs2": self = .utf16LittleEndian
        case "utf16be", "unicodefffe", "bigendianunicode": self = .utf16BigEndian
        case "iso88591", "latin1", "l1", "cp819", "ibm819": self = .latin1
        case "windows1252", "cp1252", "xcp1252": self = .windows1252
        default: self = .utf8
        }
    }

    /// The lower-case name reported for this encoding: `utf-8`, `utf-16le`, `utf-16be`,
    /// `iso-8859-1`, `windows-1252`.
    var name: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LittleEndian: "utf-16le"
        case .utf16BigEndian: "utf-16be"
        case .latin1: "iso-8859-1"
        case .windows1252: "windows-1252"
        }
    }

    /// Decodes the scalar starting at `index`.
    ///
    /// - Parameter endOfInput: `true` when no byte follows `bytes`; a truncated sequence is then
    ///   ``Step/invalid`` rather than ``Step/needsMoreInput``.
    func decode(_ bytes: [UInt8], at index: Int, endOfInput: Bool) -> Step {
        switch self {
        case .utf8: Self.decodeUTF8(bytes, at: index, endOfInput: endOfInput)
        case .utf16LittleEndian: Self.decodeUTF16(bytes, at: index, bigEndian: false, endOfInput: endOfInput)
        case .utf16BigEndian: Self.decodeUTF16(bytes, at: index, bigEndian: true, endOfInput: endOfInput)
        case .latin1: .scalar(Unicode.Scalar(bytes[index]), length: 1)
        case .windows1252: .scalar(Self.windows1252Scalar(bytes[index]), length: 1)
        }
    }

    private static func decodeUTF8(_ bytes: [UInt8], at index: Int, endOfInput: Bool) -> Step {
        let lead = bytes[index]
        if lead < 0x80 { return .scalar(Unicode.Scalar(lead), length: 1) }
        let length: Int
        var value: UInt32
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF  // valid range of the second byte
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0:
            length = 3
            value = 0
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xED:
            length = 3
            value = 0x0D
            upperBound = 0x9F  // excludes UTF-16 surrogates
        case 0xF0:
            length = 4
            value = 0
            lowerBound = 0x90
        case 0xF1...0xF3:
            length = 4
            value = UInt32(lead & 0x07)
        case 0xF4:
            length = 4
            value = 4
            upperBound = 0x8F  // at most U+10FFFF
        default: return .invalid
        }
        for offset in 1..<length {
            guard index + offset < bytes.count else { return endOfInput ? .invalid : .needsMoreInput }
            let byte = bytes[index + offset]
            let (low, high) = offset == 1 ? (lowerBound, upperBound) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low, byte <= high else { return .invalid }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return .invalid }
        return .scalar(scalar, length: length)
    }

    private static func decodeUTF16(_ bytes: [UInt8], at index: Int, bigEndian: Bool, endOfInput: Bool) -> Step {
        func unit(_ at: Int) -> UInt16? {
            guard at + 1 < bytes.count else { return nil }
            let (a, b) = (UInt16(bytes[at]), UInt16(bytes[at + 1]))
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        guard let first = unit(index) else { return endOfInput ? .invalid : .needsMoreInput }
        switch first {
        case 0xD800...0xDBFF:
            guard let second = unit(index + 2) else { return endOfInput ? .invalid : .needsMoreInput }
            guard (0xDC00...0xDFFF).contains(second) else { return .invalid }
            let value = 0x10000 + (UInt32(first - 0xD800) << 10 | UInt32(second - 0xDC00))
            return Unicode.Scalar(value).map { .scalar($0, length: 4) } ?? .invalid
        case 0xDC00...0xDFFF:
            return .invalid
        default:
            return Unicode.Scalar(first).map { .scalar($0, length: 2) } ?? .invalid
        }
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252High[Int(byte - 0x80)])!
    }
}

/// Chooses the encoding of an export file's header from its own bytes, the connection's setting
/// being a hint only.
///
/// Identity Manager writes its export files itself (the CSV connector's export "transforms [its
/// input] into a new CSV file in the product's format"; the SQL connector writes its file in
/// `CsvEncoding`), so a setting can be stale or describe something else; the bytes cannot.
/// Doc: `docs/identitymanager/6.1/integration-guide/connectors/references-connectors/csv/index.md`,
/// `.../references-connectors/sql/index.md`.
enum EncodingEvidence {
    /// Bytes looked at: the first line, at most this many.
    static let sampleLength = 4096

    struct Decision: Equatable {
        var encoding: SourceTextEncoding
        /// As ``CSVHeader/encoding`` reports it (`utf-8-bom` for UTF-8 with a byte order mark).
        var name: String
        var byteOrderMarkLength: Int
        /// Set when the bytes overruled `declared`.
        var warning: String?
    }

    /// The encoding of a file that starts with `sample`, given the encoding its connection's
    /// settings declare (`nil` when none).
    static func decide(_ sample: [UInt8], declared: SourceTextEncoding?) -> Decision {
        func said(_ declared: SourceTextEncoding) -> String { "the connection's encoding setting says \(declared.name)" }
        if let (bom, length) = SourceTextEncoding.byteOrderMark(of: sample) {
            let name = bom == .utf8 ? "utf-8-bom" : bom.name
            let warning = declared.flatMap { declared in
                declared == bom ? nil : "\(said(declared)), but the file starts with a \(bom.name) byte order mark: read as \(bom.name)"
            }
            return Decision(encoding: bom, name: name, byteOrderMarkLength: length, warning: warning)
        }
        let line = firstLine(sample)
        if let utf16 = utf16Evidence(line) {
            let warning = declared.flatMap { declared in
                declared == utf16
                    ? nil
                    : "\(said(declared)), but the header has NUL bytes between its characters (\(utf16.name) without byte order mark): read as \(utf16.name)"
            }
            return Decision(encoding: utf16, name: utf16.name, byteOrderMarkLength: 0, warning: warning)
        }
        switch declared {
        case .utf16LittleEndian?, .utf16BigEndian?:
            return Decision(
                encoding: .utf8, name: "utf-8", byteOrderMarkLength: 0,
                warning: "\(said(declared!)), but the header has no NUL byte, so it is not UTF-16: read as utf-8")
        case .latin1?, .windows1252?:
            if utf8HasMultibyte(line) {
                return Decision(
                    encoding: .utf8, name: "utf-8", byteOrderMarkLength: 0,
                    warning: "\(said(declared!)), but the header is valid UTF-8 with multi-byte characters: read as utf-8")
            }
            return Decision(encoding: declared!, name: declared!.name, byteOrderMarkLength: 0, warning: nil)
        default:
            return Decision(encoding: .utf8, name: "utf-8", byteOrderMarkLength: 0, warning: nil)
        }
    }

    /// The bytes up to the first LF (kept, with the byte after it for UTF-16), or all of them.
    static func firstLine(_ sample: [UInt8]) -> [UInt8] {
        guard let newline = sample.firstIndex(of: 0x0A) else { return sample }
        return Array(sample[...min(newline + 1, sample.count - 1)])
    }

    /// UTF-16 when NUL bytes take one side of at least 40% of the two-byte units of `line` and
    /// almost none of the other side (ASCII text in UTF-16: `E\0m\0` little-endian).
    static func utf16Evidence(_ line: [UInt8]) -> SourceTextEncoding? {
        let units = line.count / 2
        guard units >= 2 else { return nil }
        var evenNUL = 0
        var oddNUL = 0
        for index in 0..<(units * 2) where line[index] == 0 {
            if index % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        if oddNUL * 10 >= units * 4, evenNUL * 10 <= units { return .utf16LittleEndian }
        if evenNUL * 10 >= units * 4, oddNUL * 10 <= units { return .utf16BigEndian }
        return nil
    }

    /// Whether `bytes` are valid UTF-8 (a sequence cut at the end counts as valid) holding at
    /// least one multi-byte character.
    static func utf8HasMultibyte(_ bytes: [UInt8]) -> Bool {
        var index = 0
        var multibyte = false
        while index < bytes.count {
            switch SourceTextEncoding.utf8.decode(bytes, at: index, endOfInput: false) {
            case .needsMoreInput: return multibyte
            case .invalid: return false
            case .scalar(_, let length):
                if length > 1 { multibyte = true }
                index += length
            }
        }
        return multibyte
    }
}
