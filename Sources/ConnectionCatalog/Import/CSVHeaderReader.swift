import Foundation

/// The header record of an export file.
public struct CSVHeader: Sendable, Equatable {
    /// Every cell of the header record in file order, exactly as written (quotes removed, doubled
    /// quotes undone), empty cells included.
    public var columns: [String]
    /// How the file was decoded: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, or for a file
    /// without a byte order mark read in the connection's encoding, `iso-8859-1` or `windows-1252`.
    public var encoding: String
    public var separator: Character
    /// How the header's own bytes contradicted the encoding the connection's settings give (a
    /// byte order mark, UTF-16 without NUL bytes, valid multi-byte UTF-8 under a single-byte
    /// encoding), and what was read instead; `nil` when nothing contradicted it.
    public var encodingWarning: String?

    public init(columns: [String], encoding: String, separator: Character, encodingWarning: String? = nil) {
        self.columns = columns
        self.encoding = encoding
        self.separator = separator
        self.encodingWarning = encodingWarning
    }

    /// The columns that have a name: ``columns`` without the empty and whitespace-only cells.
    public var namedColumns: [String] {
        columns.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// Reads only the first record of a CSV file.
///
/// The file is read in 64 KiB chunks until the first line break (LF, CRLF or CR) outside quotes,
/// so a large export costs one or two reads; a header record longer than 1 MiB is refused rather
/// than read on. Cells follow RFC 4180: a cell that starts with `"` is quoted, may contain the
/// separator, line breaks and doubled quotes (`""` for `"`).
///
/// Encoding, by evidence: a byte order mark (UTF-8, UTF-16 LE or BE) wins; then NUL bytes
/// between the characters of the first line say UTF-16 (little- or big-endian by their place);
/// then the connection's encoding name (see ``SourceTextEncoding/init(dotNetName:)``), unless
/// it is UTF-16 and the line has no NUL byte, or it is a single-byte encoding and the line is
/// valid UTF-8 with multi-byte characters (both read as UTF-8); otherwise UTF-8. When the bytes
/// overrule the name, ``CSVHeader/encodingWarning`` says so. Bytes that are not valid in the
/// encoding chosen are an error located by line and column, and so is a header that decodes to
/// NUL or C1 control characters (a file that is not text in that encoding): neither is ever a
/// schema.
///
/// Separator: the connection's `Separator` when given, else the most frequent of `,`, `;` and
/// tab outside quotes in the header record (`,` when none occurs or two are equally frequent).
/// Doc: (`IG/executables/references/export-csv/index.md`).
public enum CSVHeaderReader {
    static let chunkSize = 64 * 1024
    /// The first read: a header usually ends within it, so a large export file costs no more
    /// than a small one (a 64 KiB first read of every file was most of a refresh's time).
    static let firstChunkSize = 4 * 1024
    /// Longest header record accepted, in bytes.
    static let maximumRecordBytes = 1024 * 1024
    /// The most bytes a header read takes from a file: what lies beyond cannot change its result.
    static let maximumBytesRead = maximumRecordBytes + chunkSize
    /// Separators tried when the connection gives none.
    static let sniffedSeparators: [Unicode.Scalar] = [",", ";", "\t"]

    /// Reads the header record of the file at `url`.
    /// - Parameters:
    ///   - separator: the connection's `Separator`; `nil` to sniff it.
    ///   - encoding: the connection's .NET encoding name (`UTF-8`, `utf-16`, `ISO-8859-1`,
    ///     `Windows-1252`, ...); ignored when the file starts with a byte order mark.
    /// - Throws: ``InputError`` located at `<file name>:1` when the file is missing, empty, has a
    ///   blank first line, a header record over 1 MiB, an unclosed quoted cell or invalid bytes.
    public static func read(url: URL, separator: Character? = nil, encoding: String? = nil) throws -> CSVHeader {
        try readFirstRecord(url: url, separator: separator, encoding: encoding).header
    }

    /// Reads the header record of an export file already in memory, exactly as
    /// ``read(url:separator:encoding:)`` reads it from disk (same chunks, same bound, same errors).
    /// - Parameter file: the name used in error locations.
    /// - Throws: ``InputError`` for the same reasons as ``read(url:separator:encoding:)``.
    public static func read(_ data: Data, file: String, separator: Character? = nil, encoding: String? = nil) throws -> CSVHeader {
        var offset = data.startIndex
        return try readFirstRecord(file: file, separator: separator, encoding: encoding) {
            let end = min(offset + (offset == data.startIndex ? firstChunkSize : chunkSize), data.endIndex)
            defer { offset = end }
            return data[offset..<end]
        }.header
    }

    /// ``read(url:separator:encoding:)``, also returning how many bytes were read from the file.
    static func readFirstRecord(url: URL, separator: Character?, encoding: String?) throws -> (header: CSVHeader, bytesRead: Int) {
        let file = url.lastPathComponent
        switch InputFile.kind(url.path) {
        case .file: break
        case .missing:
            throw InputError(SourceLocation(file: file), "file not found", hint: "check the export folder and run the export again")
        case let kind:
            throw InputError(
                SourceLocation(file: file), InputFile.problem(kind) ?? "is not a regular file",
                hint: "check the export folder and run the export again")
        }
        // Plain descriptor reads into one buffer: thousands of export files are read per import.
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw InputError(SourceLocation(file: file), "file cannot be read", hint: "check that it is readable by the current user")
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: firstChunkSize)
        return try readFirstRecord(file: file, separator: separator, encoding: encoding) {
            var count = 0
            let size = chunk.count
            defer { if chunk.count < chunkSize { chunk = [UInt8](repeating: 0, count: chunkSize) } }
            while count < size {
                let got = chunk.withUnsafeMutableBytes { readDescriptor(descriptor, $0.baseAddress! + count, size - count) }
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw InputError(SourceLocation(file: file), "file cannot be read", hint: "check that it is readable by the current user")
                }
                count += got
            }
            return Data(chunk[..<count])
        }
    }

    /// Scans chunks from `nextChunk` (`nil` or empty at the end) until the first record ends.
    private static func readFirstRecord(
        file: String, separator: Character?, encoding: String?,
        nextChunk: () throws -> Data?
    ) throws -> (header: CSVHeader, bytesRead: Int) {
        let separatorScalar = try separator.map { try singleScalar($0, file: file) }
        var reader = CSVFirstRecordScanner(
            file: file, separators: separatorScalar.map { [$0] } ?? sniffedSeparators,
            declaredEncoding: encoding.map(SourceTextEncoding.init(dotNetName:)))
        var bytes: [UInt8] = []
        var endOfFile = false
        while !endOfFile {
            if let chunk = try nextChunk(), !chunk.isEmpty { bytes.append(contentsOf: chunk) } else { endOfFile = true }
            if try reader.scan(bytes, endOfInput: endOfFile) { break }
        }
        let record = try reader.finish()
        // NUL (UTF-16 read as a single-byte encoding or as UTF-8) and C1 controls (UTF-8 read as
        // ISO-8859-1: `É` becomes `Ã` and U+0089) are what a wrong encoding makes of text.
        if let bad = record.firstIndex(where: { $0.value == 0 || (0x80...0x9F).contains($0.value) }) {
            let code = String(format: "U+%04X", record[bad].value)
            throw InputError(
                SourceLocation(file: file, line: 1, column: bad + 1),
                "header holds a control character (\(code)): it is not text in the encoding it was read in (\(reader.encodingName))",
                hint: "save the file as UTF-8, or set the connection's encoding to the one the file is written in", kind: .badEncoding)
        }
        let chosen = separatorScalar ?? reader.mostFrequentSeparator()
        let columns = split(record, separator: chosen)
        let onlySeparators = record.allSatisfy { $0.properties.isWhitespace || reader.separators.contains($0) }
        guard !onlySeparators, columns.contains(where: { !WhitespaceTrim.isBlank($0) }) else {
            throw InputError(
                SourceLocation(file: file, line: 1), "no header record",
                hint: "the first line is blank; an export file must start with its column names", kind: .noHeader)
        }
        let header = CSVHeader(
            columns: columns, encoding: reader.encodingName, separator: Character(chosen),
            encodingWarning: reader.encodingWarning)
        return (header, bytes.count)
    }

    private static func singleScalar(_ separator: Character, file: String) throws -> Unicode.Scalar {
        let scalars = separator.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar != "\"", scalar != "\n", scalar != "\r" else {
            throw InputError(
                SourceLocation(file: file), "the separator is not a single character other than a quote or line break",
                hint: "fix the connection's Separator setting")
        }
        return scalar
    }

    /// The text of `scalars`, encoded once as UTF-8.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a record into cells (RFC 4180 quoting, lenient about text after a closing quote).
    static func split(_ record: [Unicode.Scalar], separator: Unicode.Scalar) -> [String] {
        // Without a quote, cells are the text between separators: each built in one go.
        if !record.contains("\"") {
            return record.split(separator: separator, omittingEmptySubsequences: false).map(string)
        }
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var inQuotes = false
        var afterClosingQuote = false
        var atCellStart = true
        for scalar in record {
            if inQuotes {
                if scalar == "\"" {
                    inQuotes = false
                    afterClosingQuote = true
                } else {
                    cell.append(scalar)
                }
                continue
            }
            if scalar == "\"", afterClosingQuote || atCellStart {
                if afterClosingQuote { cell.append(scalar) }
                inQuotes = true
                afterClosingQuote = false
                atCellStart = false
                continue
            }
            afterClosingQuote = false
            if scalar == separator {
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
                atCellStart = true
            } else {
                atCellStart = false
                cell.append(scalar)
            }
        }
        cells.append(String(cell))
        return cells
    }
}

/// The C library's `read(2)` (the reader's own `read` methods hide the name inside the type).
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
