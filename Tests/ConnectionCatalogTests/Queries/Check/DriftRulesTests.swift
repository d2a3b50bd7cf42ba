import Testing

@testable import ConnectionCatalog

@Suite struct DriftRulesTests {
    func input(
        hr: [String: [String]] = ["HRFeed": ["employee_id", "email", "manager_id"]], removed: [RemovedSchemaItem] = [],
        change: (inout Configuration) -> Void = { _ in }
    ) -> CheckInput {
        var input = CheckSample.input()
        change(&input.configuration)
        input.schemas[0] = CheckSample.state("HRFeed", hr, removed: removed)
        return input
    }

    @Test func aMissingColumnIsAnErrorAtThePropertyWithASourceHintForCSV() {
        let findings = CheckSample.findings(input(hr: ["HRFeed": ["employee_id", "manager_id"]]))
        #expect(findings.map(\.brief) == ["column-missing error c.xml:22"])
        #expect(findings[0].subject == "HR_Person:Email")
        #expect(
            findings[0].message
                == "ConnectionColumn 'email' of EntityTypeMapping HR_Person is not a column of table HRFeed in the latest successful schema refresh of Connection HRFeed (2026-11-29T08:00:00Z); File/CSV (Usercube.CSV@0000001) exports what its source provides, so the source does not provide this column (no successful refresh ever had it): fix the source (file header, query) or the mapping"
        )
    }

    /// A table of the schema whose name ends with a space (an export file `HRFeed .csv`, read
    /// as table `HRFeed `): the messages quote it, so the space shows.
    @Test func aSchemaTableWithATrailingSpaceIsQuotedInTheMessages() {
        let findings = CheckSample.findings(
            input(hr: ["HRFeed ": ["employee_id", "manager_id"]]) { c in c.entityTypeMappings[0].attributes.set("ConnectionTable", "HRFeed ") })
        let missing = findings.filter { $0.rule == "column-missing" }
        #expect(missing.map(\.brief) == ["column-missing error c.xml:22"], "\(findings.map(\.brief))")
        #expect(
            missing.first?.message.hasPrefix(
                "ConnectionColumn 'email' of EntityTypeMapping HR_Person is not a column of table 'HRFeed ' in the latest successful schema refresh of Connection HRFeed ("
            ) == true, "\(missing.first?.message ?? "")")
    }

    @Test func aMissingColumnOfAMappingDrivenExportSaysWhenReRunningTheExportHelps() {
        var input = CheckSample.input()
        input.schemas[1] = CheckSample.state("ADExport", ["ADExport_entries": ["command", "objectGUID"]])
        let findings = CheckSample.findings(input)
        #expect(findings.map(\.brief) == ["column-missing error c.xml:37"])
        #expect(
            findings[0].message.hasSuffix(
                "; Directory/Active Directory (Usercube.AD@0000001) exports only the tables and columns its mappings ask for, and no successful refresh ever had this column: if the mapping was added after the latest export (2026-11-29T08:00:00Z), re-run a complete export (IgnoreCookieFile=\"true\" on the ExportTask, or --ignore-cookies), then refresh the schema; otherwise the source does not provide it: fix the mapping"
            ))

        // An earlier export had it: the mapping asked for it then, so re-running the export is
        // not the advice; the column disappeared.
        input.schemas[1] = CheckSample.state(
            "ADExport", ["ADExport_entries": ["command", "objectGUID"]],
            removed: [RemovedSchemaItem(table: "ADExport_entries", column: "dn", lastSeenAt: "2026-11-20T08:00:00Z", removedAt: "2026-11-21T08:00:00Z")])
        let removed = CheckSample.findings(input)
        #expect(removed.map(\.brief) == ["column-missing error c.xml:37"])
        #expect(
            removed[0].message.hasSuffix(
                "; removed since 2026-11-21T08:00:00Z (the refresh of 2026-11-20T08:00:00Z still had it); Directory/Active Directory (Usercube.AD@0000001) exports the tables and columns its mappings ask for, and an earlier export had this column, so it disappeared from the source or from the export's column list: fix the export or the mapping, then refresh the schema"
            ))
        #expect(!removed[0].message.contains("re-run"))
    }

    @Test func aColumnAnEarlierRefreshHadSaysRemovedSince() {
        let removed = [RemovedSchemaItem(table: "HRFeed", column: "email", lastSeenAt: "2026-11-01T08:00:00Z", removedAt: "2026-11-15T08:00:00Z")]
        let findings = CheckSample.findings(input(hr: ["HRFeed": ["employee_id", "manager_id"]], removed: removed))
        #expect(findings.map(\.brief) == ["column-missing error c.xml:22"])
        #expect(findings[0].message.contains("; removed since 2026-11-15T08:00:00Z (the refresh of 2026-11-01T08:00:00Z still had it);"))
        #expect(findings[0].message.contains("so the source no longer provides this column"))
    }

    @Test func associationColumnsAreCheckedAtTheAssociationMapping() {
        let findings = CheckSample.findings(input(hr: ["HRFeed": ["employee_id", "email", "Manager_ID"]]))
        #expect(findings.map(\.brief) == ["column-name-case warning c.xml:26"])
        #expect(findings[0].message.hasPrefix("Column1 'manager_id' of EntityAssociationMapping HR_Person_Manager matches the column 'Manager_ID'"))
    }

    @Test func aMissingTableIsOneErrorPerMappingWithoutRepeatingColumns() {
        let findings = CheckSample.findings(
            input(
                hr: ["HRFeed_old": ["employee_id", "email", "manager_id"]],
                removed: [RemovedSchemaItem(table: "HRFeed", column: nil, lastSeenAt: "2026-11-01T08:00:00Z", removedAt: "2026-11-02T08:00:00Z")]))
        #expect(findings.map(\.brief) == ["table-missing error c.xml:20", "table-missing error c.xml:26"])
        #expect(findings[0].message.contains("removed since 2026-11-02T08:00:00Z"))
    }

    @Test func aTableMatchingOnlyWhenCaseIsIgnoredOrAfterRemovingSpacesIsAWarningKeepingTheCsvWritten() {
        let findings = CheckSample.findings(
            input { c in
                c.entityTypeMappings[0].attributes.set("ConnectionTable", "hrfeed.csv")
                c.entityTypeMappings[1].attributes.set("ConnectionTable", "ADExport_Entries")
                c.entityAssociationMappings[0].attributes.set("ConnectionTable", " HRFeed.CSV")
            })
        #expect(
            findings.map(\.brief) == [
                "table-name-mismatch warning c.xml:20", "table-name-mismatch warning c.xml:26",
                "table-name-mismatch warning c.xml:35",
            ])
        #expect(
            findings.map { $0.message.components(separatedBy: "Connection ").last ?? "" } == [
                "HRFeed only when case is ignored; write ConnectionTable=\"HRFeed.csv\"",
                "HRFeed only after removing the surrounding spaces; write ConnectionTable=\"HRFeed.CSV\"",
                "ADExport only when case is ignored; write ConnectionTable=\"ADExport_entries\"",
            ])
        #expect(findings.map(\.suggestion) == ["HRFeed.csv", "HRFeed.CSV", "ADExport_entries"])
    }

    /// The documentation writes `ConnectionTable="LDAPExport_entries.csv"` (LDAP connector page) and
    /// defines it as the "Name of the CSV file" (EntityTypeMapping page): the file's name is no mismatch.
    @Test func theExportFileNameWithItsCsvSuffixIsTheDocumentedFormNotAMismatch() {
        let findings = CheckSample.findings(
            input { c in
                c.entityTypeMappings[0].attributes.set("ConnectionTable", "HRFeed.csv")
                c.entityTypeMappings[1].attributes.set("ConnectionTable", "ADExport_entries.csv")
                c.entityAssociationMappings[0].attributes.set("ConnectionTable", "HRFeed.CSV")
            })
        #expect(findings.map(\.brief) == [])
    }

    @Test func aStaleSnapshotIsUsedAndTheFindingSaysSo() {
        var input = input(hr: ["HRFeed": ["employee_id", "manager_id"]])
        input.schemas[0].latestStatus = .failed
        input.schemas[0].latestAt = "2026-11-30T08:00:00Z"
        input.schemas[0].latestError = "empty_file: HRFeed.csv: file is empty"
        let findings = CheckSample.findings(input)
        #expect(findings.map(\.brief) == ["schema-refresh-failed info c.xml:4", "column-missing error c.xml:22"])
        #expect(
            findings[1].message.hasSuffix(
                "(checked against the last successful schema refresh, of 2026-11-29T08:00:00Z: the latest, at 2026-11-30T08:00:00Z, failed: empty_file: HRFeed.csv: file is empty)"
            ))
        #expect(findings[0].message.contains("its mappings were checked against the last successful refresh, of 2026-11-29T08:00:00Z"))
    }

    @Test func withoutAnySuccessfulRefreshMappingsAreUnverifiableNotMissing() {
        var input = CheckSample.input()
        input.schemas[0] = ConnectionSchemaState(
            connection: "HRFeed", latestStatus: .failed, latestAt: CheckSample.schemaAt,
            latestError: "no_export_output: no export output")
        input.schemas.remove(at: 1)
        let findings = CheckSample.findings(input)
        #expect(
            findings.map(\.brief) == [
                "schema-refresh-failed info c.xml:4", "schema-unverifiable warning c.xml:20",
                "schema-unverifiable warning c.xml:26", "schema-unverifiable info c.xml:35",
            ])
        #expect(findings[1].message.contains("is unverifiable, not missing: Connection HRFeed has never had a successful schema refresh"))
        #expect(findings[3].message.contains("Connection ADExport has no schema refresh"))
    }

    @Test func theCommandColumnAndExactMatchesAreFine() {
        #expect(CheckSample.findings(CheckSample.input()).isEmpty)
    }

    @Test func packagesAreSortedByHowTheirExportChoosesColumns() {
        #expect(ExportColumns.of(ConnectorPackage.named("Usercube.LDAP.Oracle@0000001")) == .mappingDriven)
        #expect(ExportColumns.of(ConnectorPackage.named("Usercube.SCIM.Slack@0000001")) == .mappingDriven)
        #expect(ExportColumns.of(ConnectorPackage.named("Usercube.OData@0000001")) == .mappingDriven)
        #expect(ExportColumns.of(ConnectorPackage.named("Database/PostgreSQL")) == .sourceDriven)
        #expect(ExportColumns.of(ConnectorPackage.named("Usercube.Excel@0000001")) == .sourceDriven)
        #expect(ExportColumns.of(ConnectorPackage.named("Usercube.SharePoint@0000001")) == .other)
        #expect(ExportColumns.of(nil) == .other)
    }
}
