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

    @Option(name: .long, help: ArgumentHelp(
        "Colour severities and statuses: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorMode = .auto

    func validate() throws { Presentation.colorMode = color }

    var path: String { Self.resolvedPath(database) }

    /// `database`, else `$CONNCAT_DATABASE`, else the default file name.
    static func resolvedPath(_ database: String?) -> String {
        database.flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.environment["CONNCAT_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Catalog.defaultFileName
    }

    /// Opens the catalog (creating and migrating it when missing), runs `body`, and closes it so
    /// that the catalog file alone holds the result.
    ///
    /// Only `import` creates a catalog (`create`): another command given a path where there is
    /// none says so instead of creating an empty one.
    /// A command that only reads (`write` false) opens an up-to-date catalog through one read-only
    /// connection: it writes nothing and never waits for an import running elsewhere.
    func withCatalog<T>(create: Bool = false, write: Bool = false, _ body: (Catalog) throws -> T) throws -> T {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw CatalogError.unusable(path: path, reason: "it is a folder; give a file name with --database") }
        if !exists {
            guard create else { throw CatalogError.noCatalog(path: path) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: folder) {
                throw CatalogError.unusable(path: path, reason: "folder \(folder) does not exist")
            }
        }
        let catalog = try Catalog(path: path, access: create || write ? .readWrite : .readOnly)
        do {
            let result: T
            do {
                result = try body(catalog)
            } catch {
                throw UnknownNameError.suggesting(error, in: catalog)
            }
            try catalog.close()
            return result
        } catch {
            try? catalog.close()
            // A catalog this command created for an import that failed holds nothing: remove it.
            if !exists, (try? Catalog(path: path, access: .readOnly).imports().isEmpty) == true {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            throw error
        }
    }
}

/// `--format`, shared by query commands.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Show every column and whole values, even when the table is wider than the terminal.")
    var wide = false

    func validate() throws { Presentation.wide = wide }
}

/// How a user-given time is read.
enum TimeOption {
    /// `--at`: when something happened; a date alone is its midnight UTC; never in the future.
    case at
    /// `--as-of`: the answer as it was then; a date alone means the end of that day (UTC).
    case asOf
    /// `--since`: from then on; a date alone is its midnight UTC.
    case since

    var name: String { switch self { case .at: "--at"; case .asOf: "--as-of"; case .since: "--since" } }
}

/// Parses `--at`, `--as-of` and `--since` values into the catalog's form.
func parseTime(_ text: String?, option: TimeOption) throws -> String? {
    guard let text else { return nil }
    guard var time = Timestamp.parse(text) else {
        throw ValidationError("\(option.name) '\(text)' is not an ISO 8601 time (e.g. 2026-11-29 or 2026-11-29T08:30:00Z)")
    }
    let dateOnly = text.trimmingCharacters(in: .whitespaces).count == 10
    if option == .asOf, dateOnly { time = String(time.prefix(10)) + "T23:59:59Z" }
    // A refresh recorded in the future would hide every real one until then.
    if option == .at, let seconds = Timestamp.seconds(time), let now = Timestamp.seconds(Timestamp.now()), seconds > now + 300 {
        throw ValidationError("--at '\(text)' is in the future; give the time the export was made (default: now)")
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
    } catch let error as FingerprintKeyError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as UnknownNameError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as BaselineError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
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

/// Writes prose (a sentence, not a table) broken to the terminal's width.
func writeFitted(_ text: String) {
    write(TextWrap.fit(text, width: Presentation.current.width))
}

extension ColorMode: ExpressibleByArgument {}
