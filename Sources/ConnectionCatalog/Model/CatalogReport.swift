/// Everything a one-file report of the catalog shows, as plain values: the overview, each
/// connection's refresh history and columns, the check's findings and the recent changes.
///
/// Built by ``ReportQuery/run(_:in:)``; renderers turn it into a document. It holds no setting
/// value at all (secret or not), so no renderer can leak one.
public struct CatalogReport: Sendable, Equatable {
    /// The catalog file as it was named.
    public var catalogPath: String
    /// When the report was gathered (ISO 8601 UTC).
    public var generatedAt: String
    /// The latest import, `nil` when nothing was imported.
    public var latestImport: ImportRecord?
    /// How many imports the catalog has recorded.
    public var importCount: Int
    /// `true` when the report covers only some connections (``ReportRequest/connections``).
    public var isSelection: Bool
    /// The connections, sorted by identifier.
    public var connections: [Connection]
    /// The check's findings, in the check's order (file, line, rule).
    public var findings: [ReportFinding]
    /// Recent changes, newest first.
    public var recentChanges: [ReportChange]
    /// How many recent changes exist beyond those listed (the list is capped).
    public var omittedChanges: Int
    /// What the configuration and the agent settings changed between the two latest imports
    /// (``ConfigurationChangesQuery``), `nil` with fewer than two imports. Secret settings appear
    /// only as "changed", never with a value.
    public var configurationChanges: ConfigurationChanges?

    public init(
        catalogPath: String, generatedAt: String, latestImport: ImportRecord?, importCount: Int, isSelection: Bool,
        connections: [Connection], findings: [ReportFinding], recentChanges: [ReportChange], omittedChanges: Int,
        configurationChanges: ConfigurationChanges? = nil
    ) {
        self.configurationChanges = configurationChanges
        self.catalogPath = catalogPath
        self.generatedAt = generatedAt
        self.latestImport = latestImport
        self.importCount = importCount
        self.isSelection = isSelection
        self.connections = connections
        self.findings = findings
        self.recentChanges = recentChanges
        self.omittedChanges = omittedChanges
    }

    /// A connection of the configuration with its schema history and mappable columns.
    public struct Connection: Sendable, Equatable {
        public var identifier: String
        public var displayName: String?
        public var connector: String?
        /// Package identifier (`Usercube.CSV@0000001`).
        public var package: String?
        /// The latest attempt's status word (`success`, `failed`, `no_schema`, ...) or `never`.
        /// Renderers show any word the catalog returns.
        public var status: String
        /// ISO 8601 UTC.
        public var lastRefreshAt: String?
        /// ISO 8601 UTC; `nil` when no attempt ever succeeded.
        public var lastSuccessAt: String?
        /// Failed attempts since the last success (0 when the latest attempt did not fail).
        public var failedAttemptsSinceSuccess: Int
        /// Where the Connection element is declared.
        public var location: SourceLocation
        /// Every refresh attempt, oldest first (the latest ``ReportRequest/maxAttempts`` only).
        public var attempts: [Attempt]
        /// How many older attempts were left out of ``attempts``.
        public var omittedAttempts: Int
        /// The tables of the snapshot in force, by name.
        public var tables: [Table]

        public init(
            identifier: String, displayName: String?, connector: String?, package: String?, status: String,
            lastRefreshAt: String?, lastSuccessAt: String?, failedAttemptsSinceSuccess: Int,
            location: SourceLocation, attempts: [Attempt], omittedAttempts: Int, tables: [Table]
        ) {
            self.identifier = identifier
            self.displayName = displayName
            self.connector = connector
            self.package = package
            self.status = status
            self.lastRefreshAt = lastRefreshAt
            self.lastSuccessAt = lastSuccessAt
            self.failedAttemptsSinceSuccess = failedAttemptsSinceSuccess
            self.location = location
            self.attempts = attempts
            self.omittedAttempts = omittedAttempts
            self.tables = tables
        }
    }

    /// One schema refresh attempt.
    public struct Attempt: Sendable, Equatable {
        public var refreshID: Int64
        /// ISO 8601 UTC.
        public var at: String
        /// `success`, `failed`, `no_schema`, ... (the catalog's word).
        public var status: String
        /// `class: message` of a failed attempt.
        public var error: String?
        public var tableCount: Int?
        public var columnCount: Int?
        /// The schema differs from the previous successful one's (as ``HistoryEntry/changed``
        /// says; the first success counts as a change, see ``firstSnapshot``).
        public var changed: Bool
        /// For a changed attempt after the first success: what changed since the previous
        /// success (empty for the first snapshot and for other attempts).
        public var changes: [SchemaChange]
        /// The connection's first successful attempt: its schema is the first one, not a change
        /// (`changed` is true and `changes` empty).
        public var firstSnapshot: Bool

        public init(
            refreshID: Int64, at: String, status: String, error: String?, tableCount: Int?, columnCount: Int?,
            changed: Bool, changes: [SchemaChange], firstSnapshot: Bool = false
        ) {
            self.firstSnapshot = firstSnapshot
            self.refreshID = refreshID
            self.at = at
            self.status = status
            self.error = error
            self.tableCount = tableCount
            self.columnCount = columnCount
            self.changed = changed
            self.changes = changes
        }
    }

    /// A table of the snapshot in force.
    public struct Table: Sendable, Equatable {
        public var name: String
        /// When the snapshot in force was taken (ISO 8601 UTC).
        public var snapshotAt: String
        /// The latest attempt failed: this table comes from an earlier success.
        public var stale: Bool
        /// A mapping references the table.
        public var mapped: Bool
        /// Every column in header order, technical ones included.
        public var columns: [Column]

        public init(name: String, snapshotAt: String, stale: Bool, mapped: Bool, columns: [Column]) {
            self.name = name
            self.snapshotAt = snapshotAt
            self.stale = stale
            self.mapped = mapped
            self.columns = columns
        }
    }

    /// A column of a table in force.
    public struct Column: Sendable, Equatable {
        public var name: String
        /// 1-based position in the header.
        public var position: Int
        /// The incremental command column: not data to map.
        public var technical: Bool
        /// `EntityTypeMapping:Property` and `EntityAssociationMapping` identifiers using it, sorted.
        public var mappedBy: [String]

        public init(name: String, position: Int, technical: Bool, mappedBy: [String]) {
            self.name = name
            self.position = position
            self.technical = technical
            self.mappedBy = mappedBy
        }
    }
}

/// A finding of the check, with the documentation page of its rule.
public struct ReportFinding: Sendable, Equatable {
    public var finding: Finding
    /// The rule's documentation page (an `https` URL), when the rule has one.
    public var documentation: String?

    public init(finding: Finding, documentation: String?) {
        self.finding = finding
        self.documentation = documentation
    }
}

/// A recent change: for now the latest schema change of a connection (the difference between its
/// last two distinct successful snapshots).
public struct ReportChange: Sendable, Equatable {
    /// What changed.
    public enum Kind: String, Sendable, Equatable {
        /// A connection's schema (tables and columns).
        case schema
    }

    public var kind: Kind
    public var connection: String
    /// When the newer side was recorded (ISO 8601 UTC).
    public var at: String
    /// When the older side was recorded (ISO 8601 UTC).
    public var since: String
    public var changes: [SchemaChange]

    public init(kind: Kind, connection: String, at: String, since: String, changes: [SchemaChange]) {
        self.kind = kind
        self.connection = connection
        self.at = at
        self.since = since
        self.changes = changes
    }
}
