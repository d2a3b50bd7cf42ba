import Testing

@testable import ConnectionCatalog

@Suite struct SettingsRulesTests {
    @Test func aConnectionWithoutSettingsIsAnErrorNamingItsDependants() {
        var input = CheckSample.input()
        input.agentSettings = CheckSample.settings([("HRFeed", 3)])
        let findings = CheckSample.findings(input)
        #expect(findings.map(\.brief) == ["connection-settings-missing error c.xml:6"])
        #expect(
            findings[0].message
                == "Connection ADExport has no settings under Connections:ADExport in Runtime/appsettings.agent.json (used by ExportTask AD_Export (c.xml:51), LdapResourceTypeMapping AD_Entry_User (c.xml:41)); the agent cannot run its export or fulfill without them: add them"
        )
    }

    @Test func internalPackagesNeedNoSettings() {
        var input = CheckSample.input()
        input.configuration.connections.append(
            Connection(
                identifier: "Tickets",
                attributes: [
                    "Identifier": "Tickets", "DisplayName_L1": "Tickets", "Connector": "AD", "Package": "Usercube.Manual@0000001",
                ], location: CheckSample.at(8)))
        input.configuration.connections.append(
            Connection(
                identifier: "Workflows",
                attributes: [
                    "Identifier": "Workflows", "DisplayName_L1": "Workflows", "Connector": "AD", "Package": "Usercube.FulfillWorkflow@0000001",
                ], location: CheckSample.at(9)))
        // Usercube/Workflow needs WorkflowJsonPath in its settings: not exempt.
        #expect(CheckSample.findings(input).map(\.brief) == ["connection-settings-missing info c.xml:8", "connection-settings-missing error c.xml:9"])
    }

    @Test func withoutAgentSettingsOneInfoSaysTheyWereNotChecked() {
        var input = CheckSample.input()
        input.agentSettings = nil
        let findings = CheckSample.findings(input)
        // At the imported folder: no file that is not there is named.
        #expect(findings.map(\.brief) == ["connection-settings-missing info :-"])
        #expect(findings[0].message.hasPrefix("no appsettings.agent.json was imported"))
    }

    @Test func settingsOfNoConnectionAreAWarningAtTheirKey() {
        var input = CheckSample.input()
        input.agentSettings = CheckSample.settings([("HRFeed", 3), ("ADExport", 8), ("ADExportOld", 15)])
        let findings = CheckSample.findings(input)
        #expect(findings.map(\.brief) == ["connection-settings-orphan warning Runtime/appsettings.agent.json:15"])
        #expect(findings[0].subject == "ADExportOld")
    }

    /// A key with a trailing space (a typo the eye cannot see): the message quotes it, so the
    /// space shows, while the subject keeps the key as written.
    @Test func aKeyWithATrailingSpaceIsQuotedInTheMessages() {
        var input = CheckSample.input()
        input.agentSettings = CheckSample.settings([("HRFeed ", 3), ("ADExport", 8)])
        let findings = CheckSample.findings(input)
        #expect(
            findings.map(\.brief) == ["connection-settings-orphan warning Runtime/appsettings.agent.json:3", "connection-settings-missing error c.xml:4"])
        #expect(findings[0].subject == "HRFeed ")
        #expect(
            findings[0].message
                == "settings under Connections:'HRFeed ' belong to no Connection of the XML configuration; declare the Connection, or remove the settings (a typo in either identifier also shows here)"
        )
        #expect(findings[1].message.hasPrefix("Connection HRFeed has no settings under Connections:HRFeed in Runtime/appsettings.agent.json"))
    }

    @Test func exportFilesOfNoConnectionAreWarningsInTheExportFolder() {
        var input = CheckSample.input()
        input.exportScan = ExportScanFacts(folder: "Temp/ExportOutput", at: CheckSample.schemaAt, unattributedFiles: ["LegacyPayroll.csv", "zz.csv"])
        let findings = CheckSample.findings(input)
        #expect(
            findings.map(\.brief) == [
                "export-file-unattributed warning Temp/ExportOutput/LegacyPayroll.csv:-",
                "export-file-unattributed warning Temp/ExportOutput/zz.csv:-",
            ])
    }

    @Test func plainTextSecretsAreWarningsAtTheirKeyNeverQuotingTheValue() {
        var input = CheckInput(configuration: Configuration())
        input.plainTextSecrets = [
            PlainTextSecret(
                connection: "ADExport", key: "Password",
                location: SourceLocation(file: "Runtime/appsettings.agent.json", line: 12, jsonPath: "Connections:ADExport:Password"),
                kind: .plain),
            PlainTextSecret(
                connection: nil, key: "OpenId:OpenIdClients:Job",
                location: SourceLocation(file: "Runtime/appsettings.agent.json", line: 4, jsonPath: "OpenId:OpenIdClients:Job"),
                kind: .encrypted),
        ]
        let findings = ConfigurationCheck.run(input, rules: SettingsRules.secretRules)
        #expect(
            findings.map { "\($0.rule) \($0.severity.rawValue) \($0.location.file):\($0.location.line ?? 0) \($0.subject)" } == [
                "plain-text-secret warning Runtime/appsettings.agent.json:4 OpenId:OpenIdClients:Job",
                "plain-text-secret warning Runtime/appsettings.agent.json:12 ADExport:Password",
            ])
        #expect(
            findings[0].message.hasPrefix(
                "'OpenId:OpenIdClients:Job' is written in clear in appsettings.agent.json (overridden by the encrypted value, but still in the file); move it to appsettings.encrypted.agent.json"
            ))
    }
}
