/// A row of `conncat history`: one schema refresh attempt.
public struct HistoryEntry: Sendable, Equatable, Codable {
    public var refreshID: Int64
    public var connection: String
    /// ISO 8601 UTC.
    public var at: String
    public var status: RefreshStatus
    public var trigger: RefreshTrigger
    public var source: SchemaSource
    /// `class: message` for a failed attempt.
    public var error: String?
    /// For a successful attempt.
    public var tableCount: Int?
    public var columnCount: Int?
    /// For a successful attempt after an earlier success: `true` when its schema differs from
    /// the previous successful one's (``SchemaSnapshot/diff(to:)`` is not empty: tables compared
    /// by name case-insensitively, columns by name and order), `false` when it is the same. `nil` when there is nothing to
    /// compare: the connection's first successful attempt (its first schema, not a change), and
    /// an attempt that recorded no schema (`failed`, `no_schema`, `not_exported`).
    public var changed: Bool?
    /// Internal: the snapshot of a successful attempt.
    public var snapshotID: Int64?

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case refreshID = "refresh_id", connection, at, status, trigger, source, error
        case tableCount = "table_count", columnCount = "column_count", changed
    }
}

/// `conncat diff`: what changed between two successful snapshots of a connection.
public struct SchemaDiff: Sendable, Equatable {
    public struct Side: Sendable, Equatable {
        public var refreshID: Int64
        public var at: String
    }
    public var connection: String
    public var from: Side
    public var to: Side
    public var changes: [SchemaChange]
    /// How the sides were chosen: `.latestChange` when the request named neither side.
    public var selection: Selection = .requested
    /// The successful refreshes after `to`, which found the same schema as `to` (with
    /// ``Selection/latestChange``; 0 otherwise).
    public var unchangedAfter: Int = 0
    /// The latest successful refresh, when it is after `to` (with ``Selection/latestChange``).
    public var latest: Side?

    /// How the two sides of a diff were chosen.
    public enum Selection: Sendable, Equatable {
        /// Given by the request (`from`, `to`, or one of them with the success next to it).
        case requested
        /// Neither side given: the two successive successful refreshes of the latest schema change.
        case latestChange
        /// Neither side given and the schema never changed: the first and the latest success.
        case neverChanged
    }
}

/// A row of `conncat audit`: a failed refresh.
public struct FailedRefresh: Sendable, Equatable, Codable {
    public var connection: String
    public var failedAt: String
    public var error: String
    /// Latest success before the failure; `nil` when the connection never succeeded.
    public var lastSuccessAt: String?
    /// Failed attempts since the last success (up to and including this one).
    public var failedAttempts: Int
    public var refreshID: Int64

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case connection, failedAt = "failed_at", error, lastSuccessAt = "last_success_at"
        case failedAttempts = "failed_attempts", refreshID = "refresh_id"
    }
}

/// A row of `conncat history --files`: one export file read by one refresh attempt, with the
/// facts that explain the attempt's outcome.
public struct RefreshFileEntry: Sendable, Equatable {
    public var refreshID: Int64
    /// ISO 8601 UTC time of the attempt.
    public var at: String
    public var file: RefreshFile
}
