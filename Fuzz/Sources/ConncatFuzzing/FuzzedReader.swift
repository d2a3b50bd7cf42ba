import ConnectionCatalog
import Foundation

/// One of the three input readers, run on arbitrary bytes.
public enum FuzzedReader: String, CaseIterable, Sendable {
    /// ``ConfigurationReader/parse(_:file:)`` on an XML configuration file.
    case xml
    /// ``AgentSettingsReader/parse(_:file:)`` on an `appsettings.agent.json`.
    case json
    /// ``CSVHeaderReader/read(_:file:separator:encoding:)`` on an export file, with the
    /// connection settings a seed byte chooses (sniffed or given separator, declared encoding).
    case csv

    /// File extension of this reader's seeds.
    public var fileExtension: String { rawValue }

    /// The name given to the reader for locations.
    public var fileName: String {
        switch self {
        case .xml: return "fuzz.xml"
        case .json: return "appsettings.agent.json"
        case .csv: return "fuzz.csv"
        }
    }

    /// What one input gave.
    public enum Outcome: Sendable, Equatable {
        /// The reader returned a value.
        case value
        /// The reader threw a well-formed ``InputError``.
        case inputError
        /// The reader broke its contract: another error, or an ``InputError`` that is not one
        /// located line (wrong file, line or column below 1, a line break in the text).
        case contractViolation(String)
    }

    /// Runs the reader on `bytes`. A crash or hang is not caught here: it ends the process.
    public func run(_ bytes: [UInt8]) -> Outcome {
        let data = Data(bytes)
        do {
            switch self {
            case .xml:
                _ = try ConfigurationReader.parse(data, file: fileName)
            case .json:
                _ = try AgentSettingsReader.parse(data, file: fileName)
            case .csv:
                // The last byte picks the settings, so the mutations explore them too.
                let selector = Int(bytes.last ?? 0)
                let separators: [Character?] = [nil, nil, ",", ";", "\t", "|"]
                let encodings: [String?] = [nil, nil, "UTF-8", "ISO-8859-1", "Windows-1252", "utf-16", "unicodeFFFE"]
                _ = try CSVHeaderReader.read(
                    data, file: fileName, separator: separators[selector % separators.count],
                    encoding: encodings[(selector / 8) % encodings.count])
            }
            return .value
        } catch let error as InputError {
            return Self.check(error, file: fileName)
        } catch {
            return .contractViolation("not an InputError: \(type(of: error)): \(error)")
        }
    }

    /// Whether `error` is one located line, as the CLI prints it.
    static func check(_ error: InputError, file: String) -> Outcome {
        let location = error.location
        if location.file != file { return .contractViolation("error names file '\(location.file)'") }
        if let line = location.line, line < 1 { return .contractViolation("line \(line)") }
        if let column = location.column, column < 1 || location.line == nil { return .contractViolation("column \(column)") }
        let text = error.description
        if text.contains(where: \.isNewline) { return .contractViolation("error text spans several lines") }
        if error.message.isEmpty { return .contractViolation("empty message") }
        return .inputError
    }
}
