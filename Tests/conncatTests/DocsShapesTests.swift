import Foundation
import Testing

/// `conncat` on the working directories of `Fixtures/docs-shapes/`, each shaped like the
/// examples of one family of connector pages (see its README). The expected values are what the
/// documentation implies: statuses, tables and their source, columns, settings and findings.
@Suite struct DocsShapesTests {
    static let at = "2026-11-30T08:00:00Z"
    static let root = Sandbox.repositoryRoot.appendingPathComponent("Fixtures/docs-shapes")

    struct Connection: Decodable {
        let connection: String
        let schema_status: String
    }
    struct Table: Decodable {
        let connection: String
        let table: String
        let column_count: Int
        let source: String
    }
    struct Column: Decodable {
        let connection: String
        let table: String
        let column: String
        let source: String
    }
    struct Setting: Decodable {
        let connection: String
        let key: String
        let value: String?
        let secret: Bool
    }
    struct Finding: Decodable {
        let rule: String
        let severity: String
        let subject: String
        let message: String
    }
    struct FileRow: Decodable {
        let file: String
        let encoding: String?
        let warning: String?
        let error: String?
    }

    /// Imports `family` into a fresh sandbox; the import's result.
    func imported(_ family: String) throws -> (Sandbox, RunResult) {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["import", Self.root.appendingPathComponent(family).path, "--at", Self.at])
        return (sandbox, result)
    }

    func json<T: Decodable>(_ sandbox: Sandbox, _ arguments: [String], as type: T.Type = T.self) throws -> T {
        let result = try sandbox.run(arguments + ["--format", "json"])
        #expect(result.status == 0 || arguments.first == "check", "\(arguments): \(result.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    func statuses(_ sandbox: Sandbox) throws -> [String: String] {
        let rows: [Connection] = try json(sandbox, ["connections"])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.connection, $0.schema_status) })
    }

    func tables(_ sandbox: Sandbox) throws -> [String] {
        let rows: [Table] = try json(sandbox, ["tables"])
        return rows.map { "\($0.connection)/\($0.table):\($0.column_count):\($0.source)" }
    }

    func settings(_ sandbox: Sandbox, _ connection: String) throws -> [String: Setting] {
        let rows: [Setting] = try json(sandbox, ["settings", "--connection", connection])
        return Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func findings(_ sandbox: Sandbox, rule: String) throws -> [Finding] {
        let rows: [Finding] = try json(sandbox, ["check", "--fail-on", "never"])
        return rows.filter { $0.rule == rule }
    }

    func audit(_ sandbox: Sandbox) throws -> [String] {
        struct Row: Decodable { let connection: String }
        let rows: [Row] = try json(sandbox, ["audit"])
        return rows.map(\.connection)
    }

    // MARK: - Active Directory

    @Test func activeDirectoryFulfillmentIsNotExportedAndNotAFailure() throws {
        let (sandbox, result) = try imported("ad")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ADFulfillment: not exported"))
        #expect(try statuses(sandbox) == ["ADExport": "success", "ADFulfillment": "not_exported"])
        #expect(try tables(sandbox) == ["ADExport/ADExport_entries:5:export_output", "ADExport/ADExport_members:3:export_output"])
        #expect(try audit(sandbox) == [])
        let fulfillment = try settings(sandbox, "ADFulfillment")
        #expect(fulfillment["IsLdapPasswordReset"]?.value == "true")
        #expect(fulfillment["IsLdapPasswordReset"]?.secret == false)
        #expect(fulfillment["Servers:0:BaseDN"]?.value == "DC=example,DC=test")
        #expect(fulfillment["Login"]?.value == nil)
        #expect(fulfillment["Password"]?.secret == true)
        #expect(try findings(sandbox, rule: "plain-text-secret").allSatisfy { !$0.message.contains("IsLdapPasswordReset") })
    }

    // MARK: - LDAP and OpenLDAP

    @Test func ldapFamiliesReadTheirFilesAndTheFulfillmentsAreNotExported() throws {
        let (sandbox, result) = try imported("ldap")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try statuses(sandbox) == [
                "LDAPExport": "success", "LDAPFulfillment": "not_exported",
                "OpenLDAPExport": "success", "OpenLDAPFulfillment": "not_exported",
            ])
        #expect(
            try tables(sandbox) == [
                "LDAPExport/LDAPExport_entries:4:export_output", "LDAPExport/LDAPExport_member:2:export_output",
                "OpenLDAPExport/OpenLDAPExport_entry:6:export_output",
            ])
        // `LDAPExport_entries.csv` and `OpenLDAPExport_Entry` (suffix, case) still find their table.
        let columns: [Column] = try json(sandbox, ["columns", "--entity-type", "LDAP_Entry"])
        #expect(columns.map(\.column) == ["dn", "cn", "objectClass", "parentdn"])
        // `LDAPExport_entries.csv` is the LDAP page's own form (the name of the CSV file): no
        // finding; `OpenLDAPExport_Entry` differs in case only.
        let names = try findings(sandbox, rule: "table-name-mismatch").map(\.subject)
        #expect(names == ["OpenLDAP_Entry"])
        #expect(try settings(sandbox, "OpenLDAPFulfillment")["IsLdapPasswordReset"]?.value == "false")
        #expect(try settings(sandbox, "LDAPExport")["Tables:1:Table"]?.value == "member")
    }

    // MARK: - CSV

    @Test func csvExportOutputIsReadAsTheProductWritesItWhateverTheInputEncoding() throws {
        let (sandbox, result) = try imported("csv")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try statuses(sandbox) == ["GPBD": "success", "HRContoso": "success", "HROrganizations": "success", "HRPeople": "success"])
        let columns: [Column] = try json(sandbox, ["columns"])
        func header(_ table: String) -> [String] { columns.filter { $0.table == table }.map(\.column) }
        // `Encoding: UTF-16` and `iso-8859-1` describe the input files, not the UTF-8 export.
        #expect(header("HRContoso") == ["Employee Id", "First name", "Last name", "Department"])
        #expect(header("GPBD") == ["GPBD_ID", "GPBD_DESCRIPTION_É"])
        #expect(header("HROrganizations") == ["identifier", "name", "parent"])
        // Cells with surrounding spaces are kept as written, with a warning.
        #expect(header("HRPeople") == ["employeeId", "firstName", " lastName ", "organization"])
        let warnings = try findings(sandbox, rule: "export-file-warning")
        #expect(warnings.map(\.subject) == ["HRPeople"])
        #expect(warnings.first?.message.contains("' lastName '") == true)
        let files: [FileRow] = try json(sandbox, ["history", "HROrganizations", "--files"])
        #expect(files.map(\.encoding) == ["utf-8-bom"])
        let contoso: [FileRow] = try json(sandbox, ["history", "HRContoso", "--files"])
        #expect(contoso.map(\.encoding) == ["utf-8"])
        #expect(contoso.map(\.warning) == [nil])
        // Usercube.CSV.Complete@0000001 is a documented package.
        #expect(try findings(sandbox, rule: "connection-package").isEmpty)
    }

    // MARK: - SQL family

    @Test func sqlEncodingSettingIsAHintThatTheHeaderBytesOverrule() throws {
        let (sandbox, result) = try imported("sql")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try statuses(sandbox) == [
                "MySqlExport": "success", "OdbcExport": "success", "SqlExport": "success",
                "SqlServerEntitlementsExport": "success",
            ])
        let columns: [Column] = try json(sandbox, ["columns"])
        func header(_ table: String) -> [String] { columns.filter { $0.table == table }.map(\.column) }
        #expect(header("SqlExport") == ["Id", "Identifier", "DisplayName_L1"])
        #expect(header("OdbcExport") == ["account_id", "login", "full_name"])
        #expect(header("MySqlExport") == ["id", "nom", "prénom"])
        let sql: [FileRow] = try json(sandbox, ["history", "SqlExport", "--files"])
        #expect(sql.map(\.encoding) == ["utf-8"])
        #expect(sql.first?.warning?.contains("says utf-16le, but the header has no NUL byte") == true)
        let odbc: [FileRow] = try json(sandbox, ["history", "OdbcExport", "--files"])
        #expect(odbc.map(\.encoding) == ["utf-16le"])
        #expect(odbc.map(\.warning) == [nil])
        let mysql: [FileRow] = try json(sandbox, ["history", "MySqlExport", "--files"])
        #expect(mysql.map(\.encoding) == ["iso-8859-1"])
        #expect(try findings(sandbox, rule: "export-file-warning").map(\.subject) == ["SqlExport"])
        #expect(
            try tables(sandbox).filter { $0.hasPrefix("SqlServerEntitlementsExport/") } == [
                "SqlServerEntitlementsExport/SqlServerEntitlementsExport_databasePrincipals:6:export_output",
                "SqlServerEntitlementsExport/SqlServerEntitlementsExport_databaseRoleMembers:3:export_output",
                "SqlServerEntitlementsExport/SqlServerEntitlementsExport_serverPrincipals:5:export_output",
                "SqlServerEntitlementsExport/SqlServerEntitlementsExport_serverRoleMembers:2:export_output",
            ])
        let entitlements = try settings(sandbox, "SqlServerEntitlementsExport")
        #expect(entitlements["Databases:0"]?.value == "UsercubeDemo")
        #expect(entitlements["Databases:1"]?.value == "AdventureWorks2017")
        let odbcSettings = try settings(sandbox, "OdbcExport")
        #expect(
            odbcSettings["ConnectionString"]?.value
                == "Driver=ODBC Driver 17 for SQL Server;Server={SQLHOST}\\SQLEXPRESS;Database={Sales};Hostname=Localhost;DBALIAS={Sales Alias};trusted_connection=Yes"
        )
        let mysqlSettings = try settings(sandbox, "MySqlExport")
        #expect(mysqlSettings["ConnectionString"]?.value == "Server=mysql.example.test;Database=MyDb;Uid=root;Pwd=<secret>")
        #expect(mysqlSettings["SqlFile"]?.value == "C:/idm/Conf/Sql/mySql.sql")
        #expect(!String(decoding: try sandbox.catalogBytes(), as: UTF8.self).contains("FAKE-SECRET-mysql"))
    }

    // MARK: - SCIM

    @Test func scimFilesNamedByEntryFileAndMembersFileBelongToTheirConnection() throws {
        let (sandbox, result) = try imported("scim")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("belong to no connection"))
        // The scaffolding exports the connector; SCIMFulfillment is the fulfill side of the pair
        // (a resource type mapping uses it), so it is not exported.
        #expect(try statuses(sandbox) == ["SCIMCyberArkExport": "success", "SCIMFulfillment": "not_exported"])
        #expect(
            try tables(sandbox) == [
                "SCIMCyberArkExport/CyberArk_Containers:4:export_output",
                "SCIMCyberArkExport/CyberArk_members_Groups:2:export_output",
                "SCIMCyberArkExport/CyberArk_Users:6:export_output",
            ])
        let export = try settings(sandbox, "SCIMCyberArkExport")
        #expect(export["EntryFile"]?.value == "C:/idm/Temp/ExportOutput/CyberArk")
        #expect(export["MembersFile"]?.value == "C:/idm/Temp/ExportOutput/CyberArk_members")
        #expect(export["FilterGroup"]?.value == "Groups;id displayName")
        #expect(export["Login"]?.value == nil)
        #expect(try findings(sandbox, rule: "export-file-unattributed").isEmpty)
    }

    // MARK: - Microsoft Entra ID

    @Test func entraIdDeactivationExportFulfillDecidesWhichConnectionExports() throws {
        let (sandbox, result) = try imported("entra-id")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try statuses(sandbox) == ["MicrosoftEntraIDExport": "success", "MicrosoftEntraIDFulfillment": "not_exported"])
        #expect(
            try tables(sandbox) == [
                "MicrosoftEntraIDExport/MicrosoftEntraIDExport_directoryobjects:5:export_output",
                "MicrosoftEntraIDExport/MicrosoftEntraIDExport_members_group:3:export_output",
            ])
        // The stale file of the deactivated export is not read, and says so.
        let files: [FileRow] = try json(sandbox, ["history", "MicrosoftEntraIDFulfillment", "--files"])
        #expect(files.map(\.file) == ["MicrosoftEntraIDFulfillment_directoryobjects.csv"])
        #expect(files.first?.warning?.contains("not read, attached to no table") == true)
        #expect(try findings(sandbox, rule: "export-file-warning").map(\.subject) == ["MicrosoftEntraIDFulfillment"])
        #expect(try audit(sandbox) == [])
    }

    // MARK: - ServiceNow

    @Test func serviceNowTicketNeverTakesASchemaFromAFile() throws {
        let (sandbox, result) = try imported("servicenow")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try statuses(sandbox) == ["ServiceNowExport": "success", "SnowTicket": "no_schema"])
        #expect(
            try tables(sandbox) == [
                "ServiceNowExport/ServiceNowExport_sys_user:5:export_output",
                "ServiceNowExport/ServiceNowExport_sys_user_grmember:2:export_output",
            ])
        let warnings = try findings(sandbox, rule: "export-file-warning")
        #expect(warnings.map(\.subject) == ["SnowTicket"])
        #expect(warnings.first?.message.contains("SnowTicket_t.csv") == true)
        #expect(try settings(sandbox, "SnowTicket")["TicketCookieDirectoryPath"]?.value == "C:/idm/Work/TicketCookies")
    }

    // MARK: - Fulfill-only packages, phantom connections

    @Test func fulfillOnlyPackagesAndPhantomConnections() throws {
        let (sandbox, result) = try imported("fulfill-only")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let expected = [
            "EasyVistaTicket", "FulfillDb", "JsonFulfillment", "ManualTicket", "ManualTicketCud", "PowerShellFulfillment",
            "RobotFrameworkFulfillment", "Unplugged", "WorkflowFulfillment",
        ]
        #expect(try statuses(sandbox) == Dictionary(uniqueKeysWithValues: expected.map { ($0, "no_schema") }))
        // One set of connections: the agent-settings-only keys and the undeclared ConnectionTable
        // appear in no command.
        #expect(try tables(sandbox) == [])
        let columns: [Column] = try json(sandbox, ["columns", "--all"])
        #expect(columns.isEmpty)
        #expect(try audit(sandbox) == [])
        let history = try sandbox.run(["history", "LegacyExport"])
        #expect(history.status == 1)
        #expect(history.stderr.contains("no connection 'LegacyExport'"))
        #expect(try findings(sandbox, rule: "connection-settings-orphan").map(\.subject).sorted() == ["LegacyExport", "NoSuchConnection"])
        #expect(try findings(sandbox, rule: "connection-undeclared").map(\.subject) == ["NoSuchConnection"])
        #expect(try findings(sandbox, rule: "export-file-unattributed").map(\.subject) == ["LegacyExport.csv", "NoSuchConnection_users.csv"])
        #expect(try findings(sandbox, rule: "export-file-warning").map(\.subject) == ["PowerShellFulfillment", "WorkflowFulfillment"])
        #expect(
            try settings(sandbox, "RobotFrameworkFulfillment")["RobotFrameworkScriptPath"]?.value
                == "C:/idm/Scripts/FulfillRobotFramework.robot")
        #expect(try settings(sandbox, "PowerShellFulfillment")["Options:Password"]?.value == nil)
        #expect(try settings(sandbox, "WorkflowFulfillment")["WorkflowJsonPath"]?.value == "C:/idm/Conf/Workflows/workflows.json")
    }

    // MARK: - ConnectionTable and export output

    @Test func connectionTablesAndExportOutputAreTwoSourcesWithoutChurn() throws {
        let (sandbox, result) = try imported("connection-tables")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try statuses(sandbox) == ["HRCountries": "success", "HRLocations": "success"])
        #expect(
            try tables(sandbox) == [
                "HRCountries/HRCountries:2:configuration", "HRLocations/HRLocations:4:export_output",
                "HRLocations/HRLocations_history:2:configuration",
            ])
        // The same inputs again: only the import is recorded (no refresh attempt).
        let again = try sandbox.run(["import", Self.root.appendingPathComponent("connection-tables").path, "--at", "2026-11-30T09:00:00Z"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("every input unchanged since import #1"))
        let unchanged = try sandbox.run(["history", "HRLocations", "--format", "json"])
        #expect(unchanged.stdout.components(separatedBy: "\"changed\"").count == 2, "\(unchanged.stdout)")
        // Refreshed again from the same export output: the two sources cause no change.
        let refreshed = try sandbox.run([
            "refresh-schema", "--export-dir",
            Self.root.appendingPathComponent("connection-tables/Temp/ExportOutput").path, "--at", "2026-11-30T10:00:00Z",
        ])
        #expect(refreshed.status == 0, "\(refreshed.stdout)\(refreshed.stderr)")
        struct Entry: Decodable {
            let status: String
            let changed: Bool?
            let source: String
        }
        for connection in ["HRCountries", "HRLocations"] {
            let history: [Entry] = try json(sandbox, ["history", connection])
            #expect(history.map(\.changed) == [nil, false], "\(connection)")
            #expect(history.map(\.status) == ["success", "success"])
        }
        let diff = try sandbox.run(["diff", "HRLocations", "--format", "json"])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("\"changes\": []"))
    }
}
