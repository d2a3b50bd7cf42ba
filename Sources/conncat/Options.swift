import ArgumentParser
import ConnectionCatalog
import Foundation

/// Output formats of the query commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--database`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Catalog file (default: $CONNCAT_DATABASE, else ./\(Catalog.defaultFileName)).", valueName: "path"))
    var database: String?

    var path: String {
        database ?? ProcessInfo.processInfo.environment["CONNCAT_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Catalog.defaultFileName
    }

    /// Opens the catalog, creating and migrating it when missing.
    func open() throws -> Catalog {
        try Catalog(path: path)
    }

    /// Opens the catalog for a query command: one read-only connection when it is up to date
    /// (see ``Catalog/Access/readOnly``).
    func openForReading() throws -> Catalog {
        try Catalog(path: path, access: .readOnly)
    }
}

/// `--format`, shared by query commands.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table
}

/// Parses `--at`/`--as-of` values.
func parseTime(_ text: String?, option: String) throws -> String? {
    guard let text else { return nil }
    guard let time = Timestamp.parse(text) else {
        throw ValidationError("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-11-29 or 2026-11-29T08:30:00Z)")
    }
    return time
}

/// Runs `body`, turning library errors into one line on standard error and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as CatalogError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as HistoryError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        throw ExitCode(1)
    }
}

func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
