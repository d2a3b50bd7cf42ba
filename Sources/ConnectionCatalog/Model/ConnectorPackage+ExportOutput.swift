/// What each package writes into the ExportOutput folder, and which of its settings describe
/// that output rather than the connector's input.
///
/// Sources: the "Output details" section of each connector page,
/// `docs/identitymanager/6.1/integration-guide/connectors/references-connectors/<name>/index.md`,
/// and for SCIM's `EntryFile`/`MembersFile` the how-to
/// `docs/identitymanager/6.1/integration-guide/connectors/how-tos/scim-cyberark-export/index.md`
/// ("the name is generated as: EntryFile + '_' + FilterEntity or MembersFile + '_' +
/// FilterGroupEntity").
extension ConnectorPackage {
    /// The connector page a package is documented on (`activedirectory`, `sql`, `scim`, ...).
    public var family: String {
        let id = identifier
        func starts(_ prefix: String) -> Bool { id.hasPrefix(prefix) }
        if starts("Usercube.AD@") { return "activedirectory" }
        if starts("Usercube.LDAP@") || starts("Usercube.LDAP.") { return "ldap" }
        if starts("Usercube.OpenLDAP@") { return "openldap" }
        if starts("Usercube.AzureAD@") { return "azuread" }
        if starts("Usercube.SQL.SQLServerEntitlements@") { return "sqlserverentitlements" }
        if starts("Usercube.SQL@") || starts("Usercube.SQL.") { return "sql" }
        if starts("Usercube.CSV@") || starts("Usercube.CSV.") { return "csv" }
        if starts("Usercube.SCIM@") || starts("Usercube.SCIM.") { return "scim" }
        let pages: [String: String] = [
            "Usercube.GoogleWorkspace@0000001": "googleworkspace", "Usercube.LDIF@0000001": "ldif",
            "Usercube.Azure@0000001": "azure", "Usercube.Excel@0000001": "excel", "Usercube.OData@0000001": "odata",
            "Usercube.PowershellSync@0000001": "powershellsync", "Usercube.Powershell@0000001": "powershellprov",
            "Usercube.RobotFramework@0000001": "robotframework", "Usercube.FulfillToFile@0000001": "json",
            "Usercube.ServiceNow@0000001": "servicenowentitymanagement", "Usercube.EasyVista@0000001": "easyvista",
            "Usercube.SnowTicket@0000001": "servicenowticket", "Usercube.EasyVistaTicket@0000001": "easyvistaticket",
            "Usercube.Manual@0000001": "internalresources", "Usercube.UpdateManualProvisioningTicket@0000001": "internalresources",
            "Usercube.FulfillWorkflow@0000001": "internalworkflow", "Usercube.MicrosoftExchange@0000001": "microsoftexchange",
            "Usercube.HomeFolder@0000001": "homefolder", "Usercube.SharedFolder@0000001": "sharedfolder",
            "Usercube.SharePoint@0000001": "sharepoint", "Usercube.SAP.ERP60@0000001": "saperp6", "Usercube.SAP@0000001": "saphana",
            "Usercube.Workday@0000001": "workday", "Usercube.RACF@0000001": "racf", "Usercube.TSS@0000001": "topsecret",
        ]
        return pages[id] ?? "unplugged"
    }

    /// The agent setting that gives the encoding of the export files, or `nil` when none does.
    ///
    /// Only the SQL family's `CsvEncoding` describes the produced file ("Encoding of the file"
    /// the export writes). The CSV package's `Encoding` is the encoding of the *input* file the
    /// connector reads, which it rewrites as a new CSV file in the product's format; LDIF's
    /// `LdifEncoding` and RACF's `Encoding` also describe inputs. Doc: `sql`, `csv`, `ldif`,
    /// `racf` connector pages.
    public var exportOutputEncodingSetting: String? {
        switch family {
        case "sql": "CsvEncoding"
        default: nil
        }
    }

    /// Settings whose value is a path prefix of export files: SCIM's `EntryFile` and
    /// `MembersFile` (files `<prefix>_<entity>.csv`).
    public var exportFileNameSettings: [String] {
        family == "scim" ? ["EntryFile", "MembersFile"] : []
    }

    /// The export files the connector page documents, `<c>` standing for the connection
    /// identifier (`<c>_entries.csv`); empty for a package without export.
    public var documentedExportFiles: [String] {
        guard hasExport else { return [] }
        switch family {
        case "activedirectory": return ["<c>_entries.csv", "<c>_<link>.csv (e.g. <c>_member.csv)"]
        case "ldap": return ["<c>_entries.csv", "<c>_<Table>.csv per Tables entry"]
        case "openldap": return ["<c>_entry.csv", "<c>_<table>.csv (e.g. <c>_member.csv)"]
        case "azuread": return ["<c>_directoryobjects.csv", "<c>_members_<entity>.csv", "<c>_owners_<entity>.csv"]
        case "azure": return ["<c>_RoleDefinition.csv", "<c>_Resource.csv", "<c>_RoleAssignment.csv"]
        case "csv", "sql", "ldif", "homefolder": return ["<c>.csv"]
        case "excel": return ["<c>_<sheet>.csv"]
        case "sqlserverentitlements":
            return ["<c>_serverPrincipals.csv", "<c>_serverRoleMembers.csv", "<c>_databasePrincipals.csv", "<c>_databaseRoleMembers.csv"]
        case "scim": return ["<c>_<entity>.csv", "<c>_members_<entity>.csv", "<EntryFile>_<entity>.csv", "<MembersFile>_<entity>.csv"]
        case "servicenowentitymanagement": return ["<c>_<table>.csv (e.g. <c>_sys_user.csv)"]
        case "googleworkspace": return ["<c>_Users.csv", "<c>_Groups.csv", "<c>_Members.csv"]
        case "sharepoint": return ["<c>_Entity.csv", "<c>_GroupMember.csv", "<c>_Role.csv", "<c>_RoleAssignment.csv", "<c>_SecurableObject.csv", "..."]
        case "sharedfolder": return ["<c>_ACE.csv", "<c>_PathInformations.csv", "<c>_SID.csv"]
        case "microsoftexchange": return ["<c>_mailboxes.csv", "<c>_databases.csv"]
        case "easyvista": return ["<c>_Employees.csv", "<c>_<entity>.csv"]
        case "odata": return ["<c>_<EntitySet>.csv"]
        case "workday": return ["<c>_<entity>.csv"]
        case "racf": return ["<c>_<recordType>.csv (e.g. <c>_0100.csv)"]
        default: return ["<c>.csv", "<c>_<table>.csv"]
        }
    }
}
