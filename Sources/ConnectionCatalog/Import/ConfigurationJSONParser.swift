import Foundation

/// A recursive-descent parser for the JSON dialect of .NET configuration files.
///
/// The dialect is what `JsonConfigurationFileParser` (dotnet/runtime) accepts: strict JSON
/// (RFC 8259) plus `//` and `/* */` comments, trailing commas in objects and arrays, and a byte
/// order mark (UTF-8, or UTF-16 which .NET's `StreamReader` also detects). Everything else JSON5
/// would allow is an error: single-quoted strings, unquoted keys, hexadecimal numbers, a leading
/// `+`, `NaN`, `Infinity`. Keys that differ only by case are duplicates, because .NET stores keys
/// in a case-insensitive dictionary and refuses the second one. Nesting is limited to 64 levels,
/// the default `MaxDepth` of `System.Text.Json`, which also keeps the recursion shallow.
///
/// Every input either parses or throws an ``InputError`` with line and column (columns count
/// Unicode scalars). Messages name the problem and the fix but never quote the file's text,
/// which may hold secrets; only a duplicated key's name is quoted.
///
/// Why not `JSONDecoder` with `allowsJSON5`: on Linux its errors carry no position, it accepts
/// the JSON5 extras .NET rejects, it turns objects into unordered dictionaries (so neither key
/// order nor case-variant duplicates survive) and numbers into `Double` (`5000` would read back
/// as `5000.0`).
struct ConfigurationJSONParser {
    /// Deepest nesting of objects and arrays accepted (`System.Text.Json`'s default `MaxDepth`).
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private let file: String
    private var index: Int
    private var line = 1
    /// Index of the first byte of the current line.
    private var lineStart: Int
    /// A byte index on the current line and its column (see ``here()``).
    private var columnMark: (index: Int, column: Int) = (0, 1)

    /// Parses a whole file.
    /// - Parameter file: the name used in error locations.
    /// - Throws: ``InputError`` with line and column for bytes that are not valid in the encoding,
    ///   an empty file, and any syntax error.
    static func parse(_ data: Data, file: String) throws -> ConfigurationJSON {
        let (text, start) = try utf8Text(of: [UInt8](data), file: file)
        var parser = ConfigurationJSONParser(bytes: text, file: file, start: start)
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8], file: String, start: Int) {
        self.bytes = bytes
        self.file = file
        index = start
        lineStart = start
        columnMark = (start, 1)
    }

    // MARK: Encoding

    /// The file as validated UTF-8 and the index where the text starts (after a UTF-8 BOM).
    private static func utf8Text(of bytes: [UInt8], file: String) throws -> ([UInt8], Int) {
        let (encoding, start) = SourceTextEncoding.byteOrderMark(of: bytes) ?? (.utf8, 0)
        var utf8: [UInt8] = []
        if encoding != .utf8 { utf8.reserveCapacity(bytes.count) }
        var index = start
        var line = 1
        var column = 1
        while index < bytes.count {
            guard case .scalar(let scalar, let length) = encoding.decode(bytes, at: index, endOfInput: true) else {
                throw InputError(
                    SourceLocation(file: file, line: line, column: column),
                    "bytes that are not valid \(encoding == .utf8 ? "UTF-8" : "UTF-16")",
                    hint: "save the file as UTF-8")
            }
            if encoding != .utf8 { utf8.append(contentsOf: String(scalar).utf8) }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return encoding == .utf8 ? (bytes, start) : (utf8, 0)
    }

    // MARK: Positions and errors

    /// The position of `byteIndex`, which must lie on the current line.
    private func position(at byteIndex: Int) -> TextPosition {
        var column = 1
        for byte in bytes[lineStart..<byteIndex] where byte & 0xC0 != 0x80 { column += 1 }
        return TextPosition(line: line, column: column)
    }

    /// The position of `index`, counted on from the last one asked for on the same line, so that
    /// asking for every key of a long minified line stays linear.
    private mutating func here() -> TextPosition {
        if columnMark.index < lineStart || columnMark.index > index { columnMark = (lineStart, 1) }
        for byte in bytes[columnMark.index..<index] where byte & 0xC0 != 0x80 { columnMark.column += 1 }
        columnMark.index = index
        return TextPosition(line: line, column: columnMark.column)
    }

    private func error(at position: TextPosition, _ message: String, hint: String = "fix the JSON syntax at that position") -> InputError {
        InputError(SourceLocation(file: file, line: position.line, column: position.column), message, hint: hint)
    }

    private func error(_ message: String, hint: String = "fix the JSON syntax at that position") -> InputError {
        error(at: position(at: index), message, hint: hint)
    }

    private var atEnd: Bool { index >= bytes.count }
    private var current: UInt8 { bytes[index] }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), 0x80...:
            true
        default: false
        }
    }

    // MARK: Grammar

    private mutating func parseDocument() throws -> ConfigurationJSON {
        try skipTrivia()
        guard !atEnd else {
            throw error("the file holds no JSON value", hint: "write the settings as one JSON object, { ... }")
        }
        let value = try parseValue(depth: 0)
        try skipTrivia()
        guard atEnd else {
            throw error(
                "unexpected content after the end of the top-level value",
                hint: "remove it, or fix the JSON syntax before it")
        }
        return value
    }

    /// Parses the value at `index`, which is neither whitespace nor the end of the file.
    /// - Parameter depth: how many objects and arrays enclose the value.
    private mutating func parseValue(depth: Int) throws -> ConfigurationJSON {
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "'"):
            throw error("single-quoted string", hint: "JSON strings must be in double quotes")
        case UInt8(ascii: "+"), UInt8(ascii: "."):
            throw error("invalid number", hint: "write numbers in plain decimal JSON form, without a leading '+' or '.'")
        default:
            if let literal = try parseLiteral() { return literal }
            if Self.isIdentifierByte(current) {
                throw error(
                    "unquoted text where a value was expected",
                    hint: "put strings in double quotes; NaN, Infinity and undefined are not JSON values")
            }
            throw error(
                "unexpected character where a value was expected",
                hint: "write a string in double quotes, a number, true, false, null, an object or an array")
        }
    }

    /// `true`, `false` or `null` when the bytes at `index` are exactly one of them.
    private mutating func parseLiteral() throws -> ConfigurationJSON? {
        for (word, value) in [("true", ConfigurationJSON.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let end = index + word.utf8.count
            guard end <= bytes.count, bytes[index..<end].elementsEqual(word.utf8) else { continue }
            guard end == bytes.count || !Self.isIdentifierByte(bytes[end]) else { return nil }
            index = end
            return value
        }
        return nil
    }

    private mutating func parseObject(depth: Int) throws -> ConfigurationJSON {
        let open = here()
        guard depth <= Self.maximumDepth else {
            throw error(
                "objects and arrays nested deeper than \(Self.maximumDepth) levels",
                hint: "flatten the structure; .NET configuration refuses deeper nesting")
        }
        index += 1
        var members: [ConfigurationJSON.Member] = []
        var seen: [String: (key: String, line: Int)] = [:]
        while true {
            try skipTrivia()
            guard !atEnd else { throw unclosed("object", opened: open, closer: "}") }
            if current == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            guard current == UInt8(ascii: "\"") else { throw keyError() }
            let keyPosition = here()
            let key = try parseString()
            let folded = key.lowercased()
            if let earlier = seen[folded] {
                throw error(
                    at: keyPosition,
                    "duplicate key '\(Self.printable(key))' (also '\(Self.printable(earlier.key))' at line \(earlier.line))",
                    hint: ".NET configuration compares keys case-insensitively; keep only one of them")
            }
            seen[folded] = (key, keyPosition.line)
            try skipTrivia()
            guard !atEnd else { throw unclosed("object", opened: open, closer: "}") }
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            index += 1
            try skipTrivia()
            guard !atEnd else { throw unclosed("object", opened: open, closer: "}") }
            members.append(.init(key: key, value: try parseValue(depth: depth), position: keyPosition))
            try skipTrivia()
            guard !atEnd else { throw unclosed("object", opened: open, closer: "}") }
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error("expected ',' or '}' after an object member")
            }
        }
    }

    private func keyError() -> InputError {
        switch current {
        case UInt8(ascii: "'"): error("single-quoted object key", hint: "JSON keys must be in double quotes")
        case UInt8(ascii: ","):
            error(
                "unexpected ',' where an object key was expected",
                hint: "remove the extra comma")
        default:
            Self.isIdentifierByte(current)
                ? error("unquoted object key", hint: "JSON keys must be in double quotes")
                : error("expected a double-quoted key or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> ConfigurationJSON {
        let open = here()
        guard depth <= Self.maximumDepth else {
            throw error(
                "objects and arrays nested deeper than \(Self.maximumDepth) levels",
                hint: "flatten the structure; .NET configuration refuses deeper nesting")
        }
        index += 1
        var elements: [ConfigurationJSON] = []
        while true {
            try skipTrivia()
            guard !atEnd else { throw unclosed("array", opened: open, closer: "]") }
            if current == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            if current == UInt8(ascii: ",") {
                throw error("unexpected ',' where an array element was expected", hint: "remove the extra comma")
            }
            elements.append(try parseValue(depth: depth))
            try skipTrivia()
            guard !atEnd else { throw unclosed("array", opened: open, closer: "]") }
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw error("expected ',' or ']' after an array element")
            }
        }
    }

    private func unclosed(_ kind: String, opened: TextPosition, closer: String) -> InputError {
        error(
            "unexpected end of file inside the \(kind) opened at line \(opened.line), column \(opened.column)",
            hint: "close it with '\(closer)'")
    }

    private mutating func parseNumber() throws -> String {
        let startIndex = index
        func digits() -> Int {
            let first = index
            while !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(current) { index += 1 }
            return index - first
        }
        var invalid: InputError {
            error(
                at: position(at: startIndex), "invalid number",
                hint: "write numbers in plain decimal JSON form (no hexadecimal, leading zeros or '+')")
        }
        if current == UInt8(ascii: "-") { index += 1 }
        guard !atEnd else { throw invalid }
        if current == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { throw invalid }
        if !atEnd, current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw invalid }
        }
        if !atEnd, current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if !atEnd, current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw invalid }
        }
        guard atEnd || !(Self.isIdentifierByte(current) || current == UInt8(ascii: ".")) else { throw invalid }
        return String(decoding: bytes[startIndex..<index], as: UTF8.self)
    }

    /// Parses the string whose opening quote is at `index`.
    private mutating func parseString() throws -> String {
        let startIndex = index
        index += 1
        var text: [UInt8] = []
        while true {
            guard !atEnd else {
                throw error(at: position(at: startIndex), "string not closed before the end of the file", hint: "add the closing '\"'")
            }
            let byte = current
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &text)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error(
                    at: position(at: startIndex), "string not closed before the end of the line",
                    hint: "add the closing '\"' (write a line break inside a string as \\n)")
            case ..<0x20:
                throw error("control character inside a string", hint: "escape it, for example \\t for a tab")
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    /// The byte each one-letter escape stands for (`\n` → LF).
    private static let simpleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]

    /// Parses the escape sequence whose backslash is at `index`, appending its UTF-8 bytes.
    private mutating func parseEscape(into text: inout [UInt8]) throws {
        let escapeIndex = index
        var escapeError: InputError {
            error(
                at: position(at: escapeIndex), "invalid escape sequence in a string",
                hint: "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
        index += 1
        guard !atEnd else { throw escapeError }
        if let byte = Self.simpleEscapes[current] {
            text.append(byte)
            index += 1
            return
        }
        guard current == UInt8(ascii: "u"), let first = hexUnit(at: index + 1) else { throw escapeError }
        index += 5
        var value = UInt32(first)
        if (0xD800...0xDBFF).contains(first) {
            guard index + 1 < bytes.count, current == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                let second = hexUnit(at: index + 2), (0xDC00...0xDFFF).contains(second)
            else { throw error("unpaired surrogate in a \\u escape", hint: "escape a character outside the BMP as a surrogate pair") }
            index += 6
            value = 0x10000 + (UInt32(first - 0xD800) << 10 | UInt32(second - 0xDC00))
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("unpaired surrogate in a \\u escape", hint: "escape a character outside the BMP as a surrogate pair")
        }
        text.append(contentsOf: String(scalar).utf8)
    }

    /// The four hexadecimal digits at `at`, if there are four.
    private func hexUnit(at start: Int) -> UInt16? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[start..<start + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Skips whitespace (space, tab, CR, LF) and comments.
    private mutating func skipTrivia() throws {
        while !atEnd {
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                newLine()
            case UInt8(ascii: "/"):
                try skipComment()
            default:
                return
            }
        }
    }

    private mutating func newLine() {
        index += 1
        line += 1
        lineStart = index
    }

    private mutating func skipComment() throws {
        let start = here()
        guard index + 1 < bytes.count else { throw error("unexpected '/'", hint: "start comments with // or /*") }
        switch bytes[index + 1] {
        case UInt8(ascii: "/"):
            while !atEnd, current != UInt8(ascii: "\n") { index += 1 }
        case UInt8(ascii: "*"):
            index += 2
            while true {
                guard !atEnd else { throw error(at: start, "comment not closed before the end of the file", hint: "close it with */") }
                if current == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                    index += 2
                    return
                }
                if current == UInt8(ascii: "\n") { newLine() } else { index += 1 }
            }
        default:
            throw error("unexpected '/'", hint: "start comments with // or /*")
        }
    }

    /// A key safe to put in a one-line message: control characters replaced, at most 80 characters.
    private static func printable(_ key: String) -> String {
        let cleaned = String(String.UnicodeScalarView(key.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        return cleaned.count > 80 ? String(cleaned.prefix(80)) + "..." : cleaned
    }
}
