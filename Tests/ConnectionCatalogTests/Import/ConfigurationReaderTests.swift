import ConncatFuzzing
import Foundation
import Testing

@testable import ConnectionCatalog

// Testing also has a `SourceLocation`.
private typealias Location = ConnectionCatalog.SourceLocation

// MARK: - Helpers

private func parse(_ text: String, file: String = "test.xml") throws -> Configuration {
    try ConfigurationReader.parse(Data(text.utf8), file: file)
}

/// The InputError thrown for `data`, or nil (with a recorded issue) when none is thrown.
private func inputError(_ data: Data, file: String = "bad.xml") -> InputError? {
    #expect(throws: InputError.self) { try ConfigurationReader.parse(data, file: file) }
}

private func inputError(_ text: String, file: String = "bad.xml") -> InputError? {
    inputError(Data(text.utf8), file: file)
}

private func at(_ line: Int?, _ file: String = "test.xml") -> Location {
    Location(file: file, line: line)
}

/// The documentation's minimal one-file example, verbatim.
private let minimalExample = """
    <?xml version="1.0" encoding="utf-8"?>
    <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
      <Agent Identifier="AgentParis" DisplayName_L1="Paris agent" URI="https://agent.example.test" />
      <Connector Identifier="Crm" DisplayName_L1="CRM" Agent="AgentParis" />
      <Connection Identifier="CrmFiles" DisplayName_L1="CRM files" Connector="Crm"
                  Package="Usercube.CSV@0000001" />
      <EntityType Identifier="Crm_Account" DisplayName_L1="CRM account" DisplayName_L2="Compte CRM">
        <Property Identifier="AccountCode" DisplayName_L1="Code" Type="String" IsKey="true" TargetColumnIndex="4" />
        <Property Identifier="Owner" DisplayName_L1="Owner" Type="ForeignKey" TargetColumnIndex="128" />
      </EntityType>
      <EntityType Identifier="Crm_Team" DisplayName_L1="CRM team">
        <Property Identifier="TeamCode" DisplayName_L1="Code" Type="String" IsKey="true" TargetColumnIndex="4" />
        <Property Identifier="Accounts" DisplayName_L1="Accounts" Type="ForeignKey" />
      </EntityType>
      <EntityTypeMapping Identifier="Crm_Account" Connector="Crm" ConnectionTable="CrmFiles">
        <Property Identifier="AccountCode" ConnectionColumn="code" IsPrimaryKey="true" />
      </EntityTypeMapping>
      <EntityTypeMapping Identifier="Crm_Team" Connector="Crm" ConnectionTable="CrmTeams">
        <Property Identifier="TeamCode" ConnectionColumn="team_code" IsPrimaryKey="true" />
      </EntityTypeMapping>
      <EntityAssociation Identifier="Crm_Account_Owner" IsProperty1Collection="true"
                         Property1="Crm_Team:Accounts" Property2="Crm_Account:Owner" />
      <EntityAssociationMapping Identifier="Crm_Account_Owner" Connector="Crm" ConnectionTable="CrmFiles"
                                Column1="team_code" EntityPropertyMapping1="Crm_Team:TeamCode"
                                Column2="code" EntityPropertyMapping2="Crm_Account:AccountCode" />
      <ExportTask Identifier="Crm_Export" DisplayName_L1="CRM export" Agent="AgentParis"
                  OpenIdClient="Job" Connection="CrmFiles" />
    </ConfigurationFile>
    """

// MARK: - Well-formed files

@Test func readsTheMinimalExampleWithExactValuesAndStartTagLines() throws {
    let configuration = try parse(minimalExample, file: "Crm Connector.xml")
    func at(_ line: Int) -> Location { Location(file: "Crm Connector.xml", line: line) }

    var expected = Configuration()
    expected.agents = [
        Agent(
            identifier: "AgentParis",
            attributes: [
                "Identifier": "AgentParis", "DisplayName_L1": "Paris agent", "URI": "https://agent.example.test",
            ], location: at(3))
    ]
    expected.connectors = [
        Connector(
            identifier: "Crm",
            attributes: [
                "Identifier": "Crm", "DisplayName_L1": "CRM", "Agent": "AgentParis",
            ], location: at(4))
    ]
    expected.connections = [
        Connection(
            identifier: "CrmFiles",
            attributes: [
                "Identifier": "CrmFiles", "DisplayName_L1": "CRM files", "Connector": "Crm", "Package": "Usercube.CSV@0000001",
            ], location: at(5))
    ]
    expected.entityTypes = [
        EntityType(
            identifier: "Crm_Account",
            attributes: [
                "Identifier": "Crm_Account", "DisplayName_L1": "CRM account", "DisplayName_L2": "Compte CRM",
            ], location: at(7),
            properties: [
                EntityProperty(
                    identifier: "AccountCode",
                    attributes: [
                        "Identifier": "AccountCode", "DisplayName_L1": "Code", "Type": "String", "IsKey": "true",
                        "TargetColumnIndex": "4",
                    ], location: at(8)),
                EntityProperty(
                    identifier: "Owner",
                    attributes: [
                        "Identifier": "Owner", "DisplayName_L1": "Owner", "Type": "ForeignKey", "TargetColumnIndex": "128",
                    ], location: at(9)),
            ]),
        EntityType(
            identifier: "Crm_Team",
            attributes: [
                "Identifier": "Crm_Team", "DisplayName_L1": "CRM team",
            ], location: at(11),
            properties: [
                EntityProperty(
                    identifier: "TeamCode",
                    attributes: [
                        "Identifier": "TeamCode", "DisplayName_L1": "Code", "Type": "String", "IsKey": "true",
                        "TargetColumnIndex": "4",
                    ], location: at(12)),
                EntityProperty(
                    identifier: "Accounts",
                    attributes: [
                        "Identifier": "Accounts", "DisplayName_L1": "Accounts", "Type": "ForeignKey",
                    ], location: at(13)),
            ]),
    ]
    expected.entityTypeMappings = [
        EntityTypeMapping(
            identifier: "Crm_Account",
            attributes: [
                "Identifier": "Crm_Account", "Connector": "Crm", "ConnectionTable": "CrmFiles",
            ], location: at(15),
            properties: [
                PropertyMapping(
                    identifier: "AccountCode",
                    attributes: [
                        "Identifier": "AccountCode", "ConnectionColumn": "code", "IsPrimaryKey": "true",
                    ], location: at(16))
            ]),
        EntityTypeMapping(
            identifier: "Crm_Team",
            attributes: [
                "Identifier": "Crm_Team", "Connector": "Crm", "ConnectionTable": "CrmTeams",
            ], location: at(18),
            properties: [
                PropertyMapping(
                    identifier: "TeamCode",
                    attributes: [
                        "Identifier": "TeamCode", "ConnectionColumn": "team_code", "IsPrimaryKey": "true",
                    ], location: at(19))
            ]),
    ]
    expected.entityAssociations = [
        EntityAssociation(
            identifier: "Crm_Account_Owner",
            attributes: [
                "Identifier": "Crm_Account_Owner", "IsProperty1Collection": "true",
                "Property1": "Crm_Team:Accounts", "Property2": "Crm_Account:Owner",
            ], location: at(21))
    ]
    expected.entityAssociationMappings = [
        EntityAssociationMapping(
            identifier: "Crm_Account_Owner",
            attributes: [
                "Identifier": "Crm_Account_Owner", "Connector": "Crm", "ConnectionTable": "CrmFiles",
                "Column1": "team_code", "EntityPropertyMapping1": "Crm_Team:TeamCode",
                "Column2": "code", "EntityPropertyMapping2": "Crm_Account:AccountCode",
            ], location: at(23))
    ]
    expected.exportTasks = [
        ExportTask(
            identifier: "Crm_Export",
            attributes: [
                "Identifier": "Crm_Export", "DisplayName_L1": "CRM export", "Agent": "AgentParis",
                "OpenIdClient": "Job", "Connection": "CrmFiles",
            ], location: at(26))
    ]

    #expect(configuration == expected)
    #expect(configuration.elementCount == 16)
    // The accessors read the kept attributes.
    #expect(configuration.connections.first?.package == "Usercube.CSV@0000001")
    #expect(configuration.entityTypes.first?.properties.first?.isKey == true)
    #expect(configuration.entityTypeMappings.last?.properties.first?.connectionColumn == "team_code")
    #expect(configuration.exportTasks.first?.openIdClient == "Job")
}

@Test func locatesStartTagsSpreadOverSeveralLinesAtTheirFirstLine() throws {
    let text = """
        <ConfigurationFile>
          <Connection
              Identifier="A"
              Description="first line
        second line"
          />
          <Connection Identifier="B"/><Connection Identifier="C"
        /></ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(configuration.connections.map(\.identifier) == ["A", "B", "C"])
    #expect(configuration.connections.map(\.location) == [at(2), at(7), at(7)])
    // Attribute-value normalisation turns the line break into a space.
    #expect(configuration.connections[0].attributes["Description"] == "first line second line")
}

@Test func countsLinesPastTheLimitOfLibxml2TreeLineNumbers() throws {
    // libxml2 stores a tree node's line in 16 bits; the reader must not stop at 65,535.
    var text = "<ConfigurationFile>\n"
    text += String(repeating: "<Other/>\n", count: 70_000)
    text += "<Connection\n Identifier=\"Late\"/>\n</ConfigurationFile>\n"
    let configuration = try parse(text)
    #expect(
        configuration.connections == [
            Connection(identifier: "Late", attributes: ["Identifier": "Late"], location: at(70_002))
        ])
}

@Test func readsTasksNestedInJobsAndTheirTaskResourceTypes() throws {
    let text = """
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Job Identifier="Crm_Complete" Agent="AgentParis">
            <ExportTask DisplayName_L1="Export" Agent="AgentParis" Connection="CrmFiles" />
            <Steps>
              <FulfillTask Identifier="Crm_Fulfill" Connector="Crm">
                <TaskResourceType ResourceType="Crm_Account_NominativeUser" />
                <Nested><TaskResourceType ResourceType="NotADirectChild" /></Nested>
                <TaskResourceType ResourceType="Crm_Team_Owner" />
              </FulfillTask>
            </Steps>
          </Job>
          <TaskResourceType ResourceType="Orphan" />
        </ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(
        configuration.exportTasks == [
            ExportTask(
                identifier: nil,
                attributes: [
                    "DisplayName_L1": "Export", "Agent": "AgentParis", "Connection": "CrmFiles",
                ], location: at(3))
        ])
    #expect(
        configuration.fulfillTasks == [
            FulfillTask(
                identifier: "Crm_Fulfill",
                attributes: [
                    "Identifier": "Crm_Fulfill", "Connector": "Crm",
                ], location: at(5),
                taskResourceTypes: [
                    TaskResourceType(attributes: ["ResourceType": "Crm_Account_NominativeUser"], location: at(6)),
                    TaskResourceType(attributes: ["ResourceType": "Crm_Team_Owner"], location: at(8)),
                ])
        ])
    #expect(configuration.elementCount == 4)
}

@Test func readsGenericAndTypedResourceTypeMappingsButNotTheirProperties() throws {
    let text = """
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <ResourceType Identifier="AD_User" SourceEntityType="Person" TargetEntityType="AD_Entry">
            <Property Identifier="NotAnEntityProperty" />
          </ResourceType>
          <ResourceTypeMapping Identifier="Robot_User" Connection="Robot" />
          <LdapResourceTypeMapping Identifier="AD_User" Connection="ADExport" DefaultObjectClass="user"
                                   RDNAttributeIdentifier="cn">
            <Property Property="dn" IsDNProperty="true" />
          </LdapResourceTypeMapping>
          <AzureADResourceTypeMapping Identifier="Entra_User" Connection="EntraExport" DefaultObjectClass="users" />
          <ResourceTypeMappingSettings Identifier="NotAMapping" />
        </ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(
        configuration.resourceTypes == [
            ResourceType(
                identifier: "AD_User",
                attributes: [
                    "Identifier": "AD_User", "SourceEntityType": "Person", "TargetEntityType": "AD_Entry",
                ], location: at(2))
        ])
    #expect(
        configuration.resourceTypeMappings == [
            ResourceTypeMapping(
                element: "ResourceTypeMapping", identifier: "Robot_User",
                attributes: ["Identifier": "Robot_User", "Connection": "Robot"], location: at(5)),
            ResourceTypeMapping(
                element: "LdapResourceTypeMapping", identifier: "AD_User",
                attributes: [
                    "Identifier": "AD_User", "Connection": "ADExport", "DefaultObjectClass": "user",
                    "RDNAttributeIdentifier": "cn",
                ], location: at(6)),
            ResourceTypeMapping(
                element: "AzureADResourceTypeMapping", identifier: "Entra_User",
                attributes: [
                    "Identifier": "Entra_User", "Connection": "EntraExport", "DefaultObjectClass": "users",
                ], location: at(10)),
        ])
    #expect(configuration.elementCount == 4)
}

@Test func readsColumnsAndPropertiesOnlyAsDirectChildren() throws {
    let text = """
        <ConfigurationFile>
          <ConnectionTable Identifier="CrmFiles" Connection="CrmFiles">
            <Column Identifier="code" IsMultivalued="false" />
            <Group><Column Identifier="nested" /></Group>
            <Column Identifier="team_code" />
          </ConnectionTable>
          <Column Identifier="orphan" />
          <EntityType Identifier="Crm_Account">
            <Group><Property Identifier="nested" /></Group>
            <Property Identifier="AccountCode" />
          </EntityType>
          <Property Identifier="orphan" />
        </ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(
        configuration.connectionTables == [
            DeclaredConnectionTable(
                identifier: "CrmFiles",
                attributes: [
                    "Identifier": "CrmFiles", "Connection": "CrmFiles",
                ], location: at(2),
                columns: [
                    DeclaredColumn(identifier: "code", attributes: ["Identifier": "code", "IsMultivalued": "false"], location: at(3)),
                    DeclaredColumn(identifier: "team_code", attributes: ["Identifier": "team_code"], location: at(5)),
                ])
        ])
    #expect(
        configuration.entityTypes == [
            EntityType(
                identifier: "Crm_Account",
                attributes: [
                    "Identifier": "Crm_Account"
                ], location: at(8),
                properties: [
                    EntityProperty(identifier: "AccountCode", attributes: ["Identifier": "AccountCode"], location: at(10))
                ])
        ])
    #expect(configuration.elementCount == 5)
}

@Test func keepsElementsWithoutIdentifier() throws {
    let configuration = try parse(
        """
        <ConfigurationFile>
          <Connection Connector="Crm" />
          <EntityType><Property Type="String" /></EntityType>
          <FulfillTask Connector="Crm" />
        </ConfigurationFile>
        """)
    #expect(configuration.connections == [Connection(identifier: "", attributes: ["Connector": "Crm"], location: at(2))])
    #expect(
        configuration.entityTypes == [
            EntityType(
                identifier: "", attributes: [:], location: at(3),
                properties: [
                    EntityProperty(identifier: "", attributes: ["Type": "String"], location: at(3))
                ])
        ])
    #expect(configuration.fulfillTasks == [FulfillTask(identifier: nil, attributes: ["Connector": "Crm"], location: at(4))])
}

@Test func matchesLocalNamesInAnyNamespaceAndSkipsNamespaceDeclarations() throws {
    let text = """
        <uc:ConfigurationFile xmlns:uc="urn:schemas-usercube-com:configuration" xmlns:x="urn:example:other">
          <uc:Connection Identifier="Prefixed" x:Note="kept by local name" xmlns:y="urn:example:y" />
          <x:Connection Identifier="Foreign" />
          <Connection xmlns="" Identifier="NoNamespace" />
          <x:Unknown Identifier="Skipped"><uc:Agent Identifier="Inside" /></x:Unknown>
        </uc:ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(
        configuration.connections == [
            Connection(identifier: "Prefixed", attributes: ["Identifier": "Prefixed", "Note": "kept by local name"], location: at(2)),
            Connection(identifier: "Foreign", attributes: ["Identifier": "Foreign"], location: at(3)),
            Connection(identifier: "NoNamespace", attributes: ["Identifier": "NoNamespace"], location: at(4)),
        ])
    #expect(configuration.agents.map(\.identifier) == ["Inside"])
    #expect(configuration.elementCount == 4)
}

@Test func neverReadsElementsInCommentsCDATAOrProcessingInstructions() throws {
    let text = """
        <?xml version="1.0"?>
        <!-- <Connection Identifier="Fake"/> -->
        <ConfigurationFile>
          <!--
            <Connection Identifier="Fake"/>
          -->
          <Description><![CDATA[<Connection Identifier="Fake"/>]]></Description>
          <?note <Connection Identifier="Fake"/> ?>
          <Connection Identifier="Real" />
        </ConfigurationFile>
        <!-- <Connection Identifier="Fake"/> -->
        """
    let configuration = try parse(text)
    #expect(configuration.connections == [Connection(identifier: "Real", attributes: ["Identifier": "Real"], location: at(9))])
    #expect(configuration.elementCount == 1)
}

@Test func unescapesCharacterAndEntityReferencesInAttributeValues() throws {
    let text = """
        <!DOCTYPE ConfigurationFile [
          <!ENTITY schema "&quot;dbo&quot;">
          <!ATTLIST ConnectionTable Defaulted CDATA "from the DTD">
        ]>
        <ConfigurationFile>
          <ConnectionTable Identifier="BankingExport_&quot;dbo&quot;.&quot;um_users&quot;" Connection="BankingExport"
                           Path="a &amp; b &lt;c&gt; &apos;d&apos; &#65;&#x42; &#38;amp; &schema;" />
        </ConfigurationFile>
        """
    let configuration = try parse(text)
    #expect(
        configuration.connectionTables == [
            DeclaredConnectionTable(
                identifier: #"BankingExport_"dbo"."um_users""#,
                attributes: [
                    "Identifier": #"BankingExport_"dbo"."um_users""#, "Connection": "BankingExport",
                    "Path": #"a & b <c> 'd' AB &amp; "dbo""#,
                ], location: at(6))
        ])
}

@Test func readsUTF8WithBOMAndCRLFLineEnds() throws {
    let text =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<ConfigurationFile>\r\n"
        + "  <Agent Identifier=\"Agent\u{E9}\"\r\n     DisplayName_L1=\"Paris\r\nagent\" />\r\n"
        + "  <Connector Identifier=\"Crm\" />\r\n</ConfigurationFile>\r\n"
    let configuration = try ConfigurationReader.parse(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), file: "test.xml")
    #expect(
        configuration.agents == [
            Agent(
                identifier: "Agent\u{E9}",
                attributes: [
                    "Identifier": "Agent\u{E9}", "DisplayName_L1": "Paris agent",
                ], location: at(3))
        ])
    #expect(configuration.connectors.map(\.location) == [at(6)])
}

@Test func readsUTF16LittleEndianWithBOM() throws {
    let text =
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<ConfigurationFile>\n"
        + "  <Connection Identifier=\"Caf\u{E9}_\u{1F600}\" Connector=\"Crm\" />\n</ConfigurationFile>\n"
    var data = Data([0xFF, 0xFE])
    for unit in text.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
    let configuration = try ConfigurationReader.parse(data, file: "test.xml")
    #expect(
        configuration.connections == [
            Connection(
                identifier: "Caf\u{E9}_\u{1F600}",
                attributes: [
                    "Identifier": "Caf\u{E9}_\u{1F600}", "Connector": "Crm",
                ], location: at(3))
        ])
}

@Test func readsTheDeclaredSingleByteEncoding() throws {
    var data = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<ConfigurationFile><Agent Identifier=\"Caf".utf8)
    data.append(0xE9)
    data.append(contentsOf: Data("\"/></ConfigurationFile>".utf8))
    #expect(try ConfigurationReader.parse(data, file: "test.xml").agents.map(\.identifier) == ["Caf\u{E9}"])
}

@Test func elementsInsideEntityReplacementTextAreNotRead() throws {
    let text = """
        <!DOCTYPE ConfigurationFile [ <!ENTITY more "<Connection Identifier='FromEntity'/>"> ]>
        <ConfigurationFile>&more;&more;<Connection Identifier="Real" /></ConfigurationFile>
        """
    #expect(try parse(text).connections.map(\.identifier) == ["Real"])
}

@Test func parsesAnEntityReferencedOftenOnlyOnce() throws {
    // 20,000 references to a 100 kB entity: without care libxml2's SAX mode parses the text again
    // at each reference (2 GB). No timing assertion here; the test just has to finish.
    let text =
        "<!DOCTYPE ConfigurationFile [ <!ENTITY big \"" + String(repeating: "A", count: 100_000) + "\"> ]>\n"
        + "<ConfigurationFile>\n" + String(repeating: "&big;", count: 20_000)
        + "\n<Agent Identifier=\"After\" /></ConfigurationFile>"
    #expect(try parse(text).agents.map(\.location) == [at(4)])
}

// MARK: - Rejected files

@Test func rejectsAnEmptyFile() throws {
    let error = try #require(inputError(Data()))
    #expect(
        error
            == InputError(
                Location(file: "bad.xml"), "file is empty",
                hint: "an Identity Manager configuration file has a <ConfigurationFile> root element"))
    #expect(
        error.description
            == "bad.xml: error: file is empty; an Identity Manager configuration file has a <ConfigurationFile> root element")
}

@Test func rejectsWhiteSpaceOnlyFiles() throws {
    #expect(inputError(" \r\n\t\n")?.message == "file is empty")
    #expect(inputError(Data([0xEF, 0xBB, 0xBF, 0x0A]))?.message == "file is empty")
    #expect(inputError(Data([0xFF, 0xFE, 0x20, 0x00, 0x0A, 0x00]))?.message == "file is empty")
}

@Test func rejectsAnUnclosedElementAtItsLine() throws {
    let error = try #require(
        inputError(
            """
            <ConfigurationFile>
              <EntityType Identifier="Crm_Account">
                <Property Identifier="AccountCode" />
            </ConfigurationFile>
            """))
    #expect(error.location == Location(file: "bad.xml", line: 4, column: 21))
    #expect(error.message == "XML error: an end tag does not match the element it closes")
    #expect(error.hint == "fix the file at this position and import again")
}

@Test func rejectsAFileThatStopsInsideAnElement() throws {
    let error = try #require(inputError("<ConfigurationFile>\n  <Agent Identifier=\"A\" />\n"))
    #expect(error.location.file == "bad.xml")
    #expect(error.location.line == 3)
    #expect(error.message == "XML error: the file ends before an element is closed")
}

@Test func rejectsAnUndefinedEntity() throws {
    let error = try #require(inputError("<ConfigurationFile>\n  <Agent Identifier=\"&secret;\" />\n</ConfigurationFile>"))
    #expect(error.location == Location(file: "bad.xml", line: 2, column: 30))
    #expect(error.message == "XML error: an entity reference to an entity that is not defined (write &amp; for a literal '&')")
}

@Test func rejectsBytesInvalidInTheDeclaredEncoding() throws {
    var data = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile>\n  <Agent Identifier=\"A".utf8)
    data.append(contentsOf: [0xFF, 0x42])
    data.append(contentsOf: Data("\" />\n</ConfigurationFile>\n".utf8))
    let error = try #require(inputError(data))
    #expect(error.location.file == "bad.xml")
    #expect(error.location.line == 3)
    #expect(error.message.hasPrefix("XML error: bytes that are not valid UTF-8 (declare the file's encoding"))
}

@Test func rejectsBytesUndefinedInADeclaredSingleByteEncoding() throws {
    // 0x81 has no character in windows-1252: iconv fails, reported without a position.
    var data = Data("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<ConfigurationFile>\n<Agent Identifier=\"A".utf8)
    data.append(0x81)
    data.append(contentsOf: Data("Secret\" />\n</ConfigurationFile>\n".utf8))
    let error = try #require(inputError(data))
    #expect(error.location == Location(file: "bad.xml", line: 3, column: 21))
    #expect(error.message == "XML error: bytes not valid in the declared encoding")
}

@Test func rejectsAnUnsupportedEncoding() throws {
    let error = try #require(inputError("<?xml version=\"1.0\" encoding=\"x-unknown\"?>\n<ConfigurationFile/>"))
    #expect(error.location == Location(file: "bad.xml", line: 1, column: 41))
    #expect(error.message == "XML error: the declared encoding is not supported")
}

@Test func rejectsInvalidUTF8InAnElementName() throws {
    var data = Data("<ConfigurationFile>\n\n  <Conn".utf8)
    data.append(contentsOf: [0xC3, 0x28])
    data.append(contentsOf: Data("ection Identifier=\"A\" />\n</ConfigurationFile>\n".utf8))
    let error = try #require(inputError(data))
    #expect(error.location.line == 3)
    #expect(error.message.hasPrefix("XML error: "))
    #expect(!error.description.contains("ection"))
}

@Test func rejectsTheBillionLaughs() throws {
    var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
    for level in 1...9 {
        let previous = level == 1 ? "lol" : "lol\(level - 1)"
        text += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
    }
    text += "]>\n<ConfigurationFile>\n<Agent Identifier=\"A\" DisplayName_L1=\"&lol9;\" />\n<Job>&lol9;</Job>\n</ConfigurationFile>\n"
    let error = try #require(inputError(text))
    #expect(error.location == Location(file: "bad.xml", line: 15, column: 45))
    #expect(error.message == "XML error: entity references loop or expand too much (entity expansion bomb)")

    let inContent = text.replacingOccurrences(of: "DisplayName_L1=\"&lol9;\" ", with: "")
    let contentError = try #require(inputError(inContent))
    #expect(contentError.location.line == 16)
    #expect(contentError.message == "XML error: entity references loop or expand too much (entity expansion bomb)")
}

@Test func boundsWhatEntitiesAddToAttributeValues() throws {
    // Each expansion passes libxml2's own checks (100 kB); 200 of them pass the 16 MiB budget.
    let text =
        "<!DOCTYPE ConfigurationFile [ <!ENTITY big \"" + String(repeating: "A", count: 100_000) + "\"> ]>\n"
        + "<ConfigurationFile>\n" + String(repeating: "<Agent Identifier=\"&big;\" />\n", count: 200)
        + "</ConfigurationFile>"
    let error = try #require(inputError(text))
    #expect(error.location.file == "bad.xml")
    #expect(error.location.line == 170)
    #expect(error.message == "XML error: entities expand attribute values by more than 16 MiB")
    #expect(error.hint == "replace the entity references with their text")
}

@Test func neverLoadsExternalEntities() throws {
    let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
    let firstLine = String(passwd.prefix { $0 != "\n" })
    let declaration = """
        <?xml version="1.0"?>
        <!DOCTYPE ConfigurationFile [ <!ENTITY file SYSTEM "file:///etc/passwd"> ]>
        """
    // Referenced in content: not loaded, nothing read.
    let configuration = try parse(declaration + "\n<ConfigurationFile><Agent Identifier=\"A\" />&file;</ConfigurationFile>")
    #expect(configuration.agents == [Agent(identifier: "A", attributes: ["Identifier": "A"], location: at(3))])
    // Referenced in an attribute value: an error, which does not quote the file either.
    let error = try #require(inputError(declaration + "\n<ConfigurationFile><Agent Identifier=\"&file;\" /></ConfigurationFile>"))
    #expect(error.location.line == 3)
    #expect(error.message == "XML error: a reference to an external entity (external entities are never loaded)")
    #expect(!error.description.contains(firstLine))
}

@Test func neverLoadsAnExternalDTDOrParameterEntity() throws {
    // Loaded, /etc/passwd would make these documents fail to parse.
    let external = try parse(
        """
        <!DOCTYPE ConfigurationFile SYSTEM "file:///etc/passwd">
        <ConfigurationFile><Agent Identifier="A" /></ConfigurationFile>
        """)
    #expect(external.agents.map(\.identifier) == ["A"])
    let parameter = try parse(
        """
        <!DOCTYPE ConfigurationFile [ <!ENTITY % file SYSTEM "file:///etc/passwd"> %file; ]>
        <ConfigurationFile><Agent Identifier="B" /></ConfigurationFile>
        """)
    #expect(parameter.agents.map(\.identifier) == ["B"])
}

@Test func acceptsAnyNamespaceName() throws {
    // libxml2 reports an invalid namespace URI at error level; to .NET a namespace is any string.
    let configuration = try parse(
        """
        <ConfigurationFile xmlns="urn:schemas usercube com:configuration" xmlns:r="relative/name">
          <r:Agent Identifier="A" />
        </ConfigurationFile>
        """)
    #expect(configuration.agents == [Agent(identifier: "A", attributes: ["Identifier": "A"], location: at(2))])
}

@Test func neverQuotesCommentTextInErrors() throws {
    let error = try #require(inputError("<ConfigurationFile>\n<!-- password -- Sup3rSecret -->\n</ConfigurationFile>"))
    #expect(error.location.line == 2)
    #expect(error.message == "XML error: '--' is not allowed inside a comment")
    #expect(!error.description.contains("Sup3rSecret"))
}

@Test func rejectsAnUndeclaredNamespacePrefix() throws {
    let error = try #require(inputError("<ConfigurationFile>\n  <uc:Connection Identifier=\"A\" />\n</ConfigurationFile>"))
    #expect(error.location.line == 2)
    #expect(error.message == "XML error: a namespace prefix is not declared (xmlns:prefix=\"...\")")
}

@Test func rejectsExcessiveNestingWithoutCrashing() throws {
    let text = String(repeating: "<Group>", count: 100_000) + String(repeating: "</Group>", count: 100_000)
    let error = try #require(inputError(text))
    #expect(error.location.line == 1)
    #expect(error.message == "XML error: elements are nested deeper than 256 levels")
}

@Test func rejectsAnAttributeValueOverLibxml2sLimit() throws {
    let text = "<ConfigurationFile>\n<Agent Identifier=\"" + String(repeating: "A", count: 10_000_001) + "\" />\n</ConfigurationFile>"
    let error = try #require(inputError(text))
    #expect(error.location.line == 2)
    #expect(error.message == "XML error: a name, a value or a text is longer than 10,000,000 bytes")
}

@Test func rejectsContentAfterTheRootElement() throws {
    let error = try #require(inputError("<ConfigurationFile/>\n<ConfigurationFile/>\n"))
    #expect(error.location.line == 2)
    #expect(error.message == "XML error: extra content after the root element")
}

// MARK: - Folders

@Test func readsEveryXMLFileOfAFolderInPathOrder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ConfigurationReaderTests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files: [String: String] = [
        "Crm Connector.xml":
            "<ConfigurationFile>\n  <Connection Identifier=\"C1\" Connector=\"K\" />\n  <Connection Identifier=\"C2\" Connector=\"K\" />\n</ConfigurationFile>\n",
        "Agents/Paris.XML": "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <Agent Identifier=\"A1\" />\n</ConfigurationFile>\n",
        "Agents/Deep/Empty Root.xml": "<ConfigurationFile/>",
        "Agents/notes.txt": "<ConfigurationFile>",
        ".git/ignored.xml": "not XML at all",
        "Backup.xml.bak": "not XML at all",
    ]
    for (path, text) in files {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("Empty Folder"), withIntermediateDirectories: true)

    let (configuration, infos) = try ConfigurationReader.read(folder: folder)

    #expect(
        infos == [
            ConfigurationFileInfo(
                path: "Agents/Deep/Empty Root.xml", size: 20,
                contentHash: "a290dc5836f44efea94dfdde71389d0901ba0e87a098d97a67d58d1e2dd1606b", elementCount: 0),
            ConfigurationFileInfo(
                path: "Agents/Paris.XML", size: 116,
                contentHash: "19394510173fd03bbce33f3b037d4f10e4f78811994457b427421b5653655461", elementCount: 1),
            ConfigurationFileInfo(
                path: "Crm Connector.xml", size: 135,
                contentHash: "a97cfef56a561370f0ed05b849bdc8bf323960b00cd946591befaa66e8e83db8", elementCount: 2),
        ])
    #expect(
        configuration.agents == [
            Agent(identifier: "A1", attributes: ["Identifier": "A1"], location: Location(file: "Agents/Paris.XML", line: 2))
        ])
    #expect(configuration.connections.map(\.identifier) == ["C1", "C2"])
    #expect(
        configuration.connections.map(\.location) == [
            Location(file: "Crm Connector.xml", line: 2), Location(file: "Crm Connector.xml", line: 3),
        ])
}

@Test func sortsPathsByTheirBytes() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ConfigurationReaderTests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for path in ["b.xml", "a/z.xml", "a.xml", "a b.xml", "B.xml", "\u{E9}.xml"] {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("<ConfigurationFile/>".utf8).write(to: url)
    }
    #expect(
        try ConfigurationReader.read(folder: folder).files.map(\.path)
            == ["B.xml", "a b.xml", "a.xml", "a/z.xml", "b.xml", "\u{E9}.xml"])
}

@Test func readsAFolderWithoutXMLFilesAsEmpty() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ConfigurationReaderTests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("hello".utf8).write(to: folder.appendingPathComponent("readme.txt"))
    let (configuration, files) = try ConfigurationReader.read(folder: folder)
    #expect(configuration == Configuration())
    #expect(files == [])
}

@Test func reportsTheRelativePathOfAMalformedFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ConfigurationReaderTests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sub Folder"), withIntermediateDirectories: true)
    try Data("<ConfigurationFile/>".utf8).write(to: folder.appendingPathComponent("a.xml"))
    try Data("<ConfigurationFile>\n<Agent>\n</ConfigurationFile>".utf8)
        .write(to: folder.appendingPathComponent("Sub Folder/Broken File.xml"))
    let error = #expect(throws: InputError.self) { try ConfigurationReader.read(folder: folder) }
    #expect(error?.location == Location(file: "Sub Folder/Broken File.xml", line: 3, column: 21))
}

@Test func rejectsAMissingFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ConfigurationReaderTests-missing-\(UUID().uuidString)")
    let error = #expect(throws: InputError.self) { try ConfigurationReader.read(folder: folder) }
    #expect(error?.location == Location(file: folder.path))
    #expect(error?.message == "configuration folder not found")
}

// MARK: - Robustness

@Test func anyMutationGivesAConfigurationOrALocatedInputError() {
    let original = Array(minimalExample.utf8)
    let lineCount = original.count { $0 == UInt8(ascii: "\n") } + 1
    let alphabet: [UInt8] = Array("<>&;\"'/=!?[]-#x \n".utf8) + [0x00, 0x80, 0xC3, 0xEF, 0xFE, 0xFF]
    var random = SplitMix64(seed: 20_240_601)
    var rejected = 0
    for _ in 0..<1_500 {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[index] = alphabet.randomElement(using: &random)!
            case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
            case 2: bytes.remove(at: index)
            default: bytes.removeSubrange(index...)
            }
            if bytes.isEmpty { bytes = [0x20] }
        }
        do {
            let configuration = try ConfigurationReader.parse(Data(bytes), file: "fuzz.xml")
            #expect(configuration.elementCount <= 17)
        } catch let error as InputError {
            rejected += 1
            #expect(error.location.file == "fuzz.xml")
            if let line = error.location.line { #expect((1...lineCount + 1).contains(line)) }
            #expect(error.message.count <= 220 && !error.message.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
    #expect(rejected > 500)
}

@Test func parsesConcurrentlyWithEachErrorInItsOwnFile() async {
    // libxml2's error handler is per thread: parallel parses must not see each other's errors.
    let results = await withTaskGroup(of: (Int, InputError?).self) { group in
        for index in 0..<64 {
            group.addTask {
                let text =
                    String(repeating: "\n", count: index) + "<ConfigurationFile>\n<Agent Identifier=\"A\">\n"
                    + String(repeating: "<Connection Identifier=\"C\" />\n", count: 500)
                    + (index.isMultiple(of: 2) ? "</Agent></ConfigurationFile>" : "</ConfigurationFile>")
                do {
                    _ = try ConfigurationReader.parse(Data(text.utf8), file: "file\(index).xml")
                    return (index, nil)
                } catch {
                    return (index, error as? InputError)
                }
            }
        }
        var results: [Int: InputError?] = [:]
        for await (index, error) in group { results[index] = error }
        return results
    }
    for index in 0..<64 {
        let error = results[index] ?? nil
        if index.isMultiple(of: 2) {
            #expect(error == nil)
        } else {
            #expect(error?.location.file == "file\(index).xml")
            #expect(error?.location.line == index + 503)
        }
    }
}
