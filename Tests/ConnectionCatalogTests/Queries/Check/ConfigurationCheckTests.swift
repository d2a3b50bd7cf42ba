import Foundation
import Testing

@testable import ConnectionCatalog

/// The check on a real catalog: what the Store loads, and the order and locations of findings.
@Suite struct ConfigurationCheckTests {
    static func record(at: String, settings: Bool = true) -> ImportRecord {
        ImportRecord(
            importedAt: at, sourceFolder: "/work/demo", configurationFolder: "/work/demo/Conf",
            agentSettingsFile: settings ? "/work/demo/Runtime/appsettings.agent.json" : nil,
            exportFolder: "/work/demo/Temp/ExportOutput", xmlFileCount: 1, elementCount: 10,
            contentHash: "h-\(at)", changed: true)
    }

    func importSample(
        into catalog: Catalog, configuration: Configuration = CheckSample.configuration(), at: String,
        hr: [String: [String]], unattributed: [String] = []
    ) throws {
        _ = try catalog.recordImport(
            Self.record(at: at), files: [], agentSettingsHash: "s",
            // As the importer stores them: relative to the imported folder.
            configuration: configuration.prefixingLocations(with: "Conf/"),
            settings: CheckSample.settings(),
            attempts: [
                Sample.success("HRFeed", at: at, hr),
                Sample.success("ADExport", at: at, ["ADExport_entries": ["command", "dn", "objectGUID"]]),
            ], exportScan: ExportScanFacts(folder: "Temp/ExportOutput", at: at, unattributedFiles: unattributed))
    }

    @Test func theCatalogGivesBackTheConfigurationItStored() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importSample(into: catalog, at: "2026-11-01T08:00:00Z", hr: ["HRFeed": ["employee_id", "email", "manager_id"]])
        #expect(try catalog.currentConfiguration() == CheckSample.configuration().prefixingLocations(with: "Conf/"))
        let input = try ConfigurationCheck.input(from: catalog)
        #expect(input.configuration.connections.map(\.location.description) == ["Conf/c.xml:4", "Conf/c.xml:6"])
        #expect(input.agentSettings == CheckSample.settings(), "keys, files, lines and JSON paths of the agent settings")
        #expect(input.exportScan == ExportScanFacts(folder: "Temp/ExportOutput", at: "2026-11-01T08:00:00Z", unattributedFiles: []))
        #expect(try ConfigurationCheck.run(in: catalog) == [])
    }

    @Test func driftAgainstTheHistoryReportsRemovedSinceWithLocationsUnderTheImportedFolder() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        try importSample(into: catalog, at: "2026-11-01T08:00:00Z", hr: ["HRFeed": ["employee_id", "email", "manager_id"]])
        try importSample(into: catalog, at: "2026-11-15T08:00:00Z", hr: ["HRFeed": ["employee_id", "EMAIL"]], unattributed: ["Old.csv"])
        try catalog.recordRefreshAttempts([Sample.failure("HRFeed", at: "2026-11-20T08:00:00Z")])

        let findings = try ConfigurationCheck.run(in: catalog)
        #expect(
            findings.map(\.brief) == [
                "schema-refresh-failed info Conf/c.xml:4",
                "column-name-case warning Conf/c.xml:22",
                "column-missing error Conf/c.xml:26",
                "export-file-unattributed warning Temp/ExportOutput/Old.csv:-",
            ])
        #expect(
            findings[2].message.contains(
                "Column1 'manager_id' of EntityAssociationMapping HR_Person_Manager is not a column of table HRFeed in the latest successful schema refresh of Connection HRFeed (2026-11-15T08:00:00Z)"
            ))
        #expect(findings[2].message.contains("removed since 2026-11-15T08:00:00Z (the refresh of 2026-11-01T08:00:00Z still had it)"))
        #expect(findings[2].message.hasSuffix("failed: empty_file: HRFeed.csv: file is empty)"))

        let states = try catalog.schemaStates()
        #expect(states.map(\.connection) == ["ADExport", "HRFeed"])
        #expect(
            states[1].removed == [
                RemovedSchemaItem(table: "HRFeed", column: "manager_id", lastSeenAt: "2026-11-01T08:00:00Z", removedAt: "2026-11-15T08:00:00Z")
            ])
        #expect(states[1].isStale)
    }

    @Test func aTableThatDisappearedIsRemovedSinceItsFirstAbsence() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        for (at, table) in [
            ("2026-11-01T08:00:00Z", "HRFeed"), ("2026-11-02T08:00:00Z", "HRFeed"), ("2026-11-03T08:00:00Z", "HRFeed_v2"),
            ("2026-11-04T08:00:00Z", "HRFeed_v2"),
        ] {
            try catalog.recordRefreshAttempts([Sample.success("HRFeed", at: at, [table: ["employee_id"]])])
        }
        let state = try #require(try catalog.schemaStates().first)
        #expect(state.removed == [RemovedSchemaItem(table: "HRFeed", column: nil, lastSeenAt: "2026-11-02T08:00:00Z", removedAt: "2026-11-03T08:00:00Z")])
    }

    @Test func anEmptyCatalogIsAnErrorNotAFinding() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        #expect(throws: CatalogError.noConfiguration(path: catalog.path)) { try ConfigurationCheck.run(in: catalog) }
    }

    @Test func duplicateIdentifiersStopTheImportAtTheLaterDeclaration() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        var configuration = CheckSample.configuration()
        configuration.connections.append(Connection(identifier: "HRFEED", attributes: ["Identifier": "HRFEED"], location: CheckSample.at(9)))
        #expect(
            throws: InputError(
                SourceLocation(file: "Conf/c.xml", line: 9),
                "Connection 'HRFEED' is declared twice (first at Conf/c.xml:4); identifiers are compared case-insensitively",
                hint: "rename or remove one of the two declarations")
        ) {
            try importSample(into: catalog, configuration: configuration, at: "2026-11-01T08:00:00Z", hr: [:])
        }
        #expect(try catalog.latestImport() == nil, "nothing is stored")
    }

    @Test func findingsAreOrderedByFileLineRuleWhateverTheRuleOrder() {
        var input = CheckSample.input()
        input.configuration.exportTasks[0].attributes.set("Connection", nil)
        input.configuration.connections[0].attributes.set("Package", "File/CSV")
        input.agentSettings = CheckSample.settings([("HRFeed", 3), ("ADExport", 8), ("Zeta", 2)])
        let forward = ConfigurationCheck.run(input)
        let backward = ConfigurationCheck.run(input, rules: ConfigurationCheck.rules.reversed())
        #expect(forward == backward)
        #expect(
            forward.map(\.brief) == [
                "connection-settings-orphan warning Runtime/appsettings.agent.json:2",
                "connection-package warning c.xml:4", "export-task-connection error c.xml:50",
            ])
    }

    @Test func ruleIdsAreUniqueKebabCaseAndEveryRuleCitesAPage() {
        let ids = ConfigurationCheck.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in ConfigurationCheck.rules {
            #expect(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.id)")
            #expect(!rule.sources.isEmpty && rule.sources.allSatisfy { $0.hasPrefix("docs/identitymanager/6.1/") && $0.hasSuffix("/index.md") }, "\(rule.id)")
            #expect(rule.helpURI?.hasPrefix("https://github.com/netwrix/docs/blob/main/docs/identitymanager/6.1/") == true)
        }
    }

    /// The check loads only the attributes its rules read: on the demo and on the check fixture
    /// with one planted mistake per rule, the findings are those of the whole configuration.
    @Test(arguments: ["Fixtures/demo", "Fixtures/check/invalid"])
    func theAttributesTheCheckLeavesOutChangeNoFinding(_ fixture: String) throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try Importer.run(
            ImportRequest(path: repositoryRoot.appendingPathComponent(fixture), at: Timestamp(parsing: "2026-11-01T08:00:00Z")),
            into: catalog)
        let trimmed = try ConfigurationCheck.input(from: catalog)
        var whole = trimmed
        whole.configuration = try catalog.currentConfiguration()
        whole.propertyIdentifiers = nil
        #expect(trimmed.configuration != whole.configuration, "the check's configuration leaves attributes out")
        #expect(trimmed.propertyIdentifiers != nil && trimmed.configuration.entityTypes.allSatisfy { $0.properties.allSatisfy(\.identifier.isEmpty) })
        #expect(whole.configuration.entityTypes.contains { !$0.properties.isEmpty })
        #expect(trimmed.configuration.connections.map(\.identifier) == whole.configuration.connections.map(\.identifier))
        let findings = ConfigurationCheck.run(whole)
        #expect(!findings.isEmpty)
        #expect(ConfigurationCheck.run(trimmed) == findings)
    }

    /// Findings are attributed to connections by keyed look-ups; the answers are those of a pass
    /// over every resource type mapping and task (the first element of the identifier decides).
    @Test func findingsAreAttributedAsAPassOverTheElementsWould() throws {
        let folder = try TemporaryFolder()
        let catalog = try folder.catalog()
        _ = try Importer.run(
            ImportRequest(
                path: repositoryRoot.appendingPathComponent("Fixtures/check/invalid"), at: Timestamp(parsing: "2026-11-01T08:00:00Z")),
            into: catalog)
        let context = CheckContext(try ConfigurationCheck.input(from: catalog))
        func scanned(_ finding: Finding) -> String? {
            let head = String(finding.subject.split(separator: ":", maxSplits: 1).first ?? Substring(finding.subject)).lowercased()
            if let connection = context.connections[head] { return connection.identifier }
            if let settings = context.settings[head] { return settings.connection }
            if let mapping = context.entityTypeMappings[head], let table = mapping.connectionTable {
                return context.owningConnection(ofTable: table, connector: mapping.connector)?.connection.identifier
            }
            let c = context.configuration
            if let mapping = c.resourceTypeMappings.first(where: { $0.identifier.lowercased() == head }), let connection = mapping.connection {
                return context.connections[connection.lowercased()]?.identifier ?? connection
            }
            for task in c.exportTasks + c.fulfillTasks.map({ ExportTask(identifier: $0.identifier, attributes: $0.attributes, location: $0.location) })
            where task.identifier?.lowercased() == head {
                if let connection = task.connection { return context.connections[connection.lowercased()]?.identifier ?? connection }
            }
            return context.owningConnection(ofTable: finding.subject, connector: nil)?.connection.identifier
        }
        let attributed = try ConfigurationCheck.runAttributed(in: catalog)
        #expect(attributed.count > 30)
        #expect(attributed.contains { $0.finding.rule.hasPrefix("export-task") && $0.connection != nil })
        for item in attributed {
            #expect(item.connection == scanned(item.finding), "\(item.finding.rule) \(item.finding.subject)")
        }
    }
}
