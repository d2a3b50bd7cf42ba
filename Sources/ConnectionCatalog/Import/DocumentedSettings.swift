/// The settings each connector page documents under `appsettings.agent.json > Connections >
/// <identifier>`, with whether each holds a credential: the data behind
/// ``SettingClassifier``'s name rules.
///
/// A name listed here as a value is kept even when it contains a word that marks secrets
/// (`IsLdapPasswordReset` is a documented boolean); a name listed as a credential is withheld
/// whatever it looks like; a name listed nowhere stays withheld (an unknown or misspelled key is
/// not stored in clear).
///
/// Sources: the "Setting attributes" tables and examples of each connector page,
/// `docs/identitymanager/6.1/integration-guide/connectors/references-connectors/<family>/index.md`
/// (family = the key of ``byFamily``), the SCIM CyberArk how-to for `EntryFile`, `MembersFile`,
/// `FilterGroup`, `SyncCookiesFile`
/// (`.../connectors/how-tos/scim-cyberark-export/index.md`), and the credential protection
/// sections of the same pages (Azure Key Vault and CyberArk tables) for the credentials.
enum DocumentedSettings {
    /// What a documented setting holds.
    enum Kind: Equatable {
        /// A path, a switch, a filter, a number, an address: kept as written.
        case value
        /// A credential (login, password, key, token): withheld, by the name rules that already
        /// withhold it (the table documents it; it does not change how it is reported).
        case credential
        /// A connection string: kept with its password parts withheld.
        case connectionString
    }

    /// Documented settings per connector page. Names are compared case-insensitively, as .NET
    /// configuration compares keys; a name under an array or object (`Servers:0:Server`,
    /// `Tables:0:BaseDN`) is its last segment.
    static let byFamily: [String: [String: Kind]] = [
        "activedirectory": values(
            "Server", "BaseDN", "AuthType", "Filter", "AsAdLds", "EnableSSL", "NoSigning",
            "RetryDelay", "RequestTimeout", "ConnectionTimeout", "IsLdapPasswordReset"
        )
        .merging(credentials("Login", "Password")) { $1 },
        "ldap": values(
            "Server", "AuthType", "Controls", "EnableSSL", "NoSigning", "Table", "BaseDN",
            "Filter", "Scope", "SizeLimit", "TimeLimit", "TimeOut", "AsAdLds", "IsLdapPasswordReset"
        )
        .merging(credentials("Login", "Password")) { $1 },
        "openldap": values(
            "Server", "DistinguishedName", "SSL", "TimeFormat", "WaitingTimeInSeconds", "Filter", "Scope",
            "IsLdapPasswordReset"
        )
        .merging(credentials("Login", "Password")) { $1 },
        "azuread": values("TenantId", "ResponseUri", "MicrosoftAuthorityPath", "MicrosoftGraphPath", "MicrosoftGraphPathApi")
            .merging(credentials("ApplicationId", "ApplicationKey")) { $1 },
        "azure": values("TenantId", "SubscriptionId", "ResponseUri", "AzurePath", "AzurePathApi")
            .merging(credentials("ApplicationId", "ApplicationKey")) { $1 },
        "csv": values("Path", "PathIncremental", "IsFileNameRegex", "ValuesToTrim", "Encoding", "Separator", "NumberOfLinesToSkip"),
        "excel": values("Path", "PathIncremental", "IsFileNameRegex", "ValuesToTrim", "SheetIgnored", "NumberOfLinesToSkip"),
        "sql": values("Timeout", "SqlCommand", "SqlFile", "CsvEncoding", "ProviderClassFullName", "ProviderDllName", "IsolationLevel")
            .merging(["ConnectionString": .connectionString]) { $1 },
        // `Databases` is the list of database names to export (not the top-level `Databases`
        // section of connection strings).
        "sqlserverentitlements": values("Timeout", "Databases").merging(["ConnectionString": .connectionString]) { $1 },
        "scim": values(
            "Server", "Filter", "FilterGroup", "OAuth2Url", "PageSize", "ScimSyntax", "EntryFile", "MembersFile",
            "SyncCookiesFile", "ServiceSupportBulk", "BulkMaxOperation"
        )
        .merging(credentials("ApplicationId", "ApplicationKey", "Login", "Password", "OAuthToken")) { $1 },
        "servicenowentitymanagement": values("Server", "OAuth2Url", "Filter", "ResponseSizeLimit")
            .merging(credentials("Login", "Password", "ClientId", "ClientSecret")) { $1 },
        "servicenowticket": values("Server", "OAuth2Url", "Filter", "ResponseSizeLimit", "TicketCookieDirectoryPath")
            .merging(credentials("Login", "Password", "ClientId", "ClientSecret")) { $1 },
        "okta": values("Server").merging(credentials("ApiKey")) { $1 },
        "easyvista": values("Server", "ExportSettingsOptions").merging(credentials("Account", "Login", "Password")) { $1 },
        "googleworkspace": values("CredentialsFilePath", "PageSize").merging(credentials("User")) { $1 },
        "sharepoint": values("Server", "Domain", "TimeOut", "Scanlevel", "CsvUrls").merging(credentials("Login", "Password")) { $1 },
        "sharedfolder": values("InputDirectories", "Domain", "Interactive", "LevelOfScan", "ListOfSIDToAvoid", "OnlyDirectoryScan")
            .merging(credentials("Login", "Password")) { $1 },
        "homefolder": values("InputDirectories", "Domain", "Interactive").merging(credentials("Login", "Password")) { $1 },
        "ldif": values("LDIFFile", "FilterAttribute", "FilterValues", "Attributes", "LdifEncoding"),
        "racf": values("Path", "Encoding"),
        "microsoftexchange": values("Server", "PowerShellScriptPath", "AuthType"),
        "odata": values("Server", "AuthenticationUrl").merging(credentials("Login", "Password", "BearerToken", "ClientId", "ClientSecret")) { $1 },
        "workday": values("InputFilePath", "Server").merging(credentials("Login", "Password")) { $1 },
        "saperp6": values("Server", "Instance", "Port", "Client", "Language", "IsHana", "SystemNumber")
            .merging(credentials("AseLogin", "AsePassword", "BapiLogin", "BapiPassword")) { $1 },
        "powershellsync": values("PowerShellScriptPath"),
        "powershellprov": values("PowerShellScriptPath"),
        "robotframework": values("RobotFrameworkScriptPath"),
        "internalworkflow": values("WorkflowJsonPath"),
    ]

    /// Every documented name with its kind, all families merged (lower-cased names). A name a
    /// family documents as a credential is a credential everywhere.
    static let allNames: [String: Kind] = {
        var result: [String: Kind] = [:]
        for (_, settings) in byFamily {
            for (name, kind) in settings {
                let key = name.lowercased()
                if result[key] == nil || kind == .credential { result[key] = kind }
            }
        }
        return result
    }()

    /// The documented kind of the setting `name` (case-insensitive), `nil` when no connector page
    /// documents it.
    static func kind(of name: String) -> Kind? { allNames[name.lowercased()] }

    private static func values(_ names: String...) -> [String: Kind] {
        Dictionary(names.map { ($0, Kind.value) }, uniquingKeysWith: { first, _ in first })
    }

    private static func credentials(_ names: String...) -> [String: Kind] {
        Dictionary(names.map { ($0, Kind.credential) }, uniquingKeysWith: { first, _ in first })
    }
}
