import Testing

@testable import ConnectionCatalog

@Suite struct MappingRulesTests {
    @Test func mappingIdentifiersNameTheEntityTypeAndItsProperties() {
        let findings = CheckSample.findings { c in
            c.entityTypeMappings[1].properties[1].identifier = "distinguishedName"  // line 37
            c.entityTypeMappings[0].properties[1].identifier = "EMAIL"  // line 22, case only
            c.entityAssociationMappings[0].identifier = "HR_Person_Boss"  // line 26
        }
        #expect(
            findings.map(\.brief) == [
                "mapping-identifier info c.xml:22", "mapping-identifier error c.xml:26",
                "mapping-identifier error c.xml:37",
            ])
        #expect(findings.map(\.subject) == ["HR_Person:EMAIL", "HR_Person_Boss", "AD_Entry:distinguishedName"])
    }

    @Test func aMappingOfNoEntityTypeIsOneFinding() {
        let findings = CheckSample.findings { c in c.entityTypeMappings[1].identifier = "AD_Entries" }
        // The association keys do not involve AD_Entry; the resource type targets AD_Entry (the entity type, not the mapping).
        #expect(findings.map(\.brief) == ["mapping-identifier error c.xml:35"])
    }

    @Test func exactlyOnePrimaryKey() {
        let none = CheckSample.findings { c in
            c.entityTypeMappings[1].properties[0].attributes.set("IsPrimaryKey", nil)
        }
        #expect(none.map(\.brief) == ["mapping-primary-key error c.xml:35"])
        let two = CheckSample.findings { c in
            c.entityTypeMappings[1].properties[1].attributes.set("IsPrimaryKey", "True")
        }
        #expect(two.map(\.brief) == ["mapping-primary-key error c.xml:37"])
        #expect(two[0].message.contains("the first is objectGuid, c.xml:36"))
    }

    @Test func atMostThreeUniqueKeys() {
        func unique(_ id: String, _ line: Int) -> PropertyMapping {
            PropertyMapping(identifier: id, attributes: ["Identifier": id, "ConnectionColumn": "dn", "IsUniqueKey": "true"], location: CheckSample.at(line))
        }
        let three = CheckSample.findings { c in
            c.entityTypes[1].properties += ["a", "b"].map { EntityProperty(identifier: $0, attributes: ["Identifier": $0], location: CheckSample.at(33)) }
            c.entityTypeMappings[1].properties += [unique("a", 38), unique("b", 39)]
        }
        #expect(three.map(\.brief) == [])
        let four = CheckSample.findings { c in
            c.entityTypes[1].properties += ["a", "b", "c"].map { EntityProperty(identifier: $0, attributes: ["Identifier": $0], location: CheckSample.at(33)) }
            c.entityTypeMappings[1].properties += [unique("a", 38), unique("b", 39), unique("c", 40)]
        }
        #expect(four.map(\.brief) == ["mapping-unique-keys error c.xml:40"])
    }

    @Test func associationMappingsHaveTheirRequiredAttributes() {
        let findings = CheckSample.findings { c in
            c.entityAssociationMappings[0].attributes.set("Column2", nil)
            c.entityAssociationMappings[0].attributes.set("Connector", nil)
        }
        #expect(findings.map(\.brief) == ["association-mapping-attributes error c.xml:26"])
        #expect(findings[0].message.hasSuffix("lacks the required Connector, Column2 attributes"))
    }

    @Test func associationSidesAreMappedKeysOfTheSameConnector() {
        let notAKey = CheckSample.findings { c in
            c.entityTypeMappings[0].properties[1].attributes.set("IsUniqueKey", nil)
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping2", "HR_Person:Email")
        }
        #expect(notAKey.map(\.brief) == ["association-mapping-keys error c.xml:26"])
        #expect(notAKey[0].message.contains("EntityPropertyMapping2 'HR_Person:Email' is mapped (c.xml:22) but neither as IsPrimaryKey nor as IsUniqueKey"))

        let otherConnector = CheckSample.findings { c in
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping1", "AD_Entry:dn")
        }
        #expect(otherConnector.map(\.brief) == ["association-mapping-keys error c.xml:26"])
        #expect(otherConnector[0].message.contains("is mapped by connector AD (c.xml:35), not by this mapping's connector HR"))

        let unmapped = CheckSample.findings { c in
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping1", "HR_Person:Manager")
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping2", "HR_Person")
        }
        #expect(unmapped.map(\.brief) == ["association-mapping-keys error c.xml:26", "association-mapping-keys error c.xml:26"])
        #expect(unmapped.map { $0.message.contains("is not mapped by EntityTypeMapping HR_Person") } == [true, false])
        #expect(unmapped.map { $0.message.contains("not in EntityType:Property form") } == [false, true])
    }

    @Test func aConnectionTableStartsWithAConnectionOfTheMappingsConnector() {
        let foreign = CheckSample.findings { c in
            c.entityAssociationMappings[0].attributes.set("Connector", "AD")
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping1", "AD_Entry:dn")
            c.entityAssociationMappings[0].attributes.set("EntityPropertyMapping2", "AD_Entry:dn")
        }
        #expect(foreign.map(\.brief) == ["mapping-connection-table warning c.xml:26"])
        #expect(foreign[0].message.contains("an output of Connection HRFeed of connector HR (c.xml:4)"))

        // Without a schema in force, the warning stands alone and suggests the near connection.
        func withoutSchemas(_ table: String) -> [Finding] {
            var input = CheckSample.input()
            input.configuration.entityTypeMappings[1].attributes.set("ConnectionTable", table)
            input.schemas = []
            return CheckSample.findings(input).filter { $0.rule == "mapping-connection-table" }
        }
        #expect(withoutSchemas("ADExp_entries").map(\.brief) == ["mapping-connection-table warning c.xml:35"])
        let nobody = withoutSchemas("ADExprt_entries")
        #expect(nobody.map(\.brief) == ["mapping-connection-table warning c.xml:35"])
        #expect(nobody.first?.suggestion == "ADExport_entries")
        #expect(nobody.first?.message.hasSuffix("no export produces it: did you mean 'ADExport_entries'? If not, fix the table name") == true)
        // `ADExportOld_entries` does not belong to `ADExport`: the identifier must be followed by `_` or the end.
        let longer = withoutSchemas("ADExportOld_entries")
        #expect(longer.map(\.brief) == ["mapping-connection-table warning c.xml:35"])
        let unrelated = withoutSchemas("Payroll")
        #expect(unrelated.map(\.suggestion) == [nil])
        #expect(unrelated.first?.message.hasSuffix("no export produces it: fix the table name") == true)
    }

    @Test func aTableNamingNoConnectionIsMissingFromTheSchemaOfTheConnectorsConnection() {
        // A typo of a table of the connector's connection: an error with the table to write, and
        // the columns checked against that table.
        var input = CheckSample.input()
        input.configuration.entityTypeMappings[0].attributes.set("ConnectionTable", "HRFed")
        input.configuration.entityTypeMappings[0].properties[1].attributes.set("ConnectionColumn", "email_address")
        let typo = CheckSample.findings(input)
        #expect(typo.map(\.brief) == ["table-missing error c.xml:20", "column-missing error c.xml:22"])
        #expect(typo.map(\.suggestion) == ["HRFeed", nil])
        #expect(
            typo[0].message
                == "EntityTypeMapping HR_Person reads ConnectionTable 'HRFed', which the latest successful schema refresh of Connection HRFeed (2026-11-29T08:00:00Z) does not have; did you mean 'HRFeed'? If not, it starts with no connection identifier followed by '_', so no export produces it (export files are named <connection>.csv or <connection>_<suffix>.csv): fix the table name"
        )
        #expect(
            typo[1].message.hasPrefix(
                "ConnectionColumn 'email_address' of EntityTypeMapping HR_Person is not a column of table HRFeed (the table that ConnectionTable 'HRFed' probably means) in the latest successful schema refresh of Connection HRFeed"
            ))
        // Not near any table, but the connector's only connection has a schema: still an error.
        let far = CheckSample.findings { c in c.entityTypeMappings[1].attributes.set("ConnectionTable", "Payroll") }
        #expect(far.map(\.brief) == ["table-missing error c.xml:35"])
        #expect(far.map(\.suggestion) == [nil])
        #expect(
            far[0].message.contains(
                "which the latest successful schema refresh of Connection ADExport (2026-11-29T08:00:00Z) does not have; it starts with no connection identifier"
            ))
    }

    @Test func theLongestConnectionPrefixWins() {
        var c = CheckSample.configuration()
        c.connections.append(
            Connection(identifier: "ADExport_Old", attributes: ["Identifier": "ADExport_Old", "Connector": "AD"], location: CheckSample.at(7)))
        let context = CheckContext(CheckInput(configuration: c))
        #expect(context.owningConnection(ofTable: "adexport_old_entries.csv", connector: "AD")?.connection.identifier == "ADExport_Old")
        #expect(context.owningConnection(ofTable: "ADExport_entries", connector: "AD")?.connection.identifier == "ADExport")
        #expect(context.owningConnection(ofTable: "HRFeed.csv", connector: "AD").map { "\($0.connection.identifier) \($0.ofConnector)" } == "HRFeed false")
        #expect(context.owningConnection(ofTable: "HRFeedX", connector: "HR") == nil)
    }
}
