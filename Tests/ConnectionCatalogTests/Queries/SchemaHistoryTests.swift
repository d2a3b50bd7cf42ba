import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct SchemaHistoryTests {
    func catalog(_ folder: TemporaryFolder, _ attempts: [RefreshAttempt]) throws -> Catalog {
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: attempts)
        return catalog
    }

    @Test func successThenFailureThenSuccess() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalog(
            folder,
            [
                Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["id", "name"]]),
                Sample.failure("HRFeed", at: "2026-11-02T08:00:00Z"),
                Sample.failure("HRFeed", at: "2026-11-03T08:00:00Z"),
                Sample.success("HRFeed", at: "2026-11-04T08:00:00Z", ["HRFeed": ["id", "name", "mail"]]),
                Sample.success("HRFeed", at: "2026-11-05T08:00:00Z", ["HRFeed": ["id", "name", "mail"]]),
            ])
        let history = try SchemaHistory.history(of: "hrfeed", in: catalog)
        #expect(history.map(\.status) == [.success, .failed, .failed, .success, .success])
        // The first schema is no change; failures have nothing to compare; then changed, then the same.
        #expect(history.map(\.changed) == [nil, nil, nil, true, false])
        #expect(history.map(\.columnCount) == [2, nil, nil, 3, 3])
        #expect(history[1].error == "empty_file: HRFeed.csv: file is empty")
        // Refreshing an unchanged schema adds an attempt, not a snapshot.
        #expect(try catalog.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshot") } == 2)

        let diff = try SchemaHistory.diff(of: "HRFeed", from: nil, to: nil, in: catalog)
        // Without sides: the latest change (the failures between are never a side), then one success the same.
        #expect(diff.from.refreshID == history[0].refreshID && diff.to.refreshID == history[3].refreshID)
        #expect(diff.changes == [SchemaChange(.columnAdded, table: "HRFeed", column: "mail", position: 3)])
        #expect(diff.selection == .latestChange && diff.unchangedAfter == 1 && diff.latest?.refreshID == history[4].refreshID)
        let across = try SchemaHistory.diff(of: "HRFeed", from: history[0].refreshID, to: history[3].refreshID, in: catalog)
        #expect(across.changes == [SchemaChange(.columnAdded, table: "HRFeed", column: "mail", position: 3)])
        #expect(throws: HistoryError.notASuccess(connection: "HRFeed", refreshID: history[1].refreshID, status: .failed)) {
            try SchemaHistory.diff(of: "HRFeed", from: history[1].refreshID, to: nil, in: catalog)
        }
        #expect(try SchemaHistory.audit(since: nil, all: false, in: catalog).isEmpty, "recovered")
        let all = try SchemaHistory.audit(since: nil, all: true, in: catalog)
        #expect(all.map(\.failedAt) == ["2026-11-02T08:00:00Z", "2026-11-03T08:00:00Z"])
        #expect(all.map(\.failedAttempts) == [1, 2])
        #expect(all.map(\.lastSuccessAt) == ["2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z"])
    }

    @Test func auditListsConnectionsWhoseLatestAttemptFailed() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalog(
            folder,
            [
                Sample.failure("ADExport", at: "2026-11-01T08:00:00Z"),
                Sample.failure("ADExport", at: "2026-11-02T08:00:00Z"),
                Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["id"]]),
                Sample.failure("HRFeed", at: "2026-11-03T08:00:00Z"),
            ])
        let audit = try SchemaHistory.audit(since: nil, all: false, in: catalog)
        #expect(
            audit == [
                FailedRefresh(
                    connection: "ADExport", failedAt: "2026-11-02T08:00:00Z", error: "empty_file: ADExport.csv: file is empty",
                    lastSuccessAt: nil, failedAttempts: 2, refreshID: 2),
                FailedRefresh(
                    connection: "HRFeed", failedAt: "2026-11-03T08:00:00Z", error: "empty_file: HRFeed.csv: file is empty",
                    lastSuccessAt: "2026-11-01T08:00:00Z", failedAttempts: 1, refreshID: 4),
            ])
        #expect(try SchemaHistory.audit(since: "2026-11-03T00:00:00Z", all: false, in: catalog).map(\.connection) == ["HRFeed"])
    }

    @Test func backfilledAttemptsAreOrderedByTime() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalog(
            folder,
            [
                Sample.success("HRFeed", at: "2026-11-05T08:00:00Z", ["HRFeed": ["id", "name", "mail"]]),
                Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["id"]]),  // backfilled later
                Sample.failure("HRFeed", at: "2026-11-03T08:00:00Z"),
            ])
        let history = try SchemaHistory.history(of: "HRFeed", in: catalog)
        #expect(history.map(\.at) == ["2026-11-01T08:00:00Z", "2026-11-03T08:00:00Z", "2026-11-05T08:00:00Z"])
        #expect(try AvailableColumns.run(ColumnQuery(connection: "HRFeed"), in: catalog).map(\.column) == ["id", "name", "mail"])
        #expect(try catalog.tableSummaries(connection: "HRFeed", asOf: nil).first?.stale == false, "the latest in time succeeded")
        let diff = try SchemaHistory.diff(of: "HRFeed", from: nil, to: nil, in: catalog)
        #expect(diff.from.at == "2026-11-01T08:00:00Z")
        #expect(diff.changes.map(\.column) == ["name", "mail"])
    }

    @Test func aDiffNeedsTwoSuccesses() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalog(folder, [Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["id"]])])
        #expect(throws: HistoryError.notEnoughSnapshots(connection: "HRFeed", count: 1)) {
            try SchemaHistory.diff(of: "HRFeed", from: nil, to: nil, in: catalog)
        }
        #expect(throws: CatalogError.unknownConnection("Nope")) { try SchemaHistory.history(of: "Nope", in: catalog) }
    }
}
