import Testing

@testable import ConnectionCatalog

@Suite struct IdentifierRulesTests {
    @Test func theSampleIsClean() {
        #expect(CheckSample.findings(CheckSample.input()).map(\.brief) == [])
    }

    @Test func elementsWithoutIdentifierAreReportedWhereTheyAre() {
        let findings = CheckSample.findings { c in
            c.agents.append(Agent(identifier: "", attributes: ["DisplayName_L1": "No id"], location: CheckSample.at(60)))
            c.entityTypeMappings[0].properties.append(PropertyMapping(identifier: "", attributes: ["ConnectionColumn": "email"], location: CheckSample.at(23)))
        }
        #expect(findings.map(\.brief) == ["identifier-required error c.xml:23", "identifier-required error c.xml:60"])
        #expect(findings.map(\.subject) == ["EntityTypeMapping Property", "Agent"])
    }

    @Test func anIdentifierBreakingOnlyTheXMLRuleSaysTheVariantsDisagree() {
        let findings = CheckSample.findings { c in c.connections.append(connection("HR Feed2", line: 7)) }
        #expect(findings.filter { $0.rule == "connection-identifier" }.map(\.brief) == ["connection-identifier error c.xml:7"])
        let message = findings.first { $0.rule == "connection-identifier" }?.message ?? ""
        #expect(message.contains("although it follows the connector reference pages' rule"))
        #expect(message.contains("the documentation's two variants disagree"))
    }

    @Test func anIdentifierBreakingBothRulesSaysSo() {
        let findings = CheckSample.findings { c in c.connections.append(connection("HR_Feed2", line: 7)) }
        let found = findings.filter { $0.rule == "connection-identifier" }
        #expect(found.map(\.brief) == ["connection-identifier error c.xml:7"])
        #expect(found.first?.message.contains("breaks both documented rules") == true)
        #expect(found.first?.subject == "HR_Feed2")
    }

    @Test(arguments: ["A", "Hr.Feed-2", "ÉtatCivil", String(repeating: "a", count: 442)])
    func validConnectionIdentifiers(_ identifier: String) {
        #expect(IdentifierRules.followsXMLRule(identifier))
    }

    @Test(arguments: ["1HR", "HR_Feed", "HR Feed", "HR:Feed", "-HR", "", String(repeating: "a", count: 443)])
    func invalidConnectionIdentifiers(_ identifier: String) {
        #expect(!IdentifierRules.followsXMLRule(identifier))
    }

    @Test func theConnectorPagesRuleForbidsUnderscoreAndLeadingDigitOnly() {
        #expect(IdentifierRules.followsConnectorPageRule("HR Feed"))
        #expect(IdentifierRules.followsConnectorPageRule("HR@Feed"))
        #expect(!IdentifierRules.followsConnectorPageRule("HR_Feed"))
        #expect(!IdentifierRules.followsConnectorPageRule("9HR"))
        #expect(!IdentifierRules.followsConnectorPageRule("HR?"))
    }

    @Test func aPropertyMappedTwiceIsReportedAtTheLaterOne() {
        let findings = CheckSample.findings { c in
            c.entityTypeMappings[0].properties.append(
                PropertyMapping(identifier: "EMAIL", attributes: ["Identifier": "EMAIL", "ConnectionColumn": "email"], location: CheckSample.at(24)))
        }
        #expect(findings.map(\.brief) == ["identifier-unique error c.xml:24", "mapping-identifier info c.xml:24"])
        #expect(findings[0].message.contains("first at c.xml:22"))
    }

    @Test func theUniquenessRuleIsDocumentedAsEnforcedByTheImport() {
        #expect(ConfigurationCheck.rule("identifier-unique")?.enforcedByImport == true)
    }

    func connection(_ identifier: String, line: Int) -> Connection {
        Connection(
            identifier: identifier, attributes: ["Identifier": identifier, "DisplayName_L1": "x", "Connector": "HR", "Package": "Usercube.Manual@0000001"],
            location: CheckSample.at(line))
    }
}
