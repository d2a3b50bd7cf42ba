/// What one schema refresh did to one connection: its outcome, how its schema changed since the
/// previous successful refresh, and which mappings that change breaks. JSON field names
/// (snake_case) are a contract: `connection`, `status`, `changed`, `changes` (the `diff` change
/// format), `broken_mappings`, then `at`, `error`, `table_count`, `column_count`.
public struct ConnectionRefreshImpact: Sendable, Equatable {
    public var connection: String
    public var status: RefreshStatus
    /// ISO 8601 UTC time of the attempt.
    public var at: String
    /// `class: message` of a failed attempt.
    public var error: String?
    /// `true` when the attempt succeeded with a schema that differs from the previous successful
    /// one (a first success is a change, as in the history).
    public var changed: Bool
    /// `true` when the connection had a successful refresh before this one.
    public var hadPreviousSchema: Bool
    /// The changes from the previous successful schema (from an empty one for a first success);
    /// empty when the attempt did not succeed.
    public var changes: [SchemaChange]
    /// The mappings these changes break (``MappingImpact/brokenMappings(by:of:in:)``).
    public var brokenMappings: [BrokenMapping]
    /// Tables and columns of a successful attempt.
    public var tableCount: Int?
    public var columnCount: Int?

    /// An impact; see the properties.
    public init(connection: String, status: RefreshStatus, at: String, error: String? = nil, changed: Bool = false,
                hadPreviousSchema: Bool = false, changes: [SchemaChange] = [], brokenMappings: [BrokenMapping] = [],
                tableCount: Int? = nil, columnCount: Int? = nil) {
        self.connection = connection; self.status = status; self.at = at; self.error = error; self.changed = changed
        self.hadPreviousSchema = hadPreviousSchema; self.changes = changes; self.brokenMappings = brokenMappings
        self.tableCount = tableCount; self.columnCount = columnCount
    }
}

extension MappingImpact {
    /// The impact of `attempts` (one refresh, already recorded in `catalog`), given the snapshots
    /// in force before it (``Catalog/snapshotsInForce(of:)``, keyed by lower-cased connection),
    /// sorted by connection (case-insensitively). The configuration is read only when some
    /// change removed a table or a column.
    /// - Throws: a `DatabaseError` when the catalog cannot be read.
    public static func impact(of attempts: [RefreshAttempt], before: [String: SchemaSnapshot],
                              in catalog: Catalog) throws -> [ConnectionRefreshImpact] {
        var impacts = attempts.map { attempt -> ConnectionRefreshImpact in
            var impact = ConnectionRefreshImpact(
                connection: attempt.connection, status: attempt.status, at: attempt.at,
                error: attempt.errorClass.map { cls in attempt.errorMessage.map { "\(cls): \($0)" } ?? cls })
            guard attempt.status == .success, let snapshot = attempt.snapshot else { return impact }
            let previous = before[attempt.connection.lowercased()]
            impact.hadPreviousSchema = previous != nil
            impact.changes = (previous ?? SchemaSnapshot(tables: [])).diff(to: snapshot)
            impact.changed = previous == nil || !impact.changes.isEmpty
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
                impacts[index].brokenMappings = brokenMappings(by: impacts[index].changes, of: impacts[index].connection,
                                                               among: byConnection[impacts[index].connection.lowercased()] ?? [])
            }
        }
        return impacts.sorted { $0.connection.lowercased() < $1.connection.lowercased() }
    }
}
