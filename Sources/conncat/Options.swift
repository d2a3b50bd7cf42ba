import ArgumentParser
import ConnectionCatalog
import Foundation

/// Output formats of the query commands.
enum OutputFormat: String, ArgumentChoice {
    case table, json, csv

    static let choices: [Self] = [.table, .json, .csv]
}

/// An option value that is one word of a fixed list (`--format json`): parsed from its raw value,
/// shown by it in help, offered in completions and listed in the error for any other word, as the
/// argument parser does for a `CaseIterable` enum.
///
/// The list is declared rather than derived from `CaseIterable`: for a `CaseIterable` type the
/// parser builds that list through a key path whose generic arguments the runtime checks, and
/// tries the default value `as? any CaseIterable & RawRepresentable`. The first look-up of each
/// (type, protocol) pair scans every protocol conformance record of the binary (about 7,500), and
/// every command parses `--format` and `--color`: two such scans fewer per type
/// (Benchmarks/README.md, P3).
protocol ArgumentChoice: ExpressibleByArgument, RawRepresentable<String> {
    /// Every value, in the order help and errors list them.
    static var choices: [Self] { get }
}

extension ArgumentChoice {
    static var allValueStrings: [String] { choices.map { $0.rawValue } }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `--database` and `--color`, shared by every command: ``CatalogOptions``, or ``ListingOptions``
/// with the listings' own options.
protocol CatalogArguments: ParsableArguments {
    var database: String? { get }
    var color: ColorMode { get }
}

/// `--database` and `--color` of every command that lists nothing.
struct CatalogOptions: CatalogArguments {
    @Option(name: .long, help: CatalogOptions.databaseHelp) var database: String?

    @Option(name: .long, help: CatalogOptions.colorHelp) var color: ColorMode = .auto

    static let databaseHelp = ArgumentHelp(
        "Catalog file (default: $CONNCAT_DATABASE, else ./\(Catalog.defaultFileName)).", valueName: "path")
    static let colorHelp = ArgumentHelp(
        "Colour severities and statuses: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when")

    func validate() throws { try validateCatalog() }

    /// `database`, else `$CONNCAT_DATABASE`, else the default file name.
    static func resolvedPath(_ database: String?) -> String {
        // `getenv`: `ProcessInfo.environment` would first copy the whole environment.
        database ?? getenv("CONNCAT_DATABASE").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? Catalog.defaultFileName
    }

    /// Whether `scalar` is in `CharacterSet.whitespaces` (tab and the space separators), without
    /// Foundation's string bridging at every start.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == " " || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
    }
}

/// `--database`, `--color`, `--format` and `--wide`: the options of the commands that list rows, in
/// one group rather than ``CatalogOptions`` beside a second group. The argument parser reflects
/// over each option group's type at every parse (its metadata, a `Mirror`, a cast to
/// `ParsableCommand`), and the first such look-up of a type scans every protocol conformance
/// record of the binary: three scans fewer for every listing (Benchmarks/README.md, P3).
struct ListingOptions: CatalogArguments {
    @Option(name: .long, help: CatalogOptions.databaseHelp) var database: String?

    @Option(name: .long, help: CatalogOptions.colorHelp) var color: ColorMode = .auto

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Show every column and whole values, even when the table is wider than the terminal.")
    var wide = false

    func validate() throws {
        try validateCatalog()
        Presentation.wide = wide
    }
}

extension CatalogArguments {
    var path: String { CatalogOptions.resolvedPath(database) }

    /// Records `--color` for the run; refuses an empty `--database`.
    func validateCatalog() throws {
        Presentation.colorMode = color
        if let database, database.unicodeScalars.allSatisfy(CatalogOptions.isWhitespace) {
            throw ValidationError("--database needs a file name (it was empty); leave the option out to use $CONNCAT_DATABASE or ./\(Catalog.defaultFileName)")
        }
    }

    /// Opens the catalog for the command (``Catalog/with(at:for:_:)``), runs `body`, and closes
    /// it. Only `import` creates a catalog (`create`); a command that only reads (`write` false)
    /// opens it through one read-only connection. A name the catalog does not know gets a
    /// suggestion.
    func withCatalog<T>(create: Bool = false, write: Bool = false, _ body: (Catalog) throws -> T) throws -> T {
        try Catalog.with(at: path, for: create ? .create : write ? .update : .read) { catalog in
            if !create, !write { OpenedCatalogs.keep(catalog) }
            do {
                return try body(catalog)
            } catch {
                throw UnknownNameError.suggesting(error, in: catalog)
            }
        }
    }
}

/// Catalogs a command only read, kept until the process exits. ``Catalog/with(at:for:_:)`` closes
/// each one (its SQLite connection) when the command is done with it; what is left is memory, which
/// the process's end gives back at once. Freeing it one object at a time as the command returns
/// would cost more than the query: the connection's dispatch queue frees its queue-specific values
/// on a worker thread started for that alone, and the observers it registered are removed from
/// Foundation's notification centre (Benchmarks/README.md, P3).
enum OpenedCatalogs {
    nonisolated(unsafe) private static var kept: [Catalog] = []

    static func keep(_ catalog: Catalog) { kept.append(catalog) }
}

/// `--at` and `--since`: a time in ISO 8601 (``Timestamp/init(parsing:dateOnly:)``); a date
/// alone is its first second (UTC). A malformed value is a usage error naming the option.
extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument, dateOnly: .startOfDay) }
}

/// `--as-of`: the answer as it was then; a date alone means the end of that day (23:59:59 UTC).
struct AsOfTime: ExpressibleByArgument {
    var time: Timestamp

    init?(argument: String) {
        guard let time = Timestamp(parsing: argument, dateOnly: .endOfDay) else { return nil }
        self.time = time
    }
}

/// Refuses an `--at` time more than five minutes ahead: a refresh recorded in the future would
/// hide every real one until then.
func requirePast(_ at: Timestamp?) throws {
    if let at, at > Timestamp.now.adding(seconds: 300) {
        throw ValidationError("--at '\(at)' is in the future; give the time the export was made (default: now)")
    }
}

/// Runs `body`, turning library errors into one line on standard error and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DiagnosticError {
        writeError(DiagnosticRendering.line(error.diagnostic))
        throw ExitCode(1)
    } catch let error as UnknownNameError {
        writeError("\(error)")
        throw ExitCode(1)
    } catch let error as CommandError {
        writeError(error.line)
        throw ExitCode(1)
    } catch let error as BaselineError {
        writeError("error: \(error)")
        throw ExitCode(1)
    } catch let error as OutputFile.WriteError {
        writeError("\(error)")
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        writeError("error: " + "\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
        throw ExitCode(1)
    }
}

/// Writes one error line to standard error, control characters escaped. An error not about a
/// file starts `conncat: error:`, as usage errors do. A pipe gets one line; a terminal gets it
/// broken at spaces to its width, the following lines indented.
func writeError(_ line: String) {
    FileHandle.standardError.write(Data(ErrorLine.layout(line, width: Terminal.errorWidth()).utf8))
}

enum ErrorLine {
    /// `line` with the `conncat: ` prefix and escaped, broken to `width` (none: one line), ending
    /// with a line feed.
    static func layout(_ line: String, width: Int?) -> String {
        var text = TerminalText.escape(line)
        if text.hasPrefix("error: ") { text = "conncat: " + text }
        guard let width, width > 20, DisplayWidth.of(text) > width else {
            return text.replacingOccurrences(of: String(TextWrap.glue), with: " ") + "\n"
        }
        // A quoted command (`conncat columns --help`) is kept on one line when it fits one.
        text = gluingQuotedCommands(text, width: width - 4)
        let first = CheckRendering.wrap(text, width: width)[0]
        let rest = String(text.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        let lines = [first] + CheckRendering.wrap(rest, width: width - 4).map { "    " + $0 }
        return lines.joined(separator: "\n").replacingOccurrences(of: String(TextWrap.glue), with: " ") + "\n"
    }

    /// `text` with the spaces inside each quoted command (`'conncat ...'` or a backquoted one)
    /// no wider than `width` made glue, so that wrapping keeps the command whole.
    static func gluingQuotedCommands(_ text: String, width: Int) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { $0 == "'" || $0 == "`" }) {
            let quote = rest[start]
            out += rest[..<start]
            let body = rest[rest.index(after: start)...]
            guard body.hasPrefix("conncat "), let end = body.firstIndex(of: quote) else {
                out.append(quote)
                rest = body
                continue
            }
            let command = String(quote) + body[..<end] + String(quote)
            out += DisplayWidth.of(command) <= width ? TextWrap.glued(command) : command
            rest = body[body.index(after: end)...]
        }
        return out + rest
    }
}

/// Writes `text` to standard output. Values from the input were escaped by the renderers; as a
/// last guard, no control character other than a line break, a tab or one of conncat's own colour
/// codes reaches the terminal.
func write(_ text: String) {
    FileHandle.standardOutput.write(Data(TerminalText.escapeKeepingLinesAndColour(text).utf8))
}

/// Writes prose (a sentence, not a table) broken to the terminal's width.
/// Ctrl-C (`SIGINT`) and `SIGTERM` remove the hidden files of a catalog or backup being written
/// (``PartialFiles``), then end the process with 128 + the signal's number (130, 143), the status
/// a shell gives a process that signal ended. What is already stored stays as it was: a first
/// import leaves no catalog, an import into a catalog is rolled back by SQLite.
func removePartialFilesOnInterrupt(note: String = "interrupted: nothing stored") {
    PartialFiles.prepare()
    setInterruptNote(note)
    // A signal the parent blocked would stay pending until the command ended.
    var blocked = sigset_t()
    sigemptyset(&blocked)
    for number in [SIGINT, SIGTERM] { sigaddset(&blocked, number) }
    pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    for number in [SIGINT, SIGTERM] {
        // Async-signal-safe: unlink(2) of prepared paths, then _exit(2).
        signal(number) { received in
            PartialFiles.removeAll()
            // write(2) and strlen(3) only: the note was made before the signal could arrive.
            if let note = interruptNote { _ = Glibc.write(STDERR_FILENO, note, strlen(note)) }
            _exit(128 + received)
        }
    }
}

/// The line written on standard error when Ctrl-C or `SIGTERM` ends the command, after the
/// progress line is erased (on a terminal); read by the signal handler, so a C string made
/// beforehand (a replaced one is left allocated: the handler may be reading it).
nonisolated(unsafe) private var interruptNote: UnsafeMutablePointer<CChar>?

/// Says what is true of the catalog if the command is interrupted from now on (`interrupted:
/// nothing stored`, or that the import was stored and only its listing was cut short).
func setInterruptNote(_ note: String) {
    let erase = Terminal.isTerminal(STDERR_FILENO) ? "\r\u{1B}[K" : ""
    interruptNote = strdup(erase + "conncat: " + note + "\n")
}

func writeFitted(_ text: String) {
    write(TextWrap.fit(text, width: Presentation.current.width))
}

extension ColorMode: ArgumentChoice {
    static let choices: [Self] = [.auto, .always, .never]
}
