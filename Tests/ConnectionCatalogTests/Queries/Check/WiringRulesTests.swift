import Testing

@testable import ConnectionCatalog

@Suite struct WiringRulesTests {
    @Test func unresolvedReferencesAreErrorsAtTheReferringElement() {
        let findings = CheckSample.findings { c in
            c.connectors[0].attributes.set("Agent", "Paris")  // line 3
            c.resourceTypes[0].attributes.set("TargetEntityType", "AD_Entri")  // line 40
            c.entityAssociations[0].attributes.set("Property1", "HR_Person")  // line 25, no ':'
            c.fulfillTasks[1].taskResourceTypes[0].attributes.set("ResourceType", "Nope")  // line 54
        }
        #expect(
            findings.map(\.brief) == [
                "reference-unresolved error c.xml:3", "reference-unresolved error c.xml:25",
                "reference-unresolved error c.xml:40", "reference-unresolved error c.xml:54",
            ])
        #expect(findings.map(\.subject) == ["Paris", "HR_Person", "AD_Entri", "Nope"])
        #expect(findings[1].message.contains("not in EntityType:Property form"))
        #expect(findings[2].message.contains("ResourceType AD_Entry_User refers through TargetEntityType to EntityType 'AD_Entri'"))
    }

    @Test func aCaseOnlyDifferenceIsInfo() {
        let findings = CheckSample.findings { c in
            c.exportTasks[0].attributes.set("Connection", "hrfeed")  // line 50
            c.entityAssociations[0].attributes.set("Property2", "hr_person:manager")  // line 25
        }
        #expect(findings.map(\.brief) == ["reference-case info c.xml:25", "reference-case info c.xml:50"])
        #expect(findings[1].message.contains("declared as 'HRFeed'"))
    }

    @Test func aSettingsKeyDifferingByCaseIsInfoAtTheKey() {
        var input = CheckSample.input()
        input.agentSettings = CheckSample.settings([("hrfeed", 3), ("ADExport", 8)])
        #expect(CheckSample.findings(input).map(\.brief) == ["reference-case info Runtime/appsettings.agent.json:3"])
    }

    @Test func aConnectionDeclaredNowhereSaysWhetherSettingsHaveIt() {
        let findings = CheckSample.findings { c in
            c.exportTasks[0].attributes.set("Connection", "HRFeedOld")  // line 50
            c.resourceTypeMappings[0].attributes.set("Connection", "ADExport2")  // line 41
        }
        #expect(findings.map(\.brief) == ["connection-undeclared error c.xml:41", "connection-undeclared error c.xml:50"])
        #expect(findings[0].message.contains("has no Connections:ADExport2 either"))

        var input = CheckSample.input()
        input.configuration.exportTasks[0].attributes.set("Connection", "Payroll")
        input.agentSettings = CheckSample.settings([("HRFeed", 3), ("ADExport", 8), ("Payroll", 12)])
        let withSettings = CheckSample.findings(input)
        #expect(
            withSettings.map(\.brief) == [
                "connection-settings-orphan warning Runtime/appsettings.agent.json:12",
                "connection-undeclared error c.xml:50",
            ])
        #expect(
            withSettings[1].message.contains("appsettings.agent.json has settings under Connections:Payroll, but a connection must also be declared in the XML")
        )
    }

    @Test func aConnectionLacksRequiredAttributes() {
        let findings = CheckSample.findings { c in
            c.connections[1].attributes.set("DisplayName_L1", nil)
            c.connections[1].attributes.set("Package", " ")
        }
        #expect(findings.map(\.brief) == ["connection-attributes error c.xml:6"])
        #expect(findings[0].message == "Connection ADExport lacks the required Package, DisplayName_L1 attributes")
    }

    @Test func packagesAreDocumentedIdentifiers() {
        let findings = CheckSample.findings { c in
            c.connections[0].attributes.set("Package", "File/CSV")  // display name: warning
            c.connections[1].attributes.set("Package", "usercube.ad@0000001")  // case only: info
        }
        #expect(findings.map(\.brief) == ["connection-package warning c.xml:4", "connection-package info c.xml:6"])
        #expect(findings[0].message.contains("Package=\"Usercube.CSV@0000001\""))

        let unknown = CheckSample.findings { c in c.connections[0].attributes.set("Package", "Okta") }
        #expect(unknown.map(\.brief) == ["connection-package warning c.xml:4"])
        #expect(unknown.map(\.suggestion) == [nil])
        #expect(!unknown[0].message.contains("did you mean"))

        // A typo of a documented identifier gets the nearest one.
        let typo = CheckSample.findings { c in c.connections[0].attributes.set("Package", "Usercube.CSV.Complet@0000001") }
        #expect(typo.map(\.brief) == ["connection-package warning c.xml:4"])
        #expect(typo.map(\.suggestion) == ["Usercube.CSV.Complete@0000001"])
        #expect(
            typo[0].message
                == "Connection HRFeed has Package 'Usercube.CSV.Complet@0000001', which is not a documented package identifier (did you mean 'Usercube.CSV.Complete@0000001'?); checks that depend on the package's export and fulfill capabilities were skipped"
        )
    }

    @Test func anExportTaskWithoutConnectionNamesTheDocumentationConflict() {
        let findings = CheckSample.findings { c in c.exportTasks[1].attributes.set("Connection", nil) }
        #expect(findings.map(\.brief) == ["export-task-connection error c.xml:51"])
        #expect(findings[0].message.contains("the documentation contradicts itself"))
        #expect(findings[0].subject == "AD_Export")
    }

    @Test func anExportTaskNeedsAnExportingConnection() {
        let noExport = CheckSample.findings { c in
            c.connections[0].attributes.set("Package", "Usercube.Manual@0000001")
            c.entityTypeMappings.removeFirst()
            c.entityAssociationMappings.removeAll()
        }
        #expect(noExport.map(\.brief) == ["export-task-package error c.xml:50"])
        #expect(noExport[0].message.contains("Usercube.Manual@0000001 (Ticket/Usercube) has no export"))
        let deactivated = CheckSample.findings { c in c.connections[1].attributes.set("DeactivationExportFulfill", "Export") }
        #expect(deactivated.map(\.brief) == ["export-task-package error c.xml:51"])
    }

    @Test func fulfillTasksWithResourceTypesHaveNoConnectionAndNoConnector() {
        let findings = CheckSample.findings { c in
            c.fulfillTasks[1].attributes.set("Connection", "ADExport")
            c.fulfillTasks[1].attributes.set("Connector", "AD")
        }
        #expect(findings.map(\.brief) == ["fulfill-task-connection error c.xml:53", "fulfill-task-connector warning c.xml:53"])
        // Connector alone, without children, is the documented form.
        let byConnector = CheckSample.findings { c in c.fulfillTasks[0].attributes.set("Connection", "ADExport") }
        #expect(byConnector.map(\.brief) == [])
    }

    @Test func resourceTypeMappingsNeedAFulfillingConnection() {
        let missing = CheckSample.findings { c in c.resourceTypeMappings[0].attributes.set("Connection", nil) }
        #expect(missing.map(\.brief) == ["resource-type-mapping-connection error c.xml:41"])
        let exportOnly = CheckSample.findings { c in c.resourceTypeMappings[0].attributes.set("Connection", "HRFeed") }
        #expect(exportOnly.map(\.brief) == ["resource-type-mapping-package warning c.xml:41"])
        let deactivated = CheckSample.findings { c in c.connections[1].attributes.set("DeactivationExportFulfill", "2") }
        #expect(deactivated.map(\.brief) == ["resource-type-mapping-package warning c.xml:41"])
    }
}
