/// Decides which connection settings of `appsettings.agent.json` may keep their value.
///
/// The rule is an allowlist, so that an unknown or misspelled key is treated as a secret rather
/// than stored in clear. A setting keeps its value only when
///
/// 1. its *name* — the last path segment that is not an array index, compared case-insensitively
///    (`Servers:0:Server` → `Server`, `Attributes:2` → `Attributes`) — is in ``publicNames``,
///    or one of its segments is in ``publicContainers`` (`ValuesToTrim:0`,
///    `ExportSettingsOptions:Employees`), and
/// 2. no segment contains `password`, `pwd`, `secret`, `token`, `apikey` or `applicationkey`
///    (case-insensitive), and no segment is `Options` (PowerShellProv passes `Options:*` to its
///    script and documents them as Key Vault and CyberArk secrets).
///
/// Everything else — `Login`, `Password`, `ConnectionString`, `ApplicationId`, `ApplicationKey`,
/// `ClientId`, `ClientSecret`, `ApiKey`, `OAuthToken`, `BearerToken`, `User`, `Account`,
/// `Databases` (connection strings), unknown keys — keeps only its presence.
///
/// Sources: the per-connector key tables of the connector reference pages
/// (`docs/identitymanager/6.1/integration-guide/connectors/references-connectors/*/index.md`),
/// the CyberArk and Azure Key Vault pages of the agent configuration
/// (`.../network-configuration/agent-configuration/`), and
/// `.../connectors/how-tos/configure-secured-options/index.md`; summarised in section 3.3 of
/// the domain specification. The names are the non-credential keys listed there.
enum SettingClassifier {
    /// Setting names whose value cannot be a credential: paths, formats, LDAP locations, timeouts,
    /// switches, tenant and endpoint addresses.
    static let publicNames: Set<String> = Set([
        "Path", "PathIncremental", "IsFileNameRegex", "Encoding", "CsvEncoding", "LdifEncoding",
        "Separator", "NumberOfLinesToSkip", "Server", "BaseDN", "Filter", "Scope", "Table",
        "SqlCommand", "SqlFile", "Timeout", "TimeOut", "TimeLimit", "SizeLimit", "RequestTimeout",
        "ConnectionTimeout", "RetryDelay", "AuthType", "AsAdLds", "EnableSSL", "SSL", "NoSigning",
        "Controls", "PageSize", "ScimSyntax", "TenantId", "ResponseUri", "MicrosoftAuthorityPath",
        "MicrosoftGraphPath", "MicrosoftGraphPathApi", "AzurePath", "AzurePathApi", "SubscriptionId",
        "IsolationLevel", "ProviderClassFullName", "ProviderDllName", "DistinguishedName",
        "TimeFormat", "WaitingTimeInSeconds", "OAuth2Url", "AuthenticationUrl", "ResponseSizeLimit",
        "TicketCookieDirectoryPath", "Domain", "Interactive", "LevelOfScan", "OnlyDirectoryScan",
        "Scanlevel", "InputDirectories", "CredentialsFilePath", "LDIFFile", "FilterAttribute",
        "FilterValues", "Attributes", "PowerShellScriptPath", "WorkflowJsonPath", "InputFilePath",
        "IsHana", "Instance", "Port", "Client", "Language", "IsLdapPasswordReset", "CsvUrls",
        "SheetIgnored",
    ].map { $0.lowercased() })

    /// Settings whose items are all public, whatever their key: `ValuesToTrim` (a list of strings)
    /// and `ExportSettingsOptions` (EasyVista: entity name → REST URL).
    static let publicContainers: Set<String> = ["valuestotrim", "exportsettingsoptions"]

    /// Substrings that make any segment secret, even one of an allowlisted name.
    static let secretMarkers = ["password", "pwd", "secret", "token", "apikey", "applicationkey"]

    /// Whether the value of the setting at `key` (`Servers:0:Server`, below the connection) must
    /// not be kept.
    static func isSecret(key: String) -> Bool {
        isSecret(path: key.split(separator: ":", omittingEmptySubsequences: false).map(String.init))
    }

    /// Whether the value of the setting at `path` (segments below the connection) must not be kept.
    static func isSecret(path: [String]) -> Bool {
        let segments = path.map { $0.lowercased() }
        if segments.contains(where: { segment in
            segment == "options" || secretMarkers.contains { segment.contains($0) }
        }) {
            return true
        }
        if segments.contains(where: publicContainers.contains) { return false }
        guard let name = segments.last(where: { !$0.isEmpty && !$0.allSatisfy(\.isASCIIDigit) }) else { return true }
        return !publicNames.contains(name)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
