/// One rule of `conncat check`: a stable id, the severity of its findings, what it checks, the
/// Identity Manager documentation page it comes from, and the function that finds violations.
///
/// Rules are pure: a rule reads a ``CheckContext`` and returns findings; it never throws, never
/// reads files and never touches the catalog. The generated reference (`conncat check
/// --list-rules`, `docs/CHECK-RULES.md`) is built from these values.
public struct CheckRule: Sendable {
    /// The group a rule belongs to, in the order the reference lists them.
    public enum Theme: String, Sendable, CaseIterable {
        case identifiers, wiring, mappings, settings, drift
    }

    /// Stable id, kebab-case (`column-missing`). Never renamed once released: CI baselines and
    /// SARIF viewers key on it.
    public let id: String
    /// The severity of the rule's findings; ``severityNote`` says when some are milder.
    public let severity: FindingSeverity
    /// When some findings of this rule have another severity, and why (`nil` when none).
    public let severityNote: String?
    /// The group the reference lists the rule under.
    public let theme: Theme
    /// What the rule checks, one or two sentences in the product's terms.
    public let summary: String
    /// The documentation pages the rule comes from, as paths in the `netwrix/docs` repository
    /// (`docs/identitymanager/6.1/...`).
    public let sources: [String]
    /// `true` for a rule the import itself enforces: a violation stops `conncat import` with
    /// file and line, so the check never sees one in the catalog.
    public let enforcedByImport: Bool
    let evaluate: @Sendable (CheckRule, CheckContext) -> [Finding]

    /// A rule; `evaluate` receives the rule itself (to make its findings) and the context.
    public init(
        id: String, severity: FindingSeverity, severityNote: String? = nil, theme: Theme, summary: String,
        sources: [String], enforcedByImport: Bool = false,
        evaluate: @escaping @Sendable (_ rule: CheckRule, _ context: CheckContext) -> [Finding]
    ) {
        self.id = id
        self.severity = severity
        self.severityNote = severityNote
        self.theme = theme
        self.summary = summary
        self.sources = sources
        self.enforcedByImport = enforcedByImport
        self.evaluate = evaluate
    }

    /// Where to read the first source page (the markdown source in `netwrix/docs` on GitHub,
    /// stable across the documentation site's URL changes).
    public var helpURI: String? {
        sources.first.map { "https://github.com/netwrix/docs/blob/main/" + $0 }
    }

    /// Runs the rule.
    public func findings(in context: CheckContext) -> [Finding] { evaluate(self, context) }

    /// A finding of this rule at its default severity.
    func finding(
        _ location: SourceLocation, _ subject: String, _ message: String,
        severity: FindingSeverity? = nil, suggestion: String? = nil
    ) -> Finding {
        Finding(
            rule: id, severity: severity ?? self.severity, location: location, subject: subject, message: message,
            suggestion: suggestion)
    }
}

/// Paths of the documentation pages rules cite (`docs/identitymanager/6.1/...`).
enum DocPage {
    static let ig = "docs/identitymanager/6.1/integration-guide/"
    static let xml = ig + "toolkit/xml-configuration/"
    static let connection = xml + "connectors/connection/index.md"
    static let connector = xml + "connectors/connector/index.md"
    static let connectionTable = xml + "connectors/connectiontable/index.md"
    static let entityTypeMapping = xml + "connectors/entitytypemapping/index.md"
    static let entityAssociationMapping = xml + "connectors/entityassociationmapping/index.md"
    static let resourceTypeMappings = xml + "connectors/resourcetypemappings/index.md"
    static let entityType = xml + "metadata/entitytype/index.md"
    static let entityAssociation = xml + "metadata/entityassociation/index.md"
    static let resourceType = xml + "provisioning/resourcetype/index.md"
    static let exportTask = xml + "jobs/tasks/agent/exporttask/index.md"
    static let fulfillTask = xml + "jobs/tasks/agent/fulfilltask/index.md"
    static let agent = xml + "connectors/agent/index.md"
    static let connections = ig + "connectors/configuration-details/connections/index.md"
    static let connectionCreation = "docs/identitymanager/6.1/user-guide/set-up/connect-system/connection-creation/index.md"
    static let connectorReferences = ig + "connectors/references-connectors/csv/index.md"
    static let packages = ig + "connectors/references-packages/index.md"
    static let appsettingsAgent = ig + "network-configuration/agent-configuration/appsettings-agent/index.md"
    static let appsettings = ig + "network-configuration/agent-configuration/appsettings/index.md"
}
