/// Schema history use cases: `history`, `diff` and `audit` (the product shows only
/// the last successful update or a failure icon; the catalog keeps every attempt).
public enum SchemaHistory {
    /// Every attempt of `connection`, oldest first.
    /// - Throws: ``CatalogError/unknownConnection(_:)``.
    public static func history(of connection: String, in catalog: Catalog) throws -> [HistoryEntry] {
        guard let known = try catalog.knownConnection(connection) else { throw CatalogError.unknownConnection(connection) }
        return try catalog.refreshHistory(of: known)
    }

    /// The export files read by every attempt of `connection`, with their size, time, encoding,
    /// separator, column count and the error or warning each gave.
    /// - Throws: ``CatalogError/unknownConnection(_:)``.
    public static func files(of connection: String, in catalog: Catalog) throws -> [RefreshFileEntry] {
        guard let known = try catalog.knownConnection(connection) else { throw CatalogError.unknownConnection(connection) }
        return try catalog.refreshFiles(of: known)
    }

    /// The changes between two successful attempts of `connection`. With neither `from` nor `to`,
    /// the latest schema change: the last two successive successes whose schemas differ (as
    /// ``HistoryEntry/changed`` says), with how many successes since found the same schema
    /// (``SchemaDiff/Selection/latestChange``); when the schema never changed, the first and
    /// the latest success (``SchemaDiff/Selection/neverChanged``, no change). With `to` alone,
    /// the success before it; with `from` alone, the latest success.
    /// A failed attempt is never a side of a diff.
    /// - Throws: ``CatalogError/unknownConnection(_:)``, ``HistoryError``.
    public static func diff(of connection: String, from: Int64?, to: Int64?, in catalog: Catalog) throws -> SchemaDiff {
        let entries = try history(of: connection, in: catalog)
        let successes = entries.filter { $0.status == .success }
        if from == nil, to == nil, successes.count >= 2 {
            let side = { (entry: HistoryEntry) in SchemaDiff.Side(refreshID: entry.refreshID, at: entry.at) }
            guard let index = successes.lastIndex(where: { $0.changed == true }) else {
                return SchemaDiff(
                    connection: successes[0].connection, from: side(successes[0]), to: side(successes[successes.count - 1]),
                    changes: [], selection: .neverChanged)
            }
            let older = successes[index - 1]
            let newer = successes[index]
            let changes = try catalog.snapshot(id: older.snapshotID!).diff(to: catalog.snapshot(id: newer.snapshotID!))
            return SchemaDiff(
                connection: newer.connection, from: side(older), to: side(newer), changes: changes, selection: .latestChange,
                unchangedAfter: successes.count - 1 - index, latest: index == successes.count - 1 ? nil : side(successes[successes.count - 1]))
        }
        func entry(_ id: Int64) throws -> HistoryEntry {
            guard let found = entries.first(where: { $0.refreshID == id }) else {
                throw HistoryError.noSuchRefresh(connection: connection, refreshID: id)
            }
            guard found.status == .success else {
                throw HistoryError.notASuccess(connection: connection, refreshID: id, status: found.status)
            }
            return found
        }
        let newer: HistoryEntry
        if let to {
            newer = try entry(to)
        } else {
            guard let last = successes.last else { throw HistoryError.notEnoughSnapshots(connection: connection, count: 0) }
            newer = last
        }
        let older: HistoryEntry
        if let from {
            older = try entry(from)
        } else {
            let before = successes.prefix { $0.refreshID != newer.refreshID }
            guard let previous = before.last else {
                throw HistoryError.notEnoughSnapshots(connection: connection, count: successes.count)
            }
            older = previous
        }
        let changes = try catalog.snapshot(id: older.snapshotID!).diff(to: catalog.snapshot(id: newer.snapshotID!))
        return SchemaDiff(
            connection: newer.connection, from: .init(refreshID: older.refreshID, at: older.at),
            to: .init(refreshID: newer.refreshID, at: newer.at), changes: changes)
    }

    /// Connections whose latest attempt failed (or, with `all`, every failed attempt), at or
    /// after `since`.
    public static func audit(since: Timestamp?, all: Bool, in catalog: Catalog) throws -> [FailedRefresh] {
        try catalog.failedRefreshes(since: since, latestOnly: !all)
    }
}

/// A history question that has no answer.
public enum HistoryError: DiagnosticError, Sendable, Equatable {
    case noSuchRefresh(connection: String, refreshID: Int64)
    case notASuccess(connection: String, refreshID: Int64, status: RefreshStatus)
    case notEnoughSnapshots(connection: String, count: Int)

    public var diagnostic: Diagnostic {
        switch self {
        case .noSuchRefresh(let connection, let id):
            Diagnostic(
                nil, kind: .noSuchRefresh, "refresh \(id) is not an attempt of \(connection)",
                remedy: .listRefreshes(connection: connection))
        case .notASuccess(let connection, let id, let status):
            Diagnostic(
                nil, kind: .notASuccess,
                "refresh \(id) of \(connection) is \(status.rawValue), not a success: a failed attempt has no schema to compare",
                remedy: .pickSuccessfulRefresh(connection: connection))
        case .notEnoughSnapshots(let connection, let count):
            Diagnostic(
                nil, kind: .notEnoughSnapshots,
                "\(connection) has \(count) successful schema refresh\(count == 1 ? "" : "es"); a diff needs two",
                remedy: .refreshSchemaAgain)
        }
    }
}
