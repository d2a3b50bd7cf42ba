/// How serious a ``Finding`` is. Ordered: `info < warning < error`.
public enum FindingSeverity: String, Sendable, Equatable, Hashable, Codable, CaseIterable, Comparable {
    /// Worth knowing; nothing is wrong (a reference that differs only by case, a schema that
    /// could not be checked because nothing was refreshed).
    case info
    /// Probably wrong, or right only by the product's tolerance (a ConnectionTable that matches
    /// its export file only after ignoring case).
    case warning
    /// Wrong: the product rejects it, or a job fails or silently loses data because of it.
    case error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }

    /// `info < warning < error`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// One problem `conncat check` found in the configuration, located at the element that carries
/// the offending attribute (or misses one).
///
/// Findings are values: a check never throws because of what the configuration says.
public struct Finding: Sendable, Equatable, Hashable, Codable {
    /// Stable rule id (`connection-identifier`, `column-missing`): see ``CheckRule``.
    public var rule: String
    /// Usually the rule's severity; some rules report milder cases lower (``CheckRule/severityNote``).
    public var severity: FindingSeverity
    /// The file relative to the imported folder (`Conf/HR/HR Connector.xml`), the agent settings
    /// file (`Runtime/appsettings.agent.json`) or the export folder
    /// (`Temp/ExportOutput/LegacyPayroll.csv`); and the 1-based line when known.
    public var location: SourceLocation
    /// The identifier concerned: `HR_Person:CostCenter`, a connection, a file name.
    public var subject: String
    /// What is wrong, in the product's terms, and what to do.
    public var message: String
    /// The value to write instead, when the message states one (the message says it too): for a
    /// missing table or column (`table-missing`, `column-missing`), the name as the schema in force
    /// spells it (`nil` when nothing is near; see ``BrokenMapping/suggestion``); for a name that
    /// matches only after ignoring case or `.csv` (`table-name-mismatch`, `column-name-case`,
    /// `reference-case`), the name as declared or exported; for a package display name
    /// (`connection-package`), the package identifier. `nil` otherwise.
    public var suggestion: String?

    /// A finding of rule `rule` (its id) at `location`.
    public init(
        rule: String, severity: FindingSeverity, location: SourceLocation, subject: String, message: String,
        suggestion: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.subject = subject
        self.message = message
        self.suggestion = suggestion
    }

    /// The order findings are reported in: file, line (a finding without a line first), rule,
    /// then subject and message so that the order never depends on how rules ran.
    public static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        let (la, lb) = (a.location.line ?? 0, b.location.line ?? 0)
        if la != lb { return la < lb }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.subject != b.subject { return a.subject < b.subject }
        return a.message < b.message
    }
}
