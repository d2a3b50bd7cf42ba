import ArgumentParser
import ConnectionCatalog

/// Output formats of `conncat check`.
enum CheckFormat: String, ArgumentChoice {
    case table, json, sarif
    /// The rule reference as Markdown (`--list-rules` only; docs/CHECK-RULES.md is this output).
    case markdown

    static let choices: [Self] = [.table, .json, .sarif, .markdown]
    /// The values an invalid `--format` error offers: markdown says it is for the rule list.
    static var allValueStrings: [String] { ["table", "json", "sarif", "markdown (with --list-rules only)"] }
    static var defaultCompletionKind: CompletionKind { .list(choices.map { $0.rawValue }) }
}

/// The least severe finding that fails the check.
enum FailOn: String, ArgumentChoice {
    case error, warning, never

    static let choices: [Self] = [.error, .warning, .never]

    var threshold: FindingSeverity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .never: nil
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the imported configuration against the documented rules, located to the line.",
        usage: "conncat check [<options>]",
        discussion: """
            Reports every problem the Identity Manager documentation describes in the imported \
            configuration, agent settings and export outputs, and every mapped table or column \
            missing from its connection's latest successful schema. The summary comes first, then \
            errors, warnings and infos, each by file and line. `--list-rules` prints the rules \
            (see docs/CHECK-RULES.md).

            A baseline accepts the findings known today so that CI fails only on new ones: \
            `--write-baseline FILE` records each finding by rule, subject and file (not the line, so \
            edits elsewhere in the file keep it known), known and new alike when --baseline is given; `--baseline FILE` reports only findings not \
            in it, and says how many known ones it hid.

            EXAMPLES:
              conncat check
              conncat check --severity warning --connection HRFeed
              conncat check --rule column-missing --rule table-missing
              conncat check --write-baseline conncat-baseline.json
              conncat check --baseline conncat-baseline.json --fail-on warning
              conncat check --format sarif > conncat.sarif

            EXIT CODES:
              0  no finding at or above --fail-on (after filters and baseline)
              1  at least one such finding; or the catalog, a baseline or an option is unusable \
            (one line on standard error)
              64 wrong usage (unknown option, unknown rule or severity)
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding at or above this severity exists: error, warning or never.")
    var failOn: FailOn = .error
    @Option(help: "Output format: table, json or sarif (SARIF 2.1.0); with --list-rules: table, json or markdown.")
    var format: CheckFormat = .table
    @Flag(name: .customLong("list-rules"), help: "List the rules (id, severity, what it checks, source page) instead of checking.")
    var listRules = false
    @Option(help: ArgumentHelp("Only findings of this rule (repeatable; see --list-rules).", valueName: "id"))
    var rule: [String] = []
    @Option(help: ArgumentHelp("Only findings at or above this severity: error, warning or info.", valueName: "severity"))
    var severity: FindingSeverity?
    @Option(help: ArgumentHelp("Only findings that concern this connection (repeatable).", valueName: "id"), completion: Completions.names(.connection))
    var connection: [String] = []
    @Option(name: .customLong("baseline"), help: ArgumentHelp("Report only findings not recorded in this baseline file.", valueName: "file"))
    var baseline: String?
    @Option(
        name: .customLong("write-baseline"),
        help: ArgumentHelp("Record the findings the filters keep, known and new, in this baseline file, then exit 0.", valueName: "file"))
    var writeBaseline: String?

    @Flag(help: "Show whole lines, even when wider than the terminal.") var wide = false

    func validate() throws {
        Presentation.wide = wide
        if listRules, format == .sarif {
            throw ValidationError("--format sarif reports findings; with --list-rules use table, json or markdown")
        }
        if !listRules, format == .markdown {
            throw ValidationError("--format markdown applies only to --list-rules")
        }
        let known = ConfigurationCheck.rules.map(\.id)
        for id in rule where !known.contains(id) {
            let guess = Suggestion.closest(to: id, among: known).map { " (did you mean '\($0)'?)" } ?? "; `conncat check --list-rules` lists them"
            throw ValidationError("unknown rule '\(Renderer.display(id))'\(guess)")
        }
    }

    func run() throws {
        if listRules {
            write(CheckRendering.rules(ConfigurationCheck.rules, as: format, presentation: .current))
            return
        }
        let (shown, current, filtered, hidden, sourceFolder) = try reportingErrors { () throws -> ([Finding], [Finding], Int, Int, String?) in
            try catalog.withCatalog { store in
                let ids = try connection.map { try requireConnection($0, in: store) }
                var findings = try ConfigurationCheck.runAttributed(in: store)
                let all = findings.count
                if !ids.isEmpty {
                    let wanted = Set(ids.map { $0.lowercased() })
                    findings = findings.filter { $0.connection.map { wanted.contains($0.lowercased()) } ?? false }
                }
                var shown = findings.map(\.finding).filter { finding in
                    (rule.isEmpty || rule.contains(finding.rule)) && severity.map { finding.severity >= $0 } ?? true
                }
                let filtered = all - shown.count
                // What the filters keep, before the baseline hides the known ones: a written
                // baseline holds them all.
                let current = shown
                var hidden = 0
                if let baseline {
                    let known = try Baseline.read(from: baseline)
                    (shown, hidden) = known.newFindings(in: shown)
                }
                return (shown, current, filtered, hidden, try store.latestImport()?.sourceFolder)
            }
        }
        if let writeBaseline {
            try reportingErrors { try Baseline(findings: current).write(to: writeBaseline) }
            let split = baseline.map { " (\(hidden) known in \(DisplayPath.shown($0)), \(shown.count) new)" } ?? ""
            writeFitted(
                "Recorded \(plural(current.count, "finding"))\(split) in \(DisplayPath.shown(writeBaseline)); "
                    + "check with --baseline \(DisplayPath.shown(writeBaseline)) to report only new ones.\n")
            return
        }
        switch format {
        case .table, .markdown:
            let sink = TextSink.standardOutput()
            CheckRendering.report(
                shown, hiddenByFilters: filtered, hiddenByBaseline: hidden, baseline: baseline, sourceFolder: sourceFolder,
                presentation: .current, to: sink)
            sink.flush()
        case .json: write(Renderer.json(shown))
        case .sarif: write(CheckRendering.sarif(shown, rules: ConfigurationCheck.rules))
        }
        if let threshold = failOn.threshold, shown.contains(where: { $0.severity >= threshold }) {
            // Said on standard error whatever the format: a CI log shows why the job failed.
            let failing = shown.filter { $0.severity >= threshold }
            let errors = failing.filter { $0.severity == .error }.count
            let counted = threshold == .error ? plural(errors, "error") : "\(plural(errors, "error")), \(plural(failing.count - errors, "warning"))"
            writeError(
                "error: \(plural(failing.count, "finding")) at or above --fail-on \(failOn.rawValue) (\(counted))"
                    + (baseline == nil ? "" : " not recorded in the baseline")
                    + "; fix them, or record the findings you accept with --write-baseline FILE and check with --baseline FILE")
            throw ExitCode(1)
        }
    }
}

extension FindingSeverity: ExpressibleByArgument {}
