/// Everything `conncat check` looks at, loaded from the catalog (or built in code by tests).
public struct CheckInput: Sendable, Equatable {
    /// The current configuration. Locations name files relative to the imported folder
    /// (`Conf/HR/HR Connector.xml`), so that they match the agent settings and export locations.
    public var configuration: Configuration
    /// The `Connections` of the agent settings read by the latest import; `nil` when that import
    /// read no `appsettings.agent.json` (then the settings rules cannot run, and say so once).
    public var agentSettings: AgentSettings?
    /// The schema history of every connection that has one.
    public var schemas: [ConnectionSchemaState]
    /// The latest scan of an ExportOutput folder; `nil` when no folder was ever scanned.
    public var exportScan: ExportScanFacts?
    /// The secrets written in clear in `appsettings.agent.json` at the latest import (where they
    /// are, never what they are).
    public var plainTextSecrets: [PlainTextSecret]
    /// The credentials written in clear in XML attributes of the current configuration (where
    /// they are, never what they are); those of export headers are read from ``schemas``.
    public var clearCredentials: [ClearCredential] = []
    /// When the catalog gave the entity types only their properties without identifier: the
    /// property identifiers of each entity type (by lower-cased identifier), by lower-cased
    /// identifier. `nil` when the entity types have all their properties.
    var propertyIdentifiers: [String: [String: String]]?

    /// An input with only what a test or caller has; the rest is absent.
    public init(
        configuration: Configuration, agentSettings: AgentSettings? = nil,
        schemas: [ConnectionSchemaState] = [], exportScan: ExportScanFacts? = nil,
        plainTextSecrets: [PlainTextSecret] = []
    ) {
        self.configuration = configuration
        self.agentSettings = agentSettings
        self.schemas = schemas
        self.exportScan = exportScan
        self.plainTextSecrets = plainTextSecrets
    }
}

/// What the schema history says about one connection: its latest attempt, the snapshot in force
/// (its latest successful attempt) and what earlier snapshots had that this one lacks.
public struct ConnectionSchemaState: Sendable, Equatable {
    /// The connection identifier as the history spells it.
    public var connection: String
    /// Status of the latest attempt.
    public var latestStatus: RefreshStatus
    /// ISO 8601 UTC.
    public var latestAt: String
    /// `class: message` of a failed latest attempt.
    public var latestError: String?
    /// Time of the latest successful attempt; `nil` when the connection never succeeded.
    public var lastSuccessAt: String?
    /// The snapshot in force; `nil` when the connection never succeeded.
    public var snapshot: SchemaSnapshot?
    /// Tables (`column == nil`) and columns of earlier successful snapshots that the snapshot in
    /// force does not have (compared case-insensitively).
    public var removed: [RemovedSchemaItem]
    /// The warnings recorded on the export files of the latest attempt (an encoding setting
    /// its bytes contradict, header cells with surrounding spaces, a file of a connection that
    /// has no export, ...).
    public var fileWarnings: [ExportFileWarning] = []

    /// A state as the history gives it (`removed` empty when nothing was removed).
    public init(
        connection: String, latestStatus: RefreshStatus, latestAt: String, latestError: String? = nil,
        lastSuccessAt: String? = nil, snapshot: SchemaSnapshot? = nil, removed: [RemovedSchemaItem] = []
    ) {
        self.connection = connection
        self.latestStatus = latestStatus
        self.latestAt = latestAt
        self.latestError = latestError
        self.lastSuccessAt = lastSuccessAt
        self.snapshot = snapshot
        self.removed = removed
    }

    /// `true` when the latest attempt failed and an earlier success is in force.
    public var isStale: Bool { latestStatus == .failed && snapshot != nil }
}

/// A table or column that an earlier successful snapshot had and the snapshot in force lacks.
public struct RemovedSchemaItem: Sendable, Equatable {
    /// The table name as the earlier snapshot spelled it.
    public var table: String
    /// `nil` for the table itself.
    public var column: String?
    /// The latest successful refresh that still had it (ISO 8601 UTC).
    public var lastSeenAt: String
    /// The first successful refresh after that which no longer had it.
    public var removedAt: String
    /// For a column: the `renamed_to` hint of the diff between those two refreshes (a column
    /// added at its place), `nil` when there is none.
    public var renamedTo: String?

    /// A removed table (`column == nil`) or column.
    public init(table: String, column: String?, lastSeenAt: String, removedAt: String, renamedTo: String? = nil) {
        self.table = table
        self.column = column
        self.lastSeenAt = lastSeenAt
        self.removedAt = removedAt
        self.renamedTo = renamedTo
    }
}

/// The latest scan of an ExportOutput folder (by `import` or `refresh-schema`).
public struct ExportScanFacts: Sendable, Equatable {
    /// The folder as recorded: relative to the imported folder for an import
    /// (`Temp/ExportOutput`), as given for `refresh-schema`.
    public var folder: String
    /// ISO 8601 UTC.
    public var at: String
    /// CSV files of the folder that belong to no connection, sorted.
    public var unattributedFiles: [String]

    /// A scan of `folder` at `at`.
    public init(folder: String, at: String, unattributedFiles: [String]) {
        self.folder = folder
        self.at = at
        self.unattributedFiles = unattributedFiles
    }
}

/// A warning recorded on one export file by a schema refresh.
public struct ExportFileWarning: Sendable, Equatable {
    /// The file, in its export folder as recorded (`Temp/ExportOutput/HRFeed.csv`).
    public var file: String
    public var warning: String

    public init(file: String, warning: String) {
        self.file = file
        self.warning = warning
    }
}
