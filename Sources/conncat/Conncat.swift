import ArgumentParser
import ConnectionCatalog
import Foundation

@main
struct Conncat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conncat",
        abstract: "Catalog of Netwrix Identity Manager connections: what can be mapped, and what changed.",
        discussion: """
            Imports an Identity Manager configuration (XML files, appsettings.agent.json, ExportOutput \
            headers) into an SQLite catalog and answers which connection tables and columns are \
            available for mapping. Secrets are never stored and never shown.

            Global options come before or after the command: --database and --color with every \
            command, --format and --wide with the listings. On a terminal, tables fit its width \
            (--wide shows everything); pipes, JSON and CSV always get everything.

            EXAMPLES:
              conncat import Fixtures/demo
              conncat connections
              conncat --database /srv/catalog/conncat.sqlite columns --connection HRFeed
              conncat check --baseline conncat-baseline.json --fail-on warning

            SHELL COMPLETIONS (names of connections, tables and entity types come from the catalog):
              conncat --generate-completion-script bash > ~/.local/share/bash-completion/completions/conncat
              conncat --generate-completion-script zsh > ~/.zfunc/_conncat
              conncat --generate-completion-script fish > ~/.config/fish/completions/conncat.fish
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, RefreshSchemaCommand.self, ConnectionsCommand.self,
            TablesCommand.self, ColumnsCommand.self, SettingsCommand.self, HistoryCommand.self,
            DiffCommand.self, AuditCommand.self, ImportsCommand.self, ChangesCommand.self, CheckCommand.self,
            CompareCommand.self, DoctorCommand.self, BackupCommand.self, ReportCommand.self,
        ]
    )

    /// Parses the command line after moving global options typed before the subcommand to after
    /// it (`conncat --database X columns`), and suggests the closest subcommand for a mistyped one.
    /// The argument parser's own errors quote what was typed: they are written with control
    /// characters escaped (``TerminalText``), as every other output.
    static func main() {
        // Plain arrays, not sets: a few names, and the first `Set<String>` of the process costs a
        // scan of every protocol conformance record of the binary (type metadata instantiation).
        let names = configuration.subcommands.map { $0._commandName }
        let arguments = GlobalArguments.reordered(Array(CommandLine.arguments.dropFirst()), subcommands: names)
        do {
            if let word = GlobalArguments.unknownSubcommand(in: arguments, subcommands: names)
                ?? GlobalArguments.unknownHelpTopic(in: arguments, subcommands: names)
            {
                var message = "unknown command '\(word)'"
                if let guess = Suggestion.closest(to: word, among: names) { message += " (did you mean '\(guess)'?)" }
                throw ValidationError(message)
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else {
                // Help: usage and options first, then the discussion (examples, exit codes).
                let text = fullMessage(for: error)
                if let help = arrangedHelp(text) {
                    FileHandle.standardOutput.write(Data(help.utf8))
                    Foundation.exit(0)
                }
                exit(withError: error)  // the version, as usual
            }
            if code.rawValue == 64 {
                let text = message(for: error)
                let subcommand = arguments.first.flatMap { names.contains($0) ? $0 : nil } ?? arguments.first { names.contains($0) }
                let options = optionNames(of: subcommand)
                if !text.isEmpty { writeError(usageLine(text, subcommand: subcommand, options: options)) }
                Foundation.exit(code.rawValue)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((TerminalText.escapeKeepingLines(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }

    /// `help` (the parser's help of the root or of a subcommand, named on its USAGE line) laid
    /// out by ``HelpLayout``; `nil` when `help` is not a help text.
    static func arrangedHelp(_ help: String) -> String? {
        guard let usage = help.components(separatedBy: "\n").first(where: { $0.hasPrefix("USAGE: ") }) else { return nil }
        let words = usage.split(separator: " ")
        let name = words.count > 2 ? String(words[2]) : ""
        let type = configuration.subcommands.first { $0._commandName == name }
        let unwrapped = type.map { helpMessage(for: $0, columns: 100_000) } ?? helpMessage(columns: 100_000)
        return HelpLayout.arranged(help, unwrapped: unwrapped, width: HelpLayout.width())
    }

    /// The long option names (`--entity-type`) a subcommand's help lists, or the root's.
    static func optionNames(of subcommand: String?) -> [String] {
        let type = configuration.subcommands.first { $0._commandName == subcommand }
        let help = type.map { helpMessage(for: $0, columns: 400) } ?? helpMessage(columns: 400)
        var names: [String] = []
        for word in help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "|" || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" }) {
            guard word.hasPrefix("--"), word.count > 2 else { continue }
            let name = String(word.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
            if name.count > 2, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A usage error as one line: ``conncat: error: what; see `conncat columns --help` ``, with
    /// control characters (of what the user typed, quoted back) written visibly. A value not
    /// among an option's accepted ones names the option, the value, the closest accepted value
    /// and all of them; an unknown option gets the closest of `options`.
    static func usageLine(_ message: String, subcommand: String?, options: [String] = []) -> String {
        // A line break inside is what the user typed (a value quoted back): escaped like any other.
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["Error: ", "error: "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        // `Unknown option '--x'` reads as the rest of the line: `unknown option '--x'`.
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true {
            text = first.lowercased() + text.dropFirst()
        }
        // The parser's own suggestion (`Did you mean '--rule'?`) is kept only when the names are
        // close, in the same form as conncat's others.
        if let range = text.range(of: ". Did you mean '") {
            let typed = text[..<range.lowerBound].split(separator: "'").dropFirst().first.map(String.init) ?? ""
            let offered = String(text[range.upperBound...].prefix { $0 != "'" })
            text = String(text[..<range.lowerBound])
            if Suggestion.closest(to: typed, among: [offered]) != nil { text += " (did you mean '\(offered)'?)" }
        }
        while text.hasSuffix(".") { text.removeLast() }
        if let invalid = InvalidChoice(text) { text = invalid.line }
        // An unknown option: the closest option of the command (`--entity` for `--entity-type`).
        if text.hasPrefix("unknown option '"), !text.contains("did you mean") {
            let typed = String(text.dropFirst("unknown option '".count).prefix { $0 != "'" && $0 != "=" })
            if typed.hasPrefix("--"), let guess = Suggestion.closest(to: typed, among: options), guess != typed {
                text += " (did you mean '\(guess)'?)"
            }
        }
        // Time options (`--at`, `--since`, `--as-of`): show the forms they take.
        if text.hasPrefix("the value '"), text.hasSuffix(" <time>'") { text += "; give a time as \(TimeForms.accepted)" }
        let help = subcommand.map { "conncat \($0) --help" } ?? "conncat --help"
        return "conncat: error: \(TerminalText.escape(text)); see `\(help)`"
    }
}

/// The parser's error for a value that is not one of an option's choices (`the value 'eror' is
/// invalid for '--severity <severity>'. Please provide one of 'info', 'warning' or 'error'`), said
/// as one line: `invalid value 'eror' for --severity (did you mean 'error'?); accepted: info,
/// warning, error`.
struct InvalidChoice {
    let option: String
    let value: String
    let accepted: [String]

    init?(_ message: String) {
        guard message.hasPrefix("the value '"), let invalid = message.range(of: "' is invalid for '"),
            let provide = message.range(of: "'. Please provide one of ")
        else { return nil }
        value = String(message[message.index(message.startIndex, offsetBy: "the value '".count)..<invalid.lowerBound])
        let spelled = message[invalid.upperBound..<provide.lowerBound]
        option = String(spelled.prefix { $0 != " " })
        // 'a', 'b' or 'c'
        var list = String(message[provide.upperBound...])
        while list.hasSuffix(".") { list.removeLast() }
        accepted = list.components(separatedBy: "'").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        guard !option.isEmpty, !accepted.isEmpty else { return nil }
    }

    /// `invalid value 'eror' for --severity (did you mean 'error'?); accepted: info, warning, error`
    var line: String {
        // `markdown (with --list-rules only)` is offered as `markdown`.
        let names = accepted.map { String($0.prefix { $0 != " " }) }
        var text = "invalid value '\(value)' for \(option)"
        if let guess = Suggestion.closest(to: value, among: names), guess != value {
            text += " (did you mean '\(guess)'?)"
        }
        return text + "; accepted: " + accepted.joined(separator: ", ")
    }
}

/// The forms a time option takes (``Timestamp/init(parsing:dateOnly:)``), for help and errors.
enum TimeForms {
    static let accepted = "2026-11-29, 2026-11-29T21:12:18Z or 2026-11-29T23:12:18+02:00"
}

/// Options every subcommand accepts (`--database`, `--color`) or every table command
/// (`--format`, `--wide`), wherever they are typed.
enum GlobalArguments {
    static let valued = ["--database", "--format", "--color"]
    static let flags = ["--wide"]

    /// `arguments` with the global options before the first subcommand moved right after it, in
    /// their order; the arguments unchanged when something else comes first.
    static func reordered(_ arguments: [String], subcommands: some Collection<String>) -> [String] {
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if subcommands.contains(argument) {
                return moved.isEmpty ? arguments : [argument] + moved + arguments[(index + 1)...]
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name), argument.contains("=") {
                moved.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                moved += [argument, arguments[index + 1]]
                index += 2
            } else if flags.contains(argument) {
                moved.append(argument)
                index += 1
            } else {
                break
            }
        }
        return arguments
    }

    /// The word after `help` (`conncat help colums`) when it is not a subcommand.
    static func unknownHelpTopic(in arguments: [String], subcommands: some Collection<String>) -> String? {
        guard arguments.first == "help", arguments.count > 1 else { return nil }
        let word = arguments[1]
        return word.hasPrefix("-") || subcommands.contains(word) ? nil : word
    }

    /// The first word after the global options when it is neither an option nor a subcommand
    /// (nor `help`).
    static func unknownSubcommand(in arguments: [String], subcommands: some Collection<String>) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(argument) {
                index += 2
                continue
            }
            if valued.contains(name) || flags.contains(argument) {
                index += 1
                continue
            }
            break
        }
        guard index < arguments.count else { return nil }
        let word = arguments[index]
        return word.hasPrefix("-") || word == "help" || subcommands.contains(word) ? nil : word
    }
}

/// "Did you mean": the closest known name to a mistyped one.
enum Suggestion {
    /// The name of `candidates` nearest to `word` (case-insensitive edit distance, at most a third
    /// of its length and at least 2, or a unique prefix, or a unique name it abbreviates), `nil`
    /// when none is near.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let limit = max(2, lowered.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        if let best { return best.name }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) || lowered.hasPrefix($0.lowercased()) }
        if lowered.count >= 3, prefixed.count == 1 { return prefixed[0] }
        // A short form of the name (`Snow` for `ServiceNow`: its letters in order, the first
        // one first), when only one name fits.
        let abbreviated = candidates.filter { isAbbreviation(lowered, of: $0.lowercased()) }
        return lowered.count >= 3 && abbreviated.count == 1 ? abbreviated[0] : nil
    }

    /// Whether `word` starts like `name` and its letters appear in `name` in order.
    static func isAbbreviation(_ word: String, of name: String) -> Bool {
        guard let first = word.first, name.first == first else { return false }
        var rest = name[...]
        for character in word {
            guard let index = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }

    /// Levenshtein distance over Unicode scalars, transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
