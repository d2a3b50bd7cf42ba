import ConnectionCatalog
import Foundation

/// A finding as a JSON/CSV row. The field names are the JSON contract of `conncat check --format json`.
extension Finding: Renderable {
    static let fields = ["rule", "severity", "file", "line", "subject", "message", "suggestion"]
    var cells: [Cell] {
        [
            .text(rule), .text(severity.rawValue), .text(location.file), .int(location.line), .text(subject), .text(message),
            .text(suggestion),
        ]
    }
}

/// A rule as a row of `conncat check --list-rules`.
struct RuleRow: Renderable {
    let rule: CheckRule
    static let fields = ["rule", "severity", "severity_note", "theme", "enforced_by_import", "checks", "sources", "help_uri"]
    var cells: [Cell] {
        [
            .text(rule.id), .text(rule.severity.rawValue), .text(rule.severityNote), .text(rule.theme.rawValue),
            .bool(rule.enforcedByImport), .text(rule.summary), .list(rule.sources), .text(rule.helpURI),
        ]
    }
}

/// Pure renderers of `conncat check`: findings or rules in, text out.
enum CheckRendering {
    /// The human report: the summary line first, then errors, warnings and infos, each group by
    /// file and line. Each finding is `file:line  rule  subject` (the file relative to the current
    /// directory when under it), then its message indented; on a terminal the first line is cut
    /// and the message wrapped to the width.
    /// - Parameter sourceFolder: the imported folder the findings' relative files lie in.
    static func report(
        _ findings: [Finding], hiddenByFilters: Int = 0, hiddenByBaseline: Int = 0, baseline: String? = nil, sourceFolder: String?,
        presentation: Presentation, to sink: TextSink
    ) {
        let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        func count(_ severity: FindingSeverity, _ noun: String) -> String { plural(counts[severity] ?? 0, noun) }
        let summary = "\(count(.error, "error")), \(count(.warning, "warning")), \(count(.info, "info"))"
        sink.append(findings.isEmpty ? "No findings (\(summary)).\n" : summary + "\n")
        if hiddenByFilters > 0 {
            sink.append(
                TextWrap.fit(
                    "\(plural(hiddenByFilters, "other finding")) hidden by --rule, --severity or --connection\n", width: presentation.width))
        }
        if hiddenByBaseline > 0 {
            let name = baseline.map { " in \(Renderer.display(DisplayPath.shown($0)))" } ?? ""
            sink.append(TextWrap.fit("\(plural(hiddenByBaseline, "known finding")) hidden (recorded\(name))\n", width: presentation.width))
        }
        for (severity, title, style) in [(FindingSeverity.error, "Errors", Style.red), (.warning, "Warnings", .yellow), (.info, "Infos", .cyan)] {
            let group = findings.filter { $0.severity == severity }.sorted(by: Finding.precedes)
            guard !group.isEmpty else { continue }
            sink.append("\n" + style.apply("\(title) (\(group.count))", when: presentation.color) + "\n")
            for finding in group {
                let location = Renderer.display(DisplayPath.location(finding.location.file, line: finding.location.line, base: sourceFolder))
                let subject = TerminalText.name(finding.subject)
                var head = "\(location)  \(finding.rule)  \(subject)"
                var message = Renderer.display(finding.message)
                if let width = presentation.width, DisplayWidth.of(head) > width {
                    // Too long for one line: the subject leads the message instead of being cut.
                    head = DisplayWidth.truncate("\(location)  \(finding.rule)", to: width)
                    message = "\(subject): \(message)"
                }
                sink.append(head + "\n")
                for line in wrap(message, width: presentation.width.map { $0 - 2 }) {
                    sink.append("  " + line + "\n")
                }
            }
        }
    }

    /// The plain report (no width, no colour), e.g. for tests.
    static func table(_ findings: [Finding], sourceFolder: String? = nil) -> String {
        let sink = TextSink()
        report(findings, sourceFolder: sourceFolder, presentation: .plain, to: sink)
        return sink.text
    }

    /// `text` broken at spaces into lines of at most `width` columns (a longer word is cut); one
    /// line without a width.
    static func wrap(_ text: String, width: Int?) -> [String] {
        guard let width, width > 0, DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        // Runs of spaces inside a line are kept (empty words); a line never starts with one.
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if word.isEmpty, currentWidth == 0 { continue }
            var word = word
            var wordWidth = DisplayWidth.of(word)
            if currentWidth > 0, currentWidth + 1 + wordWidth > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            while wordWidth > width {
                var head = String.UnicodeScalarView()
                var used = 0
                var rest = Substring.UnicodeScalarView()
                for (index, scalar) in zip(word.unicodeScalars.indices, word.unicodeScalars) {
                    let w = DisplayWidth.of(scalar)
                    if used + w > width {
                        rest = word.unicodeScalars[index...]
                        break
                    }
                    head.append(scalar)
                    used += w
                }
                lines.append(String(head))
                word = String(rest)
                wordWidth = DisplayWidth.of(word)
            }
            current += (currentWidth > 0 ? " " : "") + word
            currentWidth += (currentWidth > 0 ? 1 : 0) + wordWidth
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The rule reference: a table, JSON rows, or the Markdown of docs/CHECK-RULES.md. On a
    /// terminal (a width), the table format is a list that fits it: per theme, each rule's id and
    /// severity, then what it checks wrapped at word boundaries.
    static func rules(_ rules: [CheckRule], as format: CheckFormat, presentation: Presentation = .plain) -> String {
        switch format {
        case .json: return Renderer.json(rules.map(RuleRow.init))
        case .markdown: return markdown(rules)
        case .table where presentation.width != nil: return ruleList(rules, width: presentation.width!, color: presentation.color)
        case .table, .sarif:
            let sink = TextSink()
            Renderer.table(
                TableSpec(
                    fields: ["rule", "severity", "theme", "source", "checks"], whole: ["rule", "severity"],
                    hideOrder: ["source", "theme"]),
                rows: rules.map { [$0.id, $0.severity.rawValue, $0.theme.rawValue, shortPage($0.sources.first ?? ""), $0.summary] },
                to: sink)
            return sink.text
        }
    }

    /// `--list-rules` on a terminal of `width` columns.
    static func ruleList(_ rules: [CheckRule], width: Int, color: Bool) -> String {
        var out = "\(plural(rules.count, "rule")), by theme (a pipe gets a table with each rule's source page):\n"
        for theme in CheckRule.Theme.allCases {
            let inTheme = rules.filter { $0.theme == theme }
            guard !inTheme.isEmpty else { continue }
            out += "\n" + Style.bold.apply(themeTitles[theme] ?? theme.rawValue, when: color) + "\n"
            for rule in inTheme {
                let severity = Style.forValue(rule.severity.rawValue)?.apply(rule.severity.rawValue, when: color) ?? rule.severity.rawValue
                out += "  \(rule.id)  \(severity)\n"
                var text = rule.summary
                if let note = rule.severityNote { text += " (\(note))" }
                for line in wrap(Renderer.display(text), width: max(width - 4, 20)) { out += "    " + line + "\n" }
            }
        }
        return out
    }

    static let themeTitles: [CheckRule.Theme: String] = [
        .identifiers: "Identifiers", .wiring: "Wiring: references, connections and tasks",
        .mappings: "Mappings", .settings: "Agent settings and export outputs",
        .drift: "Drift: mappings against the latest successful schema",
    ]

    /// `integration-guide/.../connection` for `docs/identitymanager/6.1/integration-guide/.../connection/index.md`.
    static func shortPage(_ path: String) -> String {
        path.replacingOccurrences(of: "docs/identitymanager/6.1/", with: "").replacingOccurrences(of: "/index.md", with: "")
    }

    static func markdown(_ rules: [CheckRule]) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        func link(_ path: String) -> String {
            let name = shortPage(path).split(separator: "/").suffix(2).joined(separator: "/")
            return "[\(name)](https://github.com/netwrix/docs/blob/main/\(path))"
        }
        var out = """
            # `conncat check` rule reference

            Generated by `conncat check --list-rules --format markdown` from the rule definitions
            (`Sources/ConnectionCatalog/Queries/Rules/`); do not edit by hand: a test compares this file
            with the command's output (re-record with `CONNCAT_RECORD=1`).

            `conncat check [--fail-on error|warning|never] [--format table|json|sarif]` checks the
            configuration last imported into the catalog. Each finding names its rule, severity, file
            (relative to the imported folder: `Conf/...` for XML, `Runtime/appsettings.agent.json`,
            `Temp/ExportOutput/...`), line, subject and message, and is located at the element that
            carries the offending attribute or misses one. The exit code is 1 when a finding at or above
            `--fail-on` (default `error`) exists, 0 otherwise; an unusable catalog or an empty one is an
            error on standard error, exit 1. In SARIF output, file URIs are relative to `%SRCROOT%`, the
            imported folder (run the check on a checkout's root for inline annotations). Sources are pages
            of the Identity Manager 6.1 documentation (`netwrix/docs`, `docs/identitymanager/6.1/`).

            """
        for theme in CheckRule.Theme.allCases {
            let inTheme = rules.filter { $0.theme == theme }
            guard !inTheme.isEmpty else { continue }
            out += "\n## \(themeTitles[theme] ?? theme.rawValue)\n\n| Rule | Severity | What it checks | Source |\n|---|---|---|---|\n"
            for rule in inTheme {
                let severity = rule.severity.rawValue + (rule.severityNote.map { " (\(cell($0)))" } ?? "")
                out += "| `\(rule.id)` | \(severity) | \(cell(rule.summary)) | \(rule.sources.map(link).joined(separator: "<br>")) |\n"
            }
        }
        return out
    }

    /// SARIF 2.1.0: one run, the rules as `tool.driver.rules`, one result per finding located by
    /// a URI relative to `%SRCROOT%` (the imported folder) and a start line.
    static func sarif(_ findings: [Finding], rules: [CheckRule]) -> String {
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let log = SARIF.Log(runs: [
            SARIF.Run(
                tool: .init(
                    driver: .init(
                        rules: rules.map { rule in
                            SARIF.Rule(
                                id: rule.id, shortDescription: .init(text: rule.summary),
                                help: .init(text: rule.summary + (rule.helpURI.map { " Documentation: \($0)" } ?? "")), helpUri: rule.helpURI,
                                defaultConfiguration: .init(level: SARIF.level(rule.severity)),
                                properties: .init(tags: [rule.theme.rawValue]))
                        })),
                results: findings.map { finding in
                    SARIF.Result(
                        ruleId: finding.rule, ruleIndex: index[finding.rule], level: SARIF.level(finding.severity),
                        message: .init(text: finding.message),
                        locations: [
                            .init(
                                physicalLocation: .init(
                                    artifactLocation: SARIF.artifact(finding.location.file),
                                    region: finding.location.line.map { .init(startLine: $0) }))
                        ])
                })
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(log)  // plain structs of strings and integers always encode
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The subset of SARIF 2.1.0 (OASIS) that `conncat check` writes.
enum SARIF {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
    }
    struct Tool: Encodable { let driver: Driver }
    struct Driver: Encodable {
        let name = "conncat"
        let informationUri = "https://github.com/netwrix/docs/tree/main/docs/identitymanager/6.1"
        let rules: [Rule]
    }
    struct Text: Encodable { let text: String }
    struct Rule: Encodable {
        let id: String
        let shortDescription: Text
        /// What the rule checks and its documentation page (code-scanning tools show it beside
        /// each result, whose message says what is wrong and what to do).
        let help: Text
        let helpUri: String?
        let defaultConfiguration: Configuration
        let properties: Properties
    }
    struct Configuration: Encodable { let level: String }
    struct Properties: Encodable { let tags: [String] }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int?
        let level: String
        let message: Text
        let locations: [Location]
    }
    struct Location: Encodable { let physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }
    struct ArtifactLocation: Encodable {
        let uri: String
        let uriBaseId: String?
    }
    struct Region: Encodable { let startLine: Int }

    /// `error`, `warning`, `note`.
    static func level(_ severity: FindingSeverity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// A relative path becomes a percent-encoded URI relative to `%SRCROOT%` (the imported
    /// folder); an absolute path (an export folder given to refresh-schema) a `file:` URI.
    static func artifact(_ path: String) -> ArtifactLocation {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/")
            ? ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil)
            : ArtifactLocation(uri: encoded, uriBaseId: "SRCROOT")
    }
}
