/// A time given for a new import or schema refresh that is before the latest one the catalog
/// records. Imports and refresh attempts are numbered in the order they are recorded, and every
/// comparison (the changes between two imports, a diff between two refreshes, the answer as of a
/// time) takes the later one as the newer: a record placed before the latest would make the
/// numbers and the times disagree. Nothing is recorded.
public struct TimeOrderError: DiagnosticError, Sendable, Equatable {
    /// The time given, ISO 8601 UTC (`2026-11-01T08:00:00Z`).
    public var given: String
    /// The latest time the catalog records, ISO 8601 UTC.
    public var latestAt: String
    /// The import recorded at ``latestAt``; `nil` when the latest record is a schema refresh
    /// attempt made after the latest import.
    public var latestImportID: Int64?

    /// See the properties.
    public init(given: String, latestAt: String, latestImportID: Int64?) {
        self.given = given
        self.latestAt = latestAt
        self.latestImportID = latestImportID
    }

    /// Throws when `time` is before the latest import or schema refresh attempt of `catalog`
    /// (the same second is accepted).
    /// - Throws: ``TimeOrderError``; a `DatabaseError` when the catalog cannot be read.
    public static func require(_ time: Timestamp, after catalog: Catalog) throws {
        guard let latest = try catalog.latestRecordedTime(), time < latest.at else { return }
        throw TimeOrderError(given: time.iso8601, latestAt: latest.at.iso8601, latestImportID: latest.importID)
    }

    public var diagnostic: Diagnostic {
        let latest = latestImportID.map { "the latest import (#\($0), \(latestAt))" } ?? "the latest schema refresh (\(latestAt))"
        return Diagnostic(
            nil, kind: .timeBeforeLatestRecord,
            "the time given, \(given), is before \(latest): imports and schema refreshes are recorded in time order",
            remedy: .giveTimeAtOrAfter(latestAt))
    }
}
