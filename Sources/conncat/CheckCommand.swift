import ArgumentParser
import ConnectionCatalog

/// Output formats of `conncat check`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, sarif
    /// The rule reference as Markdown (`--list-rules` only; docs/CHECK-RULES.md is this output).
    case markdown
}

/// The least severe finding that fails the check.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, never

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
        discussion: """
            Reports every problem the Identity Manager documentation describes in the imported \
            configuration, agent settings and export outputs, and every mapped table or column \
            missing from its connection's latest successful schema. Exits 1 when a finding at or \
            above --fail-on exists (default: error), 0 otherwise. `--list-rules` prints the rules \
            (see docs/CHECK-RULES.md).
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding at or above this severity exists: error, warning or never.")
    var failOn: FailOn = .error
    @Option(help: "Output format: table, json or sarif (SARIF 2.1.0); with --list-rules: table, json or markdown.")
    var format: CheckFormat = .table
    @Flag(name: .customLong("list-rules"), help: "List the rules (id, severity, what it checks, source page) instead of checking.")
    var listRules = false

    func validate() throws {
        if listRules, format == .sarif {
            throw ValidationError("--format sarif reports findings; with --list-rules use table, json or markdown")
        }
        if !listRules, format == .markdown {
            throw ValidationError("--format markdown applies only to --list-rules")
        }
    }

    func run() throws {
        if listRules {
            write(CheckRendering.rules(ConfigurationCheck.rules, as: format))
            return
        }
        let findings = try reportingErrors { try catalog.withCatalog { try ConfigurationCheck.run(in: $0) } }
        switch format {
        case .table, .markdown: write(CheckRendering.table(findings))
        case .json: write(Renderer.json(findings))
        case .sarif: write(CheckRendering.sarif(findings, rules: ConfigurationCheck.rules))
        }
        if let threshold = failOn.threshold, findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }
}
