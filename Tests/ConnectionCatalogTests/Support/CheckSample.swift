@testable import ConnectionCatalog

/// A small configuration that passes every check rule (no finding at all), for rule tests that
/// plant one mistake each. Everything is in `c.xml`; the line numbers below are the locations.
///
/// Connectors `HR` (connection `HRFeed`, CSV) and `AD` (connection `ADExport`, Active Directory),
/// both on agent `Local`. `HR_Person` maps `HRFeed` (EmployeeId primary key, Email unique key),
/// association `HR_Person_Manager` maps `HRFeed` columns `manager_id`/`employee_id`; `AD_Entry`
/// maps `ADExport_entries`. One resource type provisioned through `ADExport`, two ExportTasks,
/// two FulfillTasks (one by connector, one by resource type).
enum CheckSample {
    static let file = "c.xml"
    static let settingsFile = "Runtime/appsettings.agent.json"
    static func at(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    static func configuration() -> Configuration {
        var c = Configuration()
        c.agents = [Agent(identifier: "Local", attributes: ["Identifier": "Local", "DisplayName_L1": "Local"], location: at(2))]
        c.connectors = [
            Connector(identifier: "HR", attributes: ["Identifier": "HR", "DisplayName_L1": "HR", "Agent": "Local"], location: at(3)),
            Connector(identifier: "AD", attributes: ["Identifier": "AD", "DisplayName_L1": "AD", "Agent": "Local"], location: at(5)),
        ]
        c.connections = [
            Connection(
                identifier: "HRFeed", attributes: ["Identifier": "HRFeed", "DisplayName_L1": "HR feed", "Connector": "HR", "Package": "Usercube.CSV@0000001"],
                location: at(4)),
            Connection(
                identifier: "ADExport", attributes: ["Identifier": "ADExport", "DisplayName_L1": "AD", "Connector": "AD", "Package": "Usercube.AD@0000001"],
                location: at(6)),
        ]
        c.entityTypes = [
            EntityType(
                identifier: "HR_Person", attributes: ["Identifier": "HR_Person"], location: at(10),
                properties: [
                    EntityProperty(identifier: "EmployeeId", attributes: ["Identifier": "EmployeeId", "IsKey": "true"], location: at(11)),
                    EntityProperty(identifier: "Email", attributes: ["Identifier": "Email"], location: at(12)),
                    EntityProperty(identifier: "Manager", attributes: ["Identifier": "Manager", "Type": "ForeignKey"], location: at(13)),
                    EntityProperty(identifier: "Reports", attributes: ["Identifier": "Reports", "Type": "ForeignKey"], location: at(14)),
                ]),
            EntityType(
                identifier: "AD_Entry", attributes: ["Identifier": "AD_Entry"], location: at(30),
                properties: [
                    EntityProperty(identifier: "dn", attributes: ["Identifier": "dn", "IsKey": "true"], location: at(31)),
                    EntityProperty(identifier: "objectGuid", attributes: ["Identifier": "objectGuid"], location: at(32)),
                ]),
        ]
        c.entityTypeMappings = [
            EntityTypeMapping(
                identifier: "HR_Person", attributes: ["Identifier": "HR_Person", "Connector": "HR", "ConnectionTable": "HRFeed"], location: at(20),
                properties: [
                    PropertyMapping(
                        identifier: "EmployeeId", attributes: ["Identifier": "EmployeeId", "ConnectionColumn": "employee_id", "IsPrimaryKey": "true"],
                        location: at(21)),
                    PropertyMapping(
                        identifier: "Email", attributes: ["Identifier": "Email", "ConnectionColumn": "email", "IsUniqueKey": "true"], location: at(22)),
                ]),
            EntityTypeMapping(
                identifier: "AD_Entry", attributes: ["Identifier": "AD_Entry", "Connector": "AD", "ConnectionTable": "ADExport_entries"], location: at(35),
                properties: [
                    PropertyMapping(
                        identifier: "objectGuid", attributes: ["Identifier": "objectGuid", "ConnectionColumn": "objectGUID", "IsPrimaryKey": "true"],
                        location: at(36)),
                    PropertyMapping(identifier: "dn", attributes: ["Identifier": "dn", "ConnectionColumn": "dn", "IsUniqueKey": "true"], location: at(37)),
                ]),
        ]
        c.entityAssociations = [
            EntityAssociation(
                identifier: "HR_Person_Manager",
                attributes: ["Identifier": "HR_Person_Manager", "Property1": "HR_Person:Reports", "Property2": "HR_Person:Manager"], location: at(25))
        ]
        c.entityAssociationMappings = [
            EntityAssociationMapping(
                identifier: "HR_Person_Manager",
                attributes: [
                    "Identifier": "HR_Person_Manager", "Connector": "HR", "ConnectionTable": "HRFeed",
                    "Column1": "manager_id", "EntityPropertyMapping1": "HR_Person:EmployeeId",
                    "Column2": "employee_id", "EntityPropertyMapping2": "HR_Person:EmployeeId",
                ], location: at(26))
        ]
        c.resourceTypes = [
            ResourceType(
                identifier: "AD_Entry_User", attributes: ["Identifier": "AD_Entry_User", "SourceEntityType": "HR_Person", "TargetEntityType": "AD_Entry"],
                location: at(40))
        ]
        c.resourceTypeMappings = [
            ResourceTypeMapping(
                element: "LdapResourceTypeMapping", identifier: "AD_Entry_User", attributes: ["Identifier": "AD_Entry_User", "Connection": "ADExport"],
                location: at(41))
        ]
        c.exportTasks = [
            ExportTask(
                identifier: "HR_Export", attributes: ["Identifier": "HR_Export", "Agent": "Local", "Connection": "HRFeed", "OpenIdClient": "Job"],
                location: at(50)),
            ExportTask(
                identifier: "AD_Export", attributes: ["Identifier": "AD_Export", "Agent": "Local", "Connection": "ADExport", "OpenIdClient": "Job"],
                location: at(51)),
        ]
        c.fulfillTasks = [
            FulfillTask(identifier: "AD_Fulfill", attributes: ["Identifier": "AD_Fulfill", "Agent": "Local", "Connector": "AD"], location: at(52)),
            FulfillTask(
                identifier: "Tickets", attributes: ["Identifier": "Tickets", "Agent": "Local"], location: at(53),
                taskResourceTypes: [
                    TaskResourceType(attributes: ["ResourceType": "AD_Entry_User"], location: at(54))
                ]),
        ]
        return c
    }

    static func settings(_ keys: [(String, Int)] = [("HRFeed", 3), ("ADExport", 8)]) -> AgentSettings {
        AgentSettings(
            file: settingsFile,
            connections: keys.map { key, line in
                ConnectionSettings(connection: key, settings: [], location: SourceLocation(file: settingsFile, line: line, jsonPath: "Connections:\(key)"))
            })
    }

    static let schemaAt = "2026-11-29T08:00:00Z"

    static func schemas() -> [ConnectionSchemaState] {
        [
            state("HRFeed", ["HRFeed": ["employee_id", "email", "manager_id"]]),
            state("ADExport", ["ADExport_entries": ["command", "dn", "objectGUID"]]),
        ]
    }

    static func state(_ connection: String, _ tables: [String: [String]], removed: [RemovedSchemaItem] = []) -> ConnectionSchemaState {
        ConnectionSchemaState(
            connection: connection, latestStatus: .success, latestAt: schemaAt, lastSuccessAt: schemaAt,
            snapshot: SchemaSnapshot(tables: tables.map { TableSchema(name: $0.key, columns: $0.value) }),
            removed: removed)
    }

    static func input(_ configuration: Configuration = configuration()) -> CheckInput {
        CheckInput(
            configuration: configuration, agentSettings: settings(), schemas: schemas(),
            exportScan: ExportScanFacts(folder: "Temp/ExportOutput", at: schemaAt, unattributedFiles: []))
    }

    /// The findings of every rule on `input`.
    static func findings(_ input: CheckInput) -> [Finding] { ConfigurationCheck.run(input) }

    /// The findings of every rule on the sample after `change`.
    static func findings(_ change: (inout Configuration) -> Void) -> [Finding] {
        var c = configuration()
        change(&c)
        return findings(input(c))
    }
}

extension Finding {
    /// `rule severity file:line` for compact exact assertions.
    var brief: String { "\(rule) \(severity.rawValue) \(location.file):\(location.line.map(String.init) ?? "-")" }
}

extension XMLAttributes {
    /// Sets (or with `nil` removes) the attribute `name`, keeping the others in order.
    mutating func set(_ name: String, _ value: String?) {
        if let index = items.firstIndex(where: { $0.name == name }) {
            if let value { items[index].value = value } else { items.remove(at: index) }
        } else if let value {
            items.append(XMLAttribute(name: name, value: value))
        }
    }
}
