import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct AvailableColumnsTests {
    /// A catalog holding `Sample.configuration()` and one successful refresh of ADExport and HRFeed.
    func catalogWithSchemas(_ folder: TemporaryFolder) throws -> Catalog {
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil,
            configuration: Sample.configuration(), settings: Sample.settings(),
            attempts: [
                Sample.success(
                    "ADExport", at: "2026-11-01T08:00:00Z",
                    [
                        "ADExport_entries": ["command", "dn", "objectGUID", "mail"],
                        "ADExport_member": ["command", "dn", "member"],
                    ]),
                Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["employee_id", "first_name"]]),
            ])
        return catalog
    }

    @Test func columnsComeWithTheMappingsThatUseThemMatchedIgnoringCaseAndCsvSuffix() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        let columns = try AvailableColumns.run(ColumnQuery(), in: catalog)
        let rendered = columns.map { "\($0.connection)/\($0.table)/\($0.position):\($0.column)=\($0.mappedBy.joined(separator: "+"))" }
        #expect(
            rendered == [
                "ADExport/ADExport_entries/2:dn=AD_Entry:dn",  // ConnectionColumn "DN", table "ADExport_Entries"
                "ADExport/ADExport_entries/3:objectGUID=AD_Entry:objectGuid",
                "ADExport/ADExport_entries/4:mail=",
                "ADExport/ADExport_member/2:dn=AD_Entry_Members",
                "ADExport/ADExport_member/3:member=AD_Entry_Members",
                "HRFeed/HRFeed/1:employee_id=HR_Person:EmployeeId",  // ConnectionTable "HRFeed.csv"
                "HRFeed/HRFeed/2:first_name=",
            ])
    }

    @Test func technicalCommandColumnOnlyWithAll() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        let all = try AvailableColumns.run(ColumnQuery(connection: "adexport", includeTechnical: true), in: catalog)
        #expect(all.filter(\.technical).map { "\($0.table).\($0.column)" } == ["ADExport_entries.command", "ADExport_member.command"])
        #expect(all.count == 7)
        #expect(all.allSatisfy { $0.connection == "ADExport" } == true)
    }

    @Test func filtersByTableEntityTypeAndUnmapped() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        #expect(try AvailableColumns.run(ColumnQuery(table: "hrfeed.CSV"), in: catalog).map(\.column) == ["employee_id", "first_name"])
        #expect(try AvailableColumns.run(ColumnQuery(entityType: "ad_entry"), in: catalog).map(\.column) == ["dn", "objectGUID", "mail"])
        #expect(try AvailableColumns.run(ColumnQuery(unmappedOnly: true), in: catalog).map(\.column) == ["mail", "first_name"])
        #expect(throws: CatalogError.unknownConnection("Nope")) { try AvailableColumns.run(ColumnQuery(connection: "Nope"), in: catalog) }
        #expect(throws: CatalogError.unknownEntityTypeMapping("Nope")) { try AvailableColumns.run(ColumnQuery(entityType: "Nope"), in: catalog) }
    }

    @Test func aFailedRefreshKeepsTheLastGoodSnapshotAndMarksItStale() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        try catalog.recordRefreshAttempts([Sample.failure("HRFeed", at: "2026-11-02T08:00:00Z")])
        let tables = try catalog.tableSummaries(connection: "HRFeed", asOf: nil)
        #expect(
            tables == [
                TableSummary(
                    connection: "HRFeed", table: "HRFeed", columnCount: 2,
                    snapshotAt: "2026-11-01T08:00:00Z", stale: true, mapped: true)
            ])
        let summary = try catalog.connectionSummaries().first { $0.connection == "HRFeed" }
        #expect(summary?.schemaStatus == "failed")
        #expect(summary?.lastRefreshAt == "2026-11-02T08:00:00Z")
        #expect(summary?.lastSuccessAt == "2026-11-01T08:00:00Z")
        #expect(summary?.package == "Usercube.CSV@0000001")  // written as the display name "File/CSV"
        #expect(summary?.hasAgentSettings == false)
        #expect(try catalog.connectionSummaries().first { $0.connection == "ADExport" }?.hasAgentSettings == true)
        #expect(try catalog.connectionSummaries().first { $0.connection == "SnowTicket" }?.schemaStatus == "never")
    }

    @Test func identicalSchemasAreStoredOnceAndAsOfTravelsInTime() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        try catalog.recordRefreshAttempts([
            Sample.success("HRFeed", at: "2026-11-03T08:00:00Z", ["HRFeed": ["employee_id", "first_name"]]),
            Sample.success("HRFeed", at: "2026-11-05T08:00:00Z", ["HRFeed": ["employee_id", "first_name", "email"]]),
        ])
        #expect(try catalog.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshot") } == 3)
        func columns(asOf: Timestamp?) throws -> [String] {
            try AvailableColumns.run(ColumnQuery(connection: "HRFeed", asOf: asOf), in: catalog).map(\.column)
        }
        #expect(try columns(asOf: nil) == ["employee_id", "first_name", "email"])
        #expect(try columns(asOf: "2026-11-04T00:00:00Z") == ["employee_id", "first_name"])
        #expect(try columns(asOf: "2026-10-01T00:00:00Z") == [])
        #expect(
            try catalog.tableSummaries(connection: nil, asOf: "2026-11-04T00:00:00Z").map(\.snapshotAt)
                == ["2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z", "2026-11-03T08:00:00Z"])
    }

    @Test func theListingAfterARefreshTakesTheRecordedSchemasAsTheyAreAndReadsTheOthers() throws {
        let folder = try TemporaryFolder()
        let catalog = try catalogWithSchemas(folder)
        // SnowTicket's tables sort as NOCASE sorts them (`a_users` before `B_groups`), not by
        // their bytes nor in the order the refresh read them.
        var schema = SchemaSnapshot(tables: [])
        schema.tables = [
            TableSchema(name: "B_groups", columns: ["sys_id", "name"]), TableSchema(name: "a_users", columns: ["sys_id", "command"]),
            TableSchema(name: "c_empty", columns: []),
        ]
        let ticket = RefreshAttempt(
            connection: "SnowTicket", at: "2026-11-02T08:00:00Z", trigger: .refreshSchema, source: .exportOutput, status: .success,
            snapshot: schema)
        // HRFeed's latest refresh failed: its earlier schema stays in force, marked stale.
        try catalog.recordRefreshAttempts([ticket, Sample.failure("HRFeed", at: "2026-11-02T08:00:00Z")])
        // A schema recorded at an earlier time than the one in force is not the one listed.
        let earlier = Sample.success("ADExport", at: "2026-10-01T08:00:00Z", ["ADExport_entries": ["dn"]])
        try catalog.recordRefreshAttempts([earlier])
        let expected = try AvailableColumns.run(ColumnQuery(includeTechnical: true), in: catalog)
        #expect(
            expected.filter { $0.connection == "SnowTicket" }.map { "\($0.table).\($0.column)" } == [
                "a_users.sys_id", "a_users.command", "B_groups.sys_id", "B_groups.name",
            ])
        #expect(expected.filter(\.stale).map(\.connection) == ["HRFeed", "HRFeed"])
        for recorded in [[], [ticket.snapshot!], [ticket.snapshot!, earlier.snapshot!]] {
            var tables: [[AvailableColumn]] = []
            try catalog.forEachAvailableTable(recorded: recorded) { tables.append($0) }
            #expect(tables.flatMap { $0 } == expected)
            #expect(
                tables.map { "\($0[0].connection)/\($0[0].table)" } == [
                    "ADExport/ADExport_entries", "ADExport/ADExport_member", "HRFeed/HRFeed", "SnowTicket/a_users", "SnowTicket/B_groups",
                ])
            #expect(tables.allSatisfy { table in table.allSatisfy { $0.connection == table[0].connection && $0.table == table[0].table } })
        }
    }
}
