import Foundation
import Testing

@testable import ConnectionCatalog

private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

@Suite struct CSVHeaderReaderTests {
    let folder: ReaderTestFolder

    init() throws { folder = try ReaderTestFolder() }

    private func header(_ text: String, separator: Character? = nil, encoding: String? = nil) throws -> CSVHeader {
        try CSVHeaderReader.read(url: folder.write("x.csv", text), separator: separator, encoding: encoding)
    }

    private func header(bytes: [UInt8], separator: Character? = nil, encoding: String? = nil) throws -> CSVHeader {
        try CSVHeaderReader.read(url: folder.write("x.csv", bytes: bytes), separator: separator, encoding: encoding)
    }

    private func error(bytes: [UInt8], separator: Character? = nil, encoding: String? = nil) -> String? {
        do {
            _ = try header(bytes: bytes, separator: separator, encoding: encoding)
            return nil
        } catch {
            return (error as? InputError)?.description
        }
    }

    private func error(_ text: String) -> String? { error(bytes: Array(text.utf8)) }

    @Test func readsTheFirstLineOfAPlainFile() throws {
        #expect(try header("Command,dn,member\ninsert,a,b\n") == CSVHeader(columns: ["Command", "dn", "member"], encoding: "utf-8", separator: ","))
        #expect(try header("A,B") == CSVHeader(columns: ["A", "B"], encoding: "utf-8", separator: ","))
        #expect(try header("A,B\r\n1,2\r\n").columns == ["A", "B"])
        #expect(try header("A,B\r1,2").columns == ["A", "B"])
        #expect(try header(" A , B\t,C \n").columns == [" A ", " B\t", "C "])
    }

    @Test func keepsEmptyCellsAndOffersNamedColumns() throws {
        let result = try header(",A,,B, \n")
        #expect(result.columns == ["", "A", "", "B", " "])
        #expect(result.namedColumns == ["A", "B"])
    }

    @Test func detectsByteOrderMarks() throws {
        let names = "Nom,Prénom,日本"
        #expect(
            try header(bytes: [0xEF, 0xBB, 0xBF] + Array("\(names)\n1,2,3".utf8))
                == CSVHeader(columns: ["Nom", "Prénom", "日本"], encoding: "utf-8-bom", separator: ","))
        #expect(
            try header(bytes: utf16("\(names)\r\n1,2,3", bigEndian: false))
                == CSVHeader(columns: ["Nom", "Prénom", "日本"], encoding: "utf-16le", separator: ","))
        #expect(
            try header(bytes: utf16("\(names);😀\n1", bigEndian: true), separator: ";")
                == CSVHeader(columns: ["Nom,Prénom,日本", "😀"], encoding: "utf-16be", separator: ";"))
        // A byte order mark wins over the connection's encoding.
        #expect(try header(bytes: [0xEF, 0xBB, 0xBF] + Array("é\n".utf8), encoding: "ISO-8859-1").columns == ["é"])
    }

    @Test func decodesTheConnectionsEncodingWithoutAByteOrderMark() throws {
        let latin1: [UInt8] = Array("Nom;Pr".utf8) + [0xE9] + Array("nom;Co".utf8) + [0xFB, 0x74, 0x0A]
        #expect(
            try header(bytes: latin1, encoding: "ISO-8859-1")
                == CSVHeader(columns: ["Nom", "Prénom", "Coût"], encoding: "iso-8859-1", separator: ";"))
        #expect(try header(bytes: latin1, encoding: "latin1").columns == ["Nom", "Prénom", "Coût"])
        #expect(
            try header(bytes: [0x80, 0x2C, 0x9C, 0x0A], encoding: "Windows-1252")
                == CSVHeader(columns: ["€", "œ"], encoding: "windows-1252", separator: ","))
        let littleEndian = Array(utf16("a,é\n", bigEndian: false).dropFirst(2))
        #expect(
            try header(bytes: littleEndian, encoding: "utf-16")
                == CSVHeader(columns: ["a", "é"], encoding: "utf-16le", separator: ","))
        #expect(try header("a,é\n", encoding: "x-unknown-encoding") == CSVHeader(columns: ["a", "é"], encoding: "utf-8", separator: ","))
        #expect(try header("a,é\n", encoding: "UTF-8") == CSVHeader(columns: ["a", "é"], encoding: "utf-8", separator: ","))
    }

    @Test func nonASCIINamesRoundTripExactly() throws {
        let decomposed = "e\u{301}te\u{301}"
        let precomposed = "\u{E9}t\u{E9}"
        let result = try header("\(decomposed),\(precomposed),日本語,Ünïcödé,@odata.type,attr:sub\n")
        #expect(
            result.columns.map { Array($0.unicodeScalars) }
                == [decomposed, precomposed, "日本語", "Ünïcödé", "@odata.type", "attr:sub"].map { Array($0.unicodeScalars) })
    }

    @Test func unquotesRFC4180Cells() throws {
        let text = "\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\",plain\"quote,\"x\"tail\nnext,line"
        #expect(try header(text).columns == ["a,b", "say \"hi\"", "two\r\nlines", "", "plain\"quote", "xtail"])
        #expect(try header("\"only\"").columns == ["only"])
    }

    @Test func sniffsTheSeparatorOutsideQuotes() throws {
        #expect(try header("a;b;c\n1;2;3").separator == ";")
        #expect(try header("a;b;c\n1;2;3").columns == ["a", "b", "c"])
        #expect(try header("a\tb\tc\n").columns == ["a", "b", "c"])
        #expect(try header("a\tb\tc\n").separator == "\t")
        #expect(try header("a;b,c;d\n").separator == ";")
        #expect(try header("\"x,y,z\";b\n") == CSVHeader(columns: ["x,y,z", "b"], encoding: "utf-8", separator: ";"))
        #expect(try header("a;b,c\n") == CSVHeader(columns: ["a;b", "c"], encoding: "utf-8", separator: ","))
        #expect(try header("single\n") == CSVHeader(columns: ["single"], encoding: "utf-8", separator: ","))
    }

    @Test func theConnectionsSeparatorWins() throws {
        #expect(try header("a;b,c;d\n", separator: ",") == CSVHeader(columns: ["a;b", "c;d"], encoding: "utf-8", separator: ","))
        #expect(try header("a|\"b|c\"|d\n", separator: "|").columns == ["a", "b|c", "d"])
        #expect(try header("a¤b\n", separator: "¤").columns == ["a", "b"])
        #expect(
            error(bytes: Array("a\n".utf8), separator: "\"")
                == "x.csv: error: the separator is not a single character other than a quote or line break; fix the connection's Separator setting")
    }

    @Test func rejectsEmptyFilesAndBlankFirstLines() {
        let empty = "x.csv:1: error: file is empty; an export file must start with a header record; run the export again"
        #expect(error("") == empty)
        let onlyMark =
            "x.csv:1: error: file holds only a byte order mark, no header record; an export file must start with a header record; run the export again"
        #expect(error(bytes: [0xEF, 0xBB, 0xBF]) == onlyMark)
        #expect(error(bytes: [0xFF, 0xFE]) == onlyMark)
        let blank = "x.csv:1: error: no header record; the first line is blank; an export file must start with its column names"
        #expect(error("\nA,B\n") == blank)
        #expect(error("\r\nA,B\r\n") == blank)
        #expect(error(",,,\nA,B\n") == blank)
        #expect(error(" ; \t\nA") == blank)
        #expect(error("   ") == blank)
    }

    @Test func reportsInvalidBytesAndUnclosedQuotes() {
        #expect(
            error(bytes: Array("Nom,Pr".utf8) + [0xE9] + Array("nom\n".utf8))
                == "x.csv:1:7: error: bytes that are not valid UTF-8; set the connection's Encoding setting to the one the file is written in, or save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8') or UTF-16"
        )
        #expect(
            error(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xDC, 0x0A, 0x00])
                == "x.csv:1:2: error: bytes that are not valid UTF-16LE; set the connection's Encoding setting to the one the file is written in, or save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8') or UTF-16"
        )
        #expect(
            error(bytes: Array("a,b".utf8) + [0xE6, 0x97])  // truncated at the end of the file
                == "x.csv:1:4: error: bytes that are not valid UTF-8; set the connection's Encoding setting to the one the file is written in, or save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8') or UTF-16"
        )
        #expect(
            error("a,\"b\nc,d\ne")
                == "x.csv:1:3: error: quoted header cell not closed before the end of the file; close the quoted column name with '\"'")
    }

    @Test func refusesAHeaderRecordLongerThanOneMebibyte() throws {
        let long = String(repeating: "column,", count: 2 * 1024 * 1024 / 7) + "\n1\n"
        #expect(error(long) == "x.csv:1: error: header record longer than 1 MiB; check the separator and quoting of the file's first line")
        // An unclosed quote must not make the reader go on past 1 MiB either.
        let unclosed = "a,\"" + String(repeating: "x\n", count: 1024 * 1024)
        #expect(error(unclosed) == "x.csv:1: error: header record longer than 1 MiB; check the separator and quoting of the file's first line")
    }

    @Test func readsOnlyTheFirstChunkOfALargeFile() throws {
        var bytes = Array("id;name;Prénom\n".utf8)
        let row = Array("12345;some name;value\n".utf8)
        while bytes.count < 10_000_000 { bytes += row }
        bytes += [0xFF, 0xFE, 0xC0]  // invalid UTF-8 far after the header: never decoded
        let url = try folder.write("big.csv", bytes: bytes)
        let (header, bytesRead) = try CSVHeaderReader.readFirstRecord(url: url, separator: nil, encoding: nil)
        #expect(header == CSVHeader(columns: ["id", "name", "Prénom"], encoding: "utf-8", separator: ";"))
        #expect(bytesRead == CSVHeaderReader.firstChunkSize)
    }

    @Test func readsAHeaderAcrossChunkBoundaries() throws {
        // A 2-byte scalar split by the first chunk boundary, and a header that needs three chunks.
        let first = String(repeating: "a", count: CSVHeaderReader.firstChunkSize - 1) + "é"
        let url = try folder.write("wide.csv", "\(first),\(String(repeating: "b", count: 70_000)),c\n1\n")
        #expect(try CSVHeaderReader.read(url: url).columns == [first, String(repeating: "b", count: 70_000), "c"])

        // A UTF-16 surrogate pair split by the chunk boundary.
        let padding = String(repeating: "p", count: (CSVHeaderReader.firstChunkSize - 2) / 2 - 1)
        let pairURL = try folder.write("pair.csv", bytes: utf16("\(padding)😀,z\n", bigEndian: false))
        #expect(try CSVHeaderReader.read(url: pairURL).columns == ["\(padding)😀", "z"])
    }

    @Test func reportsAMissingFile() {
        #expect(throws: InputError(SourceLocation(file: "gone.csv"), "file not found", hint: "check the export folder and run the export again")) {
            try CSVHeaderReader.read(url: folder.url.appendingPathComponent("gone.csv"))
        }
    }
}
