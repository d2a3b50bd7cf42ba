import Foundation
import Testing

@testable import ConnectionCatalog

/// Suggestions for missing names, name patterns, and which mappings a schema change breaks.
@Suite struct MappingImpactTests {
    @Test func theNearestNameIsTheSameButForCaseSpacesOrCsvThenASmallEditDistance() {
        let columns = ["employee_id", "email", "manager_id"]
        #expect(NameSuggestion.nearest(to: "emial", among: columns) == "email", "a swap of two letters is one edit")
        #expect(NameSuggestion.nearest(to: " EMAIL ", among: columns) == "email")
        #expect(NameSuggestion.nearest(to: "email.csv", among: columns) == "email")
        #expect(NameSuggestion.nearest(to: "employe_id", among: columns) == "employee_id")
        #expect(NameSuggestion.nearest(to: "employee_number", among: ["employee_no", "email"]) == nil, "4 edits is not near")
        #expect(NameSuggestion.nearest(to: "cost_center", among: columns) == nil)
        #expect(NameSuggestion.nearest(to: "", among: columns) == nil)
        #expect(NameSuggestion.nearest(to: "HRFeed_v", among: ["ADExport_entries", "HRFeed_v2"]) == "HRFeed_v2")
        #expect(NameSuggestion.nearest(to: "mail", among: ["dn", "mail1", "mail2"]) == "mail1", "ties go to the earlier column")
    }

    @Test func namePatternsAreCaseInsensitiveGlobs() {
        let pattern = NamePattern("employee_*")
        #expect(pattern.matches("Employee_Number") && pattern.matches("employee_") && !pattern.matches("the_employee_id"))
        #expect(NamePattern("employee_number").matches("EMPLOYEE_NUMBER") && !NamePattern("employee_number").matches("employee_numbers"))
        #expect(NamePattern("*mail*").matches("email") && NamePattern("*mail*").matches("mail_2"))
        #expect(NamePattern("?mail").matches("email") && !NamePattern("?mail").matches("mail"))
        #expect(NamePattern("[a-f]*_id").matches("employee_id") && !NamePattern("[a-f]*_id").matches("manager_id"))
        #expect(NamePattern("[!m]*_id").matches("employee_id") && !NamePattern("[!m]*_id").matches("manager_id"))
        #expect(NamePattern("a*b*c").matches("aXbYc") && !NamePattern("a*b*c").matches("aXbY"))
        #expect(NamePattern("[oops").matches("[OOPS"), "a [ without ] stands for itself")
    }

    func input(hr: [String], removed: [RemovedSchemaItem] = [], change: (inout Configuration) -> Void = { _ in }) -> CheckInput {
        var input = CheckSample.input()
        change(&input.configuration)
        input.schemas[0] = CheckSample.state("HRFeed", ["HRFeed": hr], removed: removed)
        return input
    }

    @Test func aTypoGetsTheNearestColumnAsSuggestionInTheFindingAndItsMessage() {
        let findings = CheckSample.findings(
            input(hr: ["employee_id", "email", "manager_id"]) { c in
                c.entityTypeMappings[0].properties[1].attributes.set("ConnectionColumn", "emial")
            })
        #expect(findings.map(\.brief) == ["column-missing error c.xml:22"])
        #expect(findings[0].suggestion == "email")
        #expect(
            findings[0].message
                == "ConnectionColumn 'emial' of EntityTypeMapping HR_Person is not a column of table HRFeed in the latest successful schema refresh of Connection HRFeed (2026-11-29T08:00:00Z); did you mean 'email'? If not, File/CSV (Usercube.CSV@0000001) exports what its source provides, so the source does not provide this column (no successful refresh ever had it): fix the source (file header, query) or the mapping"
        )
    }

    @Test func aRenameInTheHistoryIsTheSuggestionAndReplacesTheExportAdvice() {
        let removed = [
            RemovedSchemaItem(
                table: "HRFeed", column: "email", lastSeenAt: "2026-11-01T08:00:00Z",
                removedAt: "2026-11-15T08:00:00Z", renamedTo: "mail_address")
        ]
        let findings = CheckSample.findings(input(hr: ["employee_id", "mail_address", "manager_id"], removed: removed))
        #expect(findings.map(\.brief) == ["column-missing error c.xml:22"])
        #expect(findings[0].suggestion == "mail_address")
        #expect(
            findings[0].message
                == "ConnectionColumn 'email' of EntityTypeMapping HR_Person is not a column of table HRFeed in the latest successful schema refresh of Connection HRFeed (2026-11-29T08:00:00Z); removed since 2026-11-15T08:00:00Z (the refresh of 2026-11-01T08:00:00Z still had it), probably renamed to 'mail_address' (the refresh that removed it added that name at its place): write ConnectionColumn=\"mail_address\""
        )
        #expect(!findings[0].message.contains("source"))
    }

    @Test func renamesAreFollowedToTheNameInForceAndAGoneRenameFallsBackToTheNearestName() {
        let chain = [
            RemovedSchemaItem(table: "HRFeed", column: "email", lastSeenAt: "2026-11-01T08:00:00Z", removedAt: "2026-11-02T08:00:00Z", renamedTo: "mail"),
            RemovedSchemaItem(table: "HRFeed", column: "mail", lastSeenAt: "2026-11-02T08:00:00Z", removedAt: "2026-11-03T08:00:00Z", renamedTo: "e_mail"),
        ]
        let followed = MappingImpact.brokenMappings(in: input(hr: ["employee_id", "e_mail", "manager_id"], removed: chain))
        #expect(followed.map(\.suggestion) == ["e_mail"])
        #expect(followed.map(\.suggestionReason) == [.renamed])

        let gone = [
            RemovedSchemaItem(table: "HRFeed", column: "email", lastSeenAt: "2026-11-01T08:00:00Z", removedAt: "2026-11-02T08:00:00Z", renamedTo: "mail")
        ]
        let fallback = MappingImpact.brokenMappings(in: input(hr: ["employee_id", "emails", "manager_id"], removed: gone))
        #expect(fallback.map(\.suggestion) == ["emails"])
        #expect(fallback.map(\.suggestionReason) == [.similarName])
    }

    @Test func aMissingTableSuggestsTheNearestTableOfTheConnection() {
        var input = CheckSample.input()
        input.schemas[0] = CheckSample.state("HRFeed", ["HRFeed_v2": ["employee_id", "email", "manager_id"], "HRFeeds": ["x"]])
        let broken = MappingImpact.brokenMappings(in: input)
        #expect(
            broken == [
                BrokenMapping(
                    kind: "EntityTypeMapping", mapping: "HR_Person", property: nil, attribute: "ConnectionTable", column: nil,
                    table: "HRFeed", connection: "HRFeed", location: CheckSample.at(20),
                    suggestion: NameSuggestion("HRFeeds", reason: .similarName), removedAt: nil),
                BrokenMapping(
                    kind: "EntityAssociationMapping", mapping: "HR_Person_Manager", property: nil, attribute: "ConnectionTable",
                    column: nil, table: "HRFeed", connection: "HRFeed", location: CheckSample.at(26),
                    suggestion: NameSuggestion("HRFeeds", reason: .similarName), removedAt: nil),
            ])
        let all = CheckSample.findings(input)
        let findings = all.filter { $0.rule == "table-missing" }
        #expect(findings.map(\.suggestion) == ["HRFeeds", "HRFeeds"])
        #expect(findings[0].message.contains("does not have; did you mean 'HRFeeds'? If not, "))
        // The columns are checked against the suggested table, which has none of them.
        #expect(all.filter { $0.rule == "column-missing" }.map(\.location.line) == [21, 22, 26, 26])
    }

    @Test func onlyWhatTheChangesRemovedIsBrokenByThem() {
        // email is missing (renamed), manager_id too, but the change at hand removed only email.
        let removed = [
            RemovedSchemaItem(
                table: "HRFeed", column: "email", lastSeenAt: "2026-11-01T08:00:00Z",
                removedAt: "2026-11-02T08:00:00Z", renamedTo: "mail")
        ]
        let state = input(hr: ["employee_id", "mail"], removed: removed)
        let changes = [
            SchemaChange(.columnRemoved, table: "HRFeed", column: "email", position: 2, renamedTo: "mail"),
            SchemaChange(.columnAdded, table: "HRFeed", column: "mail", position: 2),
        ]
        let broken = MappingImpact.brokenMappings(by: changes, of: "hrfeed", in: state)
        #expect(
            broken == [
                BrokenMapping(
                    kind: "EntityTypeMapping", mapping: "HR_Person", property: "Email", attribute: "ConnectionColumn",
                    column: "email", table: "HRFeed", connection: "HRFeed", location: CheckSample.at(22),
                    suggestion: NameSuggestion("mail", reason: .renamed), removedAt: "2026-11-02T08:00:00Z")
            ])
        #expect(broken[0].subject == "HR_Person:Email")
        #expect(MappingImpact.brokenMappings(in: state).map(\.subject) == ["HR_Person:Email", "HR_Person_Manager"])
        #expect(MappingImpact.brokenMappings(by: changes, of: "ADExport", in: state).isEmpty, "another connection")
        #expect(
            MappingImpact.brokenMappings(
                by: [SchemaChange(.columnAdded, table: "HRFeed", column: "x", position: 3)],
                of: "HRFeed", in: state
            ).isEmpty)
    }

    @Test func theHistoryRecordsTheRenameHintOfTheRefreshThatRemovedAColumn() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        for (at, columns) in [
            ("2026-11-01T08:00:00Z", ["employee_id", "employee_number", "email"]),
            ("2026-11-02T08:00:00Z", ["employee_id", "employee_no", "email"]),
            ("2026-11-03T08:00:00Z", ["employee_id", "employee_no"]),
        ] {
            try catalog.recordRefreshAttempts([Sample.success("HRFeed", at: at, ["HRFeed": columns])])
        }
        let state = try #require(try catalog.schemaStates(of: ["hrfeed"]).first)
        #expect(
            state.removed == [
                RemovedSchemaItem(table: "HRFeed", column: "email", lastSeenAt: "2026-11-02T08:00:00Z", removedAt: "2026-11-03T08:00:00Z"),
                RemovedSchemaItem(
                    table: "HRFeed", column: "employee_number", lastSeenAt: "2026-11-01T08:00:00Z",
                    removedAt: "2026-11-02T08:00:00Z", renamedTo: "employee_no"),
            ])
        #expect(try catalog.schemaStates(of: ["ADExport"]).isEmpty)
        // As of the second refresh: employee_number was renamed, email not yet removed.
        let then = try #require(try catalog.schemaStates(asOf: "2026-11-02T12:00:00Z").first)
        #expect(then.lastSuccessAt == "2026-11-02T08:00:00Z")
        #expect(then.snapshot == SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["employee_id", "employee_no", "email"])]))
        #expect(
            then.removed == [
                RemovedSchemaItem(
                    table: "HRFeed", column: "employee_number", lastSeenAt: "2026-11-01T08:00:00Z",
                    removedAt: "2026-11-02T08:00:00Z", renamedTo: "employee_no")
            ])
        #expect(try catalog.schemaStates(asOf: "2026-10-31T00:00:00Z").isEmpty)
        let inForce = SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["employee_id", "employee_no"])])
        let baseline = try catalog.schemaBaseline()
        #expect(baseline.snapshots.keys.sorted() == ["hrfeed"])
        #expect(baseline.snapshots["hrfeed"]?.contentHash == inForce.contentHash)
        #expect(try catalog.snapshot(id: #require(baseline.snapshots["hrfeed"]?.id)) == inForce)
        #expect(try catalog.schemaBaseline(of: ["ADExport"]).snapshots.isEmpty)
    }

    @Test func aWideHeaderWithOneRenameAndOneMoveIsExactlyThoseChanges() {
        let old = (1...2000).map { "c\($0)" }
        var new = old
        new[999] = "renamed"
        new.swapAt(10, 11)
        let before = SchemaSnapshot(tables: [TableSchema(name: "T", columns: old)])
        let after = SchemaSnapshot(tables: [TableSchema(name: "T", columns: new)])
        #expect(
            before.diff(to: after) == [
                SchemaChange(.columnRemoved, table: "T", column: "c1000", position: 1000, renamedTo: "renamed"),
                SchemaChange(.columnMoved, table: "T", column: "c11", position: 12, fromPosition: 11),
                SchemaChange(.columnAdded, table: "T", column: "renamed", position: 1000),
            ])
        #expect(before.applying(before.diff(to: after)) == after)
        #expect(after.diff(to: after).isEmpty)
    }

    @Test func theImpactOfARecordedRefreshNamesWhatChangedAndWhatBroke() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        let ad = ["ADExport_entries": ["dn", "objectGUID"], "ADExport_member": ["dn", "member"]]
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil, configuration: Sample.configuration(),
            settings: nil,
            attempts: [
                Sample.success("ADExport", at: "2026-11-01T08:00:00Z", ad),
                Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["employee_id"]]),
            ])
        let baseline = try catalog.schemaBaseline()
        let attempts = [
            Sample.success("HRFeed", at: "2026-11-02T08:00:00Z", ["HRFeeds": ["employee_id"]]),
            Sample.success("ADExport", at: "2026-11-02T08:00:00Z", ["ADExport_entries": ["dn", "objectGUID"], "ADExport_member": ["dn", "members"]]),
            Sample.failure("SnowTicket", at: "2026-11-02T08:00:00Z"),
        ]
        try catalog.recordRefreshAttempts(attempts)
        let impact = try MappingImpact.impact(of: attempts, since: baseline, in: catalog)
        #expect(impact.map(\.connection) == ["ADExport", "HRFeed", "SnowTicket"])
        #expect(impact.map(\.changed) == [true, true, nil])
        #expect(impact.map(\.hadPreviousSchema) == [true, true, false])
        #expect(
            impact[0].changes == [
                SchemaChange(.columnRemoved, table: "ADExport_member", column: "member", position: 2, renamedTo: "members"),
                SchemaChange(.columnAdded, table: "ADExport_member", column: "members", position: 2),
            ])
        #expect(
            impact[0].brokenMappings == [
                BrokenMapping(
                    kind: "EntityAssociationMapping", mapping: "AD_Entry_Members", property: nil, attribute: "Column2", column: "member",
                    table: "ADExport_member", connection: "ADExport", location: Sample.at("a.xml", 20),
                    suggestion: NameSuggestion("members", reason: .renamed), removedAt: "2026-11-02T08:00:00Z")
            ])
        #expect(impact[1].changes.map(\.change) == [.tableRemoved, .tableAdded, .columnAdded])
        #expect(
            impact[1].brokenMappings == [
                BrokenMapping(
                    kind: "EntityTypeMapping", mapping: "HR_Person", property: nil, attribute: "ConnectionTable", column: nil,
                    table: "HRFeed.csv", connection: "HRFeed", location: Sample.at("b.xml", 10),
                    suggestion: NameSuggestion("HRFeeds", reason: .similarName), removedAt: "2026-11-02T08:00:00Z")
            ])
        #expect(
            impact[2]
                == ConnectionRefreshImpact(
                    connection: "SnowTicket", status: .failed, at: "2026-11-02T08:00:00Z",
                    error: "empty_file: SnowTicket.csv: file is empty"))

        // The same schemas again: nothing changed, nothing breaks anew.
        let again = [Sample.success("HRFeed", at: "2026-11-03T08:00:00Z", ["HRFeeds": ["employee_id"]])]
        let before = try catalog.schemaBaseline(of: ["hrfeed"])
        try catalog.recordRefreshAttempts(again)
        #expect(
            try MappingImpact.impact(of: again, since: before, in: catalog) == [
                ConnectionRefreshImpact(
                    connection: "HRFeed", status: .success, at: "2026-11-03T08:00:00Z", changed: false, hadPreviousSchema: true,
                    tableCount: 1, columnCount: 1)
            ])
    }

    /// A connection's first schema is not a change (`changed` nil, as the history's `changed`),
    /// and neither is an attempt that recorded no schema; its changes are not held.
    @Test func aFirstSchemaIsNotAChange() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try catalog.recordImport(
            Sample.record(hash: "h"), files: [], agentSettingsHash: nil, configuration: Sample.configuration(), settings: nil, attempts: [])
        let baseline = try catalog.schemaBaseline()
        let attempts = [
            Sample.success("HRFeed", at: "2026-11-01T08:00:00Z", ["HRFeed": ["employee_id", "email"]]),
            Sample.failure("SnowTicket", at: "2026-11-01T08:00:00Z"),
        ]
        try catalog.recordRefreshAttempts(attempts)
        let impact = try MappingImpact.impact(of: attempts, since: baseline, in: catalog)
        #expect(impact.map(\.connection) == ["HRFeed", "SnowTicket"])
        #expect(impact.map(\.changed) == [nil, nil])
        #expect(impact.map(\.hadPreviousSchema) == [false, false])
        #expect(impact[0].changes.isEmpty && impact[0].columnCount == 2)
        // The history says the same of that attempt.
        #expect(try catalog.refreshHistory(of: "HRFeed").map(\.changed) == [nil])
    }
}
