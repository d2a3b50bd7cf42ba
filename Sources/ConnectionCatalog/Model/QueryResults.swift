/// A row of `conncat connections`: a Connection of the configuration and its schema status.
/// Its JSON field names are ``CodingKeys``.
public struct ConnectionSummary: Sendable, Equatable, Codable {
    public var connection: String
    public var displayName: String?
    public var connector: String?
    /// Package identifier (a display name written in the XML is mapped to its identifier).
    public var package: String?
    public var hasAgentSettings: Bool
    /// `success`, `failed`, `no_schema`, `not_exported` (latest attempt) or `never`.
    public var schemaStatus: String
    public var lastRefreshAt: String?
    public var lastSuccessAt: String?
    public var file: String
    public var line: Int

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case connection, displayName = "display_name", connector, package
        case hasAgentSettings = "has_agent_settings", schemaStatus = "schema_status"
        case lastRefreshAt = "last_refresh_at", lastSuccessAt = "last_success_at", file, line
    }
}

/// A row of `conncat tables`: a connection table of the snapshot in force.
public struct TableSummary: Sendable, Equatable, Codable {
    public var connection: String
    public var table: String
    public var columnCount: Int
    /// When the snapshot in force was taken (ISO 8601 UTC).
    public var snapshotAt: String
    /// `true` when the connection's latest attempt failed and this table comes from an earlier success.
    public var stale: Bool
    /// `true` when an EntityTypeMapping or EntityAssociationMapping references the table.
    public var mapped: Bool
    /// Where the table comes from: `export_output` (an export file's header) or `configuration`
    /// (a `ConnectionTable` element that no export file of the refresh provided).
    public var source: SchemaSource

    public init(
        connection: String, table: String, columnCount: Int, snapshotAt: String, stale: Bool, mapped: Bool,
        source: SchemaSource = .exportOutput
    ) {
        self.connection = connection
        self.table = table
        self.columnCount = columnCount
        self.snapshotAt = snapshotAt
        self.stale = stale
        self.mapped = mapped
        self.source = source
    }

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case connection, table, columnCount = "column_count", snapshotAt = "snapshot_at", stale, mapped, source
    }
}

/// A row of `conncat columns`: a column available for mapping.
public struct AvailableColumn: Sendable, Equatable, Codable {
    public var connection: String
    public var table: String
    public var column: String
    /// 1-based position in the header.
    public var position: Int
    /// `true` for the incremental command column, which is not data to map.
    public var technical: Bool
    /// `true` when the connection's latest refresh failed and the column comes from an earlier
    /// success (as ``TableSummary/stale``).
    public var stale: Bool
    /// `EntityTypeMapping:Property` and `EntityAssociationMapping` identifiers that use the column,
    /// sorted.
    public var mappedBy: [String]
    /// Where the column's table comes from (see ``TableSummary/source``).
    public var source: SchemaSource

    public init(
        connection: String, table: String, column: String, position: Int, technical: Bool, stale: Bool = false,
        mappedBy: [String], source: SchemaSource = .exportOutput
    ) {
        self.connection = connection
        self.table = table
        self.column = column
        self.position = position
        self.technical = technical
        self.stale = stale
        self.mappedBy = mappedBy
        self.source = source
    }

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case connection, table, column, position, technical, stale, mappedBy = "mapped_by", source
    }
}
