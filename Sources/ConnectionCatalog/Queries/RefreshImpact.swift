/// What one schema refresh did to one connection: its outcome, how its schema changed since the
/// previous successful refresh, and which mappings that change breaks. JSON field names
/// (snake_case) are a contract: `connection`, `status`, `changed`, `changes` (the `diff` change
/// format), `broken_mappings`, then `at`, `error`, `table_count`, `column_count`.
public struct ConnectionRefreshImpact: Sendable, Equatable {
    /// The connection identifier as the refresh spelled it.
    public var connection: String
    /// The attempt's outcome.
    public var status: RefreshStatus
    /// ISO 8601 UTC time of the attempt.
    public var at: String
    /// `class: message` of a failed attempt.
    public var error: String?
    /// For a successful attempt after an earlier success of the connection: `true` when its
    /// schema differs from the previous successful one, `false` when it is the same. `nil` when
    /// there is nothing to compare, as in the history (the `refresh_attempts` view): for the
    /// connection's first successful attempt (its first schema is not a change) and for an
    /// attempt that recorded no schema (failed, no schema, not exported).
    public var changed: Bool?
    /// `true` when the connection had a successful refresh before this one.
    public var hadPreviousSchema: Bool
    /// The changes from the previous successful schema; empty when the attempt did not succeed,
    /// and for a first success (``hadPreviousSchema`` `false`): then every table and column of
    /// the attempt's snapshot is new (``firstSchemaChanges(of:)``), and a first import of a large
    /// configuration does not hold one change per column of every connection.
    public var changes: [SchemaChange]
    /// The mappings these changes break (``MappingImpact/brokenMappings(by:of:in:)``).
    public var brokenMappings: [BrokenMapping]
    /// Tables of a successful attempt; `nil` otherwise.
    public var tableCount: Int?
    /// Columns of a successful attempt (all its tables); `nil` otherwise.
    public var columnCount: Int?

    /// An impact; see the properties.
    public init(
        connection: String, status: RefreshStatus, at: String, error: String? = nil, changed: Bool? = nil,
        hadPreviousSchema: Bool = false, changes: [SchemaChange] = [], brokenMappings: [BrokenMapping] = [],
        tableCount: Int? = nil, columnCount: Int? = nil
    ) {
        self.connection = connection
        self.status = status
        self.at = at
        self.error = error
        self.changed = changed
        self.hadPreviousSchema = hadPreviousSchema
        self.changes = changes
        self.brokenMappings = brokenMappings
        self.tableCount = tableCount
        self.columnCount = columnCount
    }
}

/// The snapshots in force before a refresh, by id and content hash (``Catalog/schemaBaseline(of:)``).
/// Snapshots are stored once and never deleted, so an id still reads the same snapshot after
/// the refresh is recorded.
public struct SchemaBaseline: Sendable, Equatable {
    /// A stored snapshot.
    public struct Snapshot: Sendable, Equatable {
        /// The stored snapshot's id (``Catalog/snapshot(id:)`` reads it).
        public var id: Int64
        /// ``SchemaSnapshot/contentHash``.
        public var contentHash: String
    }

    /// By lower-cased connection identifier; a connection without a successful refresh is absent.
    public var snapshots: [String: Snapshot] = [:]

    /// An empty baseline (no connection has a schema yet).
    public init() {}
}

extension MappingImpact {
    /// The impact of `attempts` (one refresh, already recorded in `catalog`), measured against
    /// the snapshots in force before it (`baseline`), sorted by connection (case-insensitively).
    /// A previous snapshot is read only when the new one has another content hash, and the
    /// configuration only when some change removed a table or a column.
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public static func impact(
        of attempts: [RefreshAttempt], since baseline: SchemaBaseline,
        in catalog: Catalog
    ) throws -> [ConnectionRefreshImpact] {
        var impacts = try attempts.map { attempt -> ConnectionRefreshImpact in
            var impact = ConnectionRefreshImpact(
                connection: attempt.connection, status: attempt.status, at: attempt.at,
                error: attempt.errorClass.map(\.rawValue).map { cls in attempt.errorMessage.map { "\(cls): \($0)" } ?? cls })
            guard attempt.status == .success, let snapshot = attempt.snapshot else { return impact }
            let previous = baseline.snapshots[attempt.connection.lowercased()]
            impact.hadPreviousSchema = previous != nil
            if let previous {
                if previous.contentHash != snapshot.contentHash {
                    impact.changes = try catalog.snapshot(id: previous.id).diff(to: snapshot)
                }
                impact.changed = !impact.changes.isEmpty
            }
            impact.tableCount = snapshot.tables.count
            impact.columnCount = snapshot.columnCount
            return impact
        }
        let removing = impacts.indices.filter { index in
            impacts[index].changes.contains { $0.change == .columnRemoved || $0.change == .tableRemoved }
        }
        if !removing.isEmpty {
            // One comparison of every mapping, shared by the connections (not one per connection).
            let items = CheckContext(try input(for: removing.map { impacts[$0].connection }, in: catalog)).driftItems
            let byConnection = Dictionary(grouping: items) { $0.connection.identifier.lowercased() }
            for index in removing {
                impacts[index].brokenMappings = brokenMappings(
                    by: impacts[index].changes, of: impacts[index].connection,
                    among: byConnection[impacts[index].connection.lowercased()] ?? [])
            }
        }
        return impacts.sorted { $0.connection.lowercased() < $1.connection.lowercased() }
    }
}

extension ConnectionRefreshImpact {
    /// The changes of a first successful schema: every table and column of `snapshot` added, in
    /// the order ``SchemaSnapshot/diff(to:)`` gives them.
    public static func firstSchemaChanges(of snapshot: SchemaSnapshot) -> [SchemaChange] {
        SchemaSnapshot(tables: []).diff(to: snapshot)
    }
}
