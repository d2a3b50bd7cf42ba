import Foundation

/// A connector package (the value of `Connection@Package`), with its capabilities.
///
/// Source: `docs/identitymanager/6.1/integration-guide/connectors/references-packages/<name>/index.md`
/// (characteristics table: Display Name, Identifier, Export, Fulfill, Has Incremental Mode).
public struct ConnectorPackage: Sendable, Equatable, Codable {
    /// Identifier written in XML: `Usercube.AD@0000001`.
    public var identifier: String
    /// Display name shown in the UI: `Directory/Active Directory`.
    public var displayName: String
    /// The package exports data, hence writes files into ExportOutput and has a schema.
    public var hasExport: Bool
    public var hasFulfill: Bool
    public var hasIncrementalMode: Bool

    public init(_ identifier: String, _ displayName: String, export: Bool, fulfill: Bool, incremental: Bool) {
        self.identifier = identifier
        self.displayName = displayName
        self.hasExport = export
        self.hasFulfill = fulfill
        self.hasIncrementalMode = incremental
    }

    /// The documented packages (6.1; identical in 6.2 where checked).
    public static let all: [ConnectorPackage] = [
        .init("Usercube.AD@0000001", "Directory/Active Directory", export: true, fulfill: true, incremental: true),
        .init("Usercube.LDAP.Apache@0000001", "Directory/Apache Directory", export: true, fulfill: true, incremental: false),
        .init("Usercube.LDAP@0000001", "Directory/Generic LDAP", export: true, fulfill: true, incremental: false),
        .init("Usercube.LDAP.Oracle@0000001", "Directory/Oracle LDAP", export: true, fulfill: true, incremental: false),
        .init("Usercube.LDAP.RedHat@0000001", "Directory/Red Hat Directory Server", export: true, fulfill: true, incremental: false),
        .init("Usercube.OpenLDAP@0000001", "Directory/Open LDAP", export: true, fulfill: true, incremental: true),
        .init("Usercube.AzureAD@0000001", "Directory/Microsoft Entra ID", export: true, fulfill: true, incremental: true),
        .init("Usercube.GoogleWorkspace@0000001", "Directory/Google Workspace", export: true, fulfill: true, incremental: false),
        .init("Usercube.LDIF@0000001", "Directory/LDIF", export: true, fulfill: false, incremental: false),
        .init("Usercube.Azure@0000001", "Cloud/Azure", export: true, fulfill: false, incremental: false),
        .init("Usercube.CSV@0000001", "File/CSV", export: true, fulfill: false, incremental: true),
        // On no package page, but used by the XML configuration reference's Connector example
        // (`HROrganizations`, `HRPeople`) and a training page; the product lists it as "File/CSV",
        // "Export CSV to prepare full synchronization" (complete mode only). Looked up by display
        // name, "File/CSV" is the package above.
        .init("Usercube.CSV.Complete@0000001", "File/CSV", export: true, fulfill: false, incremental: false),
        .init("Usercube.Excel@0000001", "File/Excel", export: true, fulfill: false, incremental: true),
        .init("Usercube.SQL@0000001", "Database/Generic SQL", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.SQLServer@0000001", "Database/SQL Server", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.MySQL@0000001", "Database/MySQL", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.ODBC@0000001", "Database/ODBC", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.Oracle@0000001", "Database/Oracle", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.PostgreSQL@0000001", "Database/PostgreSQL", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.SAPAse@0000001", "Database/SAP ASE", export: true, fulfill: false, incremental: false),
        .init("Usercube.SQL.SQLServerEntitlements@0000001", "Database/SQL Server Entitlements", export: true, fulfill: false, incremental: false),
        .init("Usercube.SCIM@0000001", "Custom/SCIM", export: true, fulfill: true, incremental: true),
        .init("Usercube.SCIM.Salesforce@0000001", "CRM/Salesforce", export: true, fulfill: true, incremental: true),
        .init("Usercube.SCIM.Slack@0000001", "Messaging/Slack", export: true, fulfill: true, incremental: true),
        .init("Usercube.SCIM.CyberArk@0000001", "PAM/CyberArk", export: true, fulfill: true, incremental: false),
        .init("Usercube.OData@0000001", "Custom/OData", export: true, fulfill: true, incremental: false),
        .init("Usercube.PowershellSync@0000001", "Custom/PowerShellSync", export: true, fulfill: false, incremental: true),
        .init("Usercube.Powershell@0000001", "Custom/PowerShellProv", export: false, fulfill: true, incremental: false),
        .init("Usercube.RobotFramework@0000001", "Custom/Robot Framework", export: false, fulfill: true, incremental: false),
        .init("Usercube.FulfillToFile@0000001", "Custom/JSON", export: false, fulfill: true, incremental: false),
        .init("Usercube.Custom@0000001", "Custom/Unplugged", export: false, fulfill: false, incremental: false),
        .init("Usercube.ServiceNow@0000001", "ITSM/ServiceNow", export: true, fulfill: true, incremental: true),
        .init("Usercube.EasyVista@0000001", "ITSM/EasyVista", export: true, fulfill: true, incremental: true),
        .init("Usercube.SnowTicket@0000001", "Ticket/ServiceNow", export: false, fulfill: true, incremental: false),
        .init("Usercube.EasyVistaTicket@0000001", "Ticket/EasyVista", export: false, fulfill: true, incremental: false),
        .init("Usercube.Manual@0000001", "Ticket/Usercube", export: false, fulfill: true, incremental: false),
        .init(
            "Usercube.UpdateManualProvisioningTicket@0000001", "Ticket/Usercube And Create/Update/Delete resources", export: false, fulfill: true,
            incremental: false),
        .init("Usercube.FulfillDatabase@0000001", "Usercube/Database", export: false, fulfill: true, incremental: false),
        .init("Usercube.FulfillWorkflow@0000001", "Usercube/Workflow", export: false, fulfill: true, incremental: false),
        .init("Usercube.MicrosoftExchange@0000001", "Server/Microsoft Exchange", export: true, fulfill: true, incremental: true),
        .init("Usercube.HomeFolder@0000001", "Storage/Home Folders", export: true, fulfill: false, incremental: false),
        .init("Usercube.SharedFolder@0000001", "Storage/Shared Folders", export: true, fulfill: false, incremental: false),
        .init("Usercube.SharePoint@0000001", "Storage/SharePoint", export: true, fulfill: true, incremental: true),
        .init("Usercube.SAP.ERP60@0000001", "ERP/SAP ERP 6.0", export: true, fulfill: true, incremental: false),
        .init("Usercube.SAP@0000001", "ERP/SAP S/4 HANA", export: true, fulfill: true, incremental: false),
        .init("Usercube.Workday@0000001", "ERP/Workday", export: true, fulfill: false, incremental: false),
        .init("Usercube.RACF@0000001", "Mainframe/RACF", export: true, fulfill: false, incremental: false),
        .init("Usercube.TSS@0000001", "Mainframe/Top Secret", export: true, fulfill: false, incremental: false),
    ]

    /// The package named by `value`, an identifier or a display name, compared case-insensitively
    /// (display names also with `identitymanager` read as `Usercube`, a documentation rename
    /// artefact). `nil` for an unknown package (Okta has no documented identifier).
    public static func named(_ value: String) -> ConnectorPackage? {
        // The exact spelling of an identifier (as XML writes it) is one look-up: a refresh asks
        // once per connection, an import of thousands of connections as many times.
        if let package = byIdentifier[value] { return package }
        let wanted = value.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "identitymanager", with: "usercube")
        return all.first { $0.identifier.lowercased() == wanted || $0.displayName.lowercased() == wanted }
    }

    /// Packages by identifier exactly as listed, when no earlier package has the same lower-cased
    /// identifier or display name (so that the look-up answers as the scan of `all` would).
    private static let byIdentifier: [String: ConnectorPackage] = {
        var result: [String: ConnectorPackage] = [:]
        for package in all {
            let key = package.identifier.lowercased()
            if all.first(where: { $0.identifier.lowercased() == key || $0.displayName.lowercased() == key }) == package,
                result[package.identifier] == nil
            {
                result[package.identifier] = package
            }
        }
        return result
    }()
}
