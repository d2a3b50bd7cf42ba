@testable import ConnectionCatalog

/// Small configurations built in code, for store and query tests that must not depend on the readers.
enum Sample {
    static func at(_ file: String, _ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    /// An AD connection `ADExport` and a CSV connection `HRFeed` with mappings; `HR_Person` maps
    /// `HRFeed.csv` (with `.csv`, as the documentation's examples write it) and `ADExport_Entries`
    /// differs in case from the export file.
    static func configuration() -> Configuration {
        var c = Configuration()
        c.connectors = [Connector(identifier: "Directory", attributes: ["Identifier": "Directory", "DisplayName_L1": "Directory"], location: at("a.xml", 2))]
        c.connections = [
            Connection(
                identifier: "ADExport",
                attributes: ["Identifier": "ADExport", "DisplayName_L1": "AD export", "Connector": "Directory", "Package": "Usercube.AD@0000001"],
                location: at("a.xml", 3)),
            Connection(
                identifier: "HRFeed", attributes: ["Identifier": "HRFeed", "DisplayName_L1": "HR feed", "Connector": "HR", "Package": "File/CSV"],
                location: at("b.xml", 3)),
            Connection(
                identifier: "SnowTicket", attributes: ["Identifier": "SnowTicket", "Connector": "Directory", "Package": "Usercube.SnowTicket@0000001"],
                location: at("b.xml", 9)),
        ]
        c.entityTypeMappings = [
            EntityTypeMapping(
                identifier: "AD_Entry", attributes: ["Identifier": "AD_Entry", "Connector": "Directory", "ConnectionTable": "ADExport_Entries"],
                location: at("a.xml", 10),
                properties: [
                    PropertyMapping(
                        identifier: "dn", attributes: ["Identifier": "dn", "ConnectionColumn": "DN", "IsUniqueKey": "true"], location: at("a.xml", 11)),
                    PropertyMapping(
                        identifier: "objectGuid", attributes: ["Identifier": "objectGuid", "ConnectionColumn": "objectGUID", "IsPrimaryKey": "true"],
                        location: at("a.xml", 12)),
                ]),
            EntityTypeMapping(
                identifier: "HR_Person", attributes: ["Identifier": "HR_Person", "Connector": "HR", "ConnectionTable": "HRFeed.csv"], location: at("b.xml", 10),
                properties: [
                    PropertyMapping(
                        identifier: "EmployeeId", attributes: ["Identifier": "EmployeeId", "ConnectionColumn": "employee_id", "IsPrimaryKey": "true"],
                        location: at("b.xml", 11))
                ]),
        ]
        c.entityAssociationMappings = [
            EntityAssociationMapping(
                identifier: "AD_Entry_Members",
                attributes: [
                    "Identifier": "AD_Entry_Members", "Connector": "Directory", "ConnectionTable": "ADExport_member", "Column1": "dn", "Column2": "member",
                    "EntityPropertyMapping1": "AD_Entry:dn", "EntityPropertyMapping2": "AD_Entry:dn",
                ], location: at("a.xml", 20))
        ]
        return c
    }

    static func settings() -> AgentSettings {
        AgentSettings(
            file: "Runtime/appsettings.agent.json",
            connections: [
                ConnectionSettings(
                    connection: "adexport",
                    settings: [
                        ConnectionSetting(
                            key: "Servers:0:Server", value: "dc01.example.test", isSecret: false, jsonPath: "Connections:adexport:Servers:0:Server"),
                        ConnectionSetting(key: "Password", value: nil, isSecret: true, jsonPath: "Connections:adexport:Password"),
                    ], location: SourceLocation(file: "Runtime/appsettings.agent.json", line: 4, jsonPath: "Connections:adexport"))
            ], agentIdentifier: "Local")
    }

    static func record(hash: String, at: String = "2026-11-01T08:00:00Z") -> ImportRecord {
        ImportRecord(
            importedAt: at, sourceFolder: "/work/demo", configurationFolder: "/work/demo/Conf", agentSettingsFile: nil,
            exportFolder: nil, xmlFileCount: 2, elementCount: 10, contentHash: hash, changed: true)
    }

    static func success(_ connection: String, at: String, _ tables: [String: [String]]) -> RefreshAttempt {
        RefreshAttempt(
            connection: connection, at: at, trigger: .refreshSchema, source: .exportOutput, status: .success,
            snapshot: SchemaSnapshot(tables: tables.map { TableSchema(name: $0.key, columns: $0.value) }))
    }

    static func failure(_ connection: String, at: String) -> RefreshAttempt {
        RefreshAttempt(
            connection: connection, at: at, trigger: .refreshSchema, source: .exportOutput, status: .failed,
            errorClass: .emptyFile, errorMessage: "\(connection).csv: file is empty")
    }
}
