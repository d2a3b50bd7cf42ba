/// Finds the first record of a CSV file in bytes that arrive in chunks, decoding them one
/// Unicode scalar at a time.
///
/// It only finds where the record ends (the first CR or LF outside quotes) and counts the
/// candidate separators outside quotes; ``CSVHeaderReader/split(_:separator:)`` cuts the record
/// into cells once the separator is known. A quote opens a quoted cell at the start of the
/// record, after a candidate separator, or right after a closing quote (a doubled quote).
struct CSVFirstRecordScanner {
    let file: String
    /// The separators that start a cell: the connection's one, or the sniffed candidates.
    let separators: [Unicode.Scalar]
    /// The connection's encoding, used when the file has no byte order mark.
    let declaredEncoding: SourceTextEncoding?
    /// Name of the encoding in use (see ``CSVHeader/encoding``); final once scanning started.
    private(set) var encodingName = "utf-8"
    /// How the bytes contradicted ``declaredEncoding`` (see ``CSVHeader/encodingWarning``).
    private(set) var encodingWarning: String?

    private var encoding: SourceTextEncoding?
    /// Next byte to decode, and the first byte after the byte order mark.
    private var index = 0, recordStart = 0
    private var record: [Unicode.Scalar] = []
    private var ended = false
    private var inQuotes = false, afterClosingQuote = false, atCellStart = true
    private var counts: [Unicode.Scalar: Int] = [:]
    /// Position of the next scalar, and of the quote that opened the current quoted cell.
    private var line = 1, column = 1
    private var openQuote = (line: 1, column: 1)

    init(file: String, separators: [Unicode.Scalar], declaredEncoding: SourceTextEncoding?) {
        self.file = file
        self.separators = separators
        self.declaredEncoding = declaredEncoding
    }

    /// Scans the bytes not scanned yet. `bytes` holds the file from its first byte.
    /// - Returns: `true` when the record is complete or the input has ended.
    /// - Throws: ``InputError`` for invalid bytes or a record longer than
    ///   ``CSVHeaderReader/maximumRecordBytes``.
    mutating func scan(_ bytes: [UInt8], endOfInput: Bool) throws -> Bool {
        guard !ended else { return true }
        if encoding == nil {
            // Evidence needs the first line, or the first bytes of a long one.
            let sampleLength = EncodingEvidence.sampleLength
            guard bytes.count >= sampleLength || endOfInput || bytes.prefix(sampleLength).contains(0x0A) else { return false }
            let decision = EncodingEvidence.decide(Array(bytes.prefix(sampleLength)), declared: declaredEncoding)
            encoding = decision.encoding
            encodingName = decision.name
            encodingWarning = decision.warning
            index = decision.byteOrderMarkLength
            recordStart = index
        }
        let encoding = encoding!
        while index < bytes.count {
            guard index - recordStart < CSVHeaderReader.maximumRecordBytes else {
                throw InputError(
                    SourceLocation(file: file, line: 1), "header record longer than 1 MiB",
                    hint: "check the separator and quoting of the file's first line", kind: .tooLong)
            }
            switch encoding.decode(bytes, at: index, endOfInput: endOfInput) {
            case .needsMoreInput:
                return false
            case .invalid:
                throw InputError(
                    SourceLocation(file: file, line: line, column: column),
                    "bytes that are not valid \(encoding.name.uppercased())",
                    hint: "set the connection's Encoding setting to the one the file is written in, or save the file as UTF-8 "
                        + "(in Excel: Save As, 'CSV UTF-8') or UTF-16",
                    kind: .badEncoding)
            case .scalar(let scalar, let length):
                index += length
                if accept(scalar) {
                    ended = true
                    return true
                }
            }
        }
        return endOfInput
    }

    /// Takes the next scalar; `true` when it ends the record.
    private mutating func accept(_ scalar: Unicode.Scalar) -> Bool {
        if inQuotes {
            if scalar == "\"" {
                inQuotes = false
                afterClosingQuote = true
            }
        } else if scalar == "\n" || scalar == "\r" {
            return true
        } else if scalar == "\"", afterClosingQuote || atCellStart {
            if !afterClosingQuote { openQuote = (line, column) }
            inQuotes = true
            afterClosingQuote = false
            atCellStart = false
        } else if separators.contains(scalar) {
            counts[scalar, default: 0] += 1
            atCellStart = true
            afterClosingQuote = false
        } else {
            atCellStart = false
            afterClosingQuote = false
        }
        record.append(scalar)
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return false
    }

    /// The scalars of the record, without its line break.
    /// - Throws: ``InputError`` when the file holds nothing after its byte order mark, or ends
    ///   inside a quoted cell.
    func finish() throws -> [Unicode.Scalar] {
        if !ended, record.isEmpty {
            throw InputError(
                SourceLocation(file: file, line: 1),
                recordStart > 0 && index == recordStart ? "file holds only a byte order mark, no header record" : "file is empty",
                hint: "an export file must start with a header record; run the export again", kind: .empty)
        }
        if inQuotes {
            throw InputError(
                SourceLocation(file: file, line: openQuote.line, column: openQuote.column),
                "quoted header cell not closed before the end of the file",
                hint: "close the quoted column name with '\"'")
        }
        return record
    }

    /// The candidate separator found most often; `,` when none was found or two tie.
    func mostFrequentSeparator() -> Unicode.Scalar {
        let best = counts.values.max() ?? 0
        let leaders = separators.filter { counts[$0] == best }
        return best > 0 && leaders.count == 1 ? leaders[0] : ","
    }
}
