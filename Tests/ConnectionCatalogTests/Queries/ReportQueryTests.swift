import Foundation
import Testing

@testable import ConnectionCatalog

@Suite struct ReportQueryTests {
    func catalog(_ folder: TemporaryFolder, _ attempts: [RefreshAttempt]) throws -> Catalog {
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: nil, attempts: attempts)
        return catalog
    }

    static let attempts = [
        Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["employee_id", "name"]]),
        Sample.success("HRFeed", at: "2026-11-02T08:00:00Z", ["HRFeed": ["employee_id", "name"]]),
        Sample.success("HRFeed", at: "2026-11-03T08:00:00Z", ["HRFeed": ["employee_id", "name", "mail"]]),
        Sample.failure("HRFeed", at: "2026-11-04T08:00:00Z"),
        Sample.failure("HRFeed", at: "2026-11-05T08:00:00Z"),
        Sample.success("ADExport", at: "2026-11-01T08:00:00Z", ["ADExport_entries": ["command", "dn", "objectGUID"]]),
    ]

    @Test func connectionsWithTheirAttemptsColumnsAndLatestSchemaChange() throws {
        let folder = try TemporaryFolder()
        let report = try ReportQuery.run(ReportRequest(), in: try catalog(folder, Self.attempts), now: "2026-11-06T00:00:00Z")
        #expect(report.generatedAt == "2026-11-06T00:00:00Z")
        #expect(report.importCount == 1)
        #expect(report.connections.map(\.identifier) == ["ADExport", "HRFeed", "SnowTicket"])
        #expect(report.connections.map(\.status) == ["success", "failed", "never"])
        #expect(report.connections.map(\.failedAttemptsSinceSuccess) == [0, 2, 0])
        #expect(report.connections.map(\.lastSuccessAt) == ["2026-11-01T08:00:00Z", "2026-11-03T08:00:00Z", nil])

        let hr = report.connections[1]
        #expect(hr.attempts.map(\.status) == ["success", "success", "success", "failed", "failed"])
        #expect(hr.attempts.map(\.changed) == [true, false, true, false, false])
        #expect(hr.attempts[0].changes.isEmpty, "the first snapshot has nothing to compare with")
        #expect(hr.attempts[2].changes == [SchemaChange(.columnAdded, table: "HRFeed", column: "mail", position: 3)])
        #expect(hr.attempts[3].error == "empty_file: HRFeed.csv: file is empty")
        #expect(hr.tables.map(\.name) == ["HRFeed"])
        #expect(hr.tables[0].stale)
        #expect(hr.tables[0].columns.map(\.name) == ["employee_id", "name", "mail"])
        #expect(hr.tables[0].columns.map(\.mappedBy) == [["HR_Person:EmployeeId"], [], []])

        let ad = report.connections[0]
        #expect(ad.tables[0].columns.map(\.technical) == [true, false, false], "technical columns are kept, marked")
        #expect(report.connections[2].attempts.isEmpty && report.connections[2].tables.isEmpty)

        #expect(
            report.recentChanges == [
                ReportChange(
                    kind: .schema, connection: "HRFeed", at: "2026-11-03T08:00:00Z",
                    since: "2026-11-02T08:00:00Z", changes: hr.attempts[2].changes)
            ])
        #expect(report.findings.map(\.finding.rule).contains("schema-refresh-failed"))
        #expect(report.findings.allSatisfy { $0.documentation?.hasPrefix("https://github.com/netwrix/docs/blob/main/docs/identitymanager/") == true })
    }

    @Test func theLatestAttemptsOnlyStillDiffAgainstTheSuccessBeforeThem() throws {
        let folder = try TemporaryFolder()
        let report = try ReportQuery.run(ReportRequest(connections: ["hrfeed"], maxAttempts: 3), in: try catalog(folder, Self.attempts))
        #expect(report.isSelection)
        #expect(report.connections.map(\.identifier) == ["HRFeed"])
        let hr = report.connections[0]
        #expect(hr.omittedAttempts == 2)
        #expect(hr.attempts.map(\.at) == ["2026-11-03T08:00:00Z", "2026-11-04T08:00:00Z", "2026-11-05T08:00:00Z"])
        #expect(hr.attempts[0].changes == [SchemaChange(.columnAdded, table: "HRFeed", column: "mail", position: 3)])
        // Findings about HRFeed, or located in b.xml (which declares it); nothing from a.xml.
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.finding.location.file != "a.xml" })
    }

    @Test func anUnknownConnectionIsAnError() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalog(folder, Self.attempts)
        #expect(throws: CatalogError.unknownConnection("Nope")) {
            try ReportQuery.run(ReportRequest(connections: ["Nope"]), in: catalog)
        }
    }
}
