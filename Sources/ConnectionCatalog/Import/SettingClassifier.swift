/// Decides which values of the agent settings may be kept, by name and by position, at any depth.
///
/// A value is withheld (see ``SecretReason``) when
///
/// 1. **name** — a segment of its path, normalised (case, spaces, `_`, `-` and `.` ignored),
///    contains `password`, `passwd`, `pwd`, `secret`, `token`, `apikey`, `passphrase` or
///    `privatekey`, or ends with `key` (`ApplicationKey`, `AppKey`, `AccountKey`,
///    `SharedAccessKey`). Covers `Password`, `Pwd`, `ClientSecret`, `ApplicationKey`, `ApiKey`,
///    `OAuthToken`, `BearerToken`, `AsePassword`, `BapiPassword`, and arrays of them
///    (`Passwords:0`). The documented section names `PasswordResetSettings` and
///    `TokenBuildingSettings` are containers, not secrets, and do not count;
/// 2. **position** — it lies under `OpenId:OpenIdClients` (client id → plain secret), or, in a
///    connection, under `Options` (PowerShellProv passes them to its script; documented as
///    Key Vault and CyberArk secrets);
/// 3. **connection string** — its name is `ConnectionString`, or it lies under `Databases`
///    (top-level section: name → connection string, for `InvokeSqlCommandTask`; in a connection:
///    SQL Server Entitlements' list). Such values are secret-bearing: their password parts are
///    withheld and the other parts kept (``ConnectionStringRedactor``);
/// 4. **unlisted** — under `Connections:<id>`, its name (the last segment that is not an array
///    index) is not in ``publicNames`` and no segment is in ``publicContainers``: an unknown or
///    misspelled key is withheld rather than stored in clear. `Login`, `ApplicationId`,
///    `ClientId`, `User`, `Account` are withheld this way (documented as credentials that
///    CyberArk can hold).
///
/// Before these, a setting whose name a connector page documents (``DocumentedSettings``) is
/// what the page says: a value (`IsLdapPasswordReset`, `RobotFrameworkScriptPath`, SCIM
/// `EntryFile`, SQL Server Entitlements' list of `Databases`) or a connection string; a
/// documented credential (`Login`, `Password`, `ApplicationKey`) stays withheld by the rules
/// below.
///
/// Outside `Connections`, only withheld values are recorded (as presence); other values are not
/// read.
///
/// Sources: the per-connector key tables of
/// `docs/identitymanager/6.1/integration-guide/connectors/references-connectors/*/index.md`,
/// `.../network-configuration/agent-configuration/appsettings-agent/index.md` (`OpenIdClients`,
/// `Databases`), the CyberArk and Azure Key Vault pages of `.../agent-configuration/`, and
/// `.../connectors/how-tos/configure-secured-options/index.md`.
enum SettingClassifier {
    /// How a value is treated.
    enum Class: Equatable {
        /// Kept as written.
        case keep
        /// Withheld entirely.
        case secret(SecretReason)
        /// A connection string: withheld, shown with its secret parts replaced.
        case connectionString
    }

    /// Setting names whose value cannot be a credential: paths, formats, LDAP locations, timeouts,
    /// switches, tenant and endpoint addresses.
    static let publicNames: Set<String> = Set(
        [
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

    /// Substrings of a normalised segment that make it secret.
    static let secretMarkers = ["password", "passwd", "pwd", "secret", "token", "apikey", "passphrase", "privatekey"]

    /// Documented section names that contain a marker but are containers of ordinary settings.
    static let containerSections: Set<String> = ["passwordresetsettings", "tokenbuildingsettings"]

    /// ``isSecretName(_:)`` computed on the bytes of an ASCII name (where lower-casing and
    /// searching bytes is exactly what the general path does); `nil` for other names.
    private static func isSecretASCIIName(_ name: String) -> Bool? {
        var normalised: [UInt8] = []
        normalised.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case 0x20, 0x5F, 0x2D, 0x2E, 0x09: continue  // " _-.\t"
            case 0x41...0x5A: normalised.append(byte | 0x20)
            default: normalised.append(byte)
            }
        }
        if containerSectionBytes.contains(normalised) { return false }
        if secretMarkerBytes.contains(where: { contains(normalised, $0) }) { return true }
        return normalised.count >= 3 && normalised.suffix(3).elementsEqual("key".utf8)
    }

    private static let secretMarkerBytes: [[UInt8]] = secretMarkers.map { Array($0.utf8) }
    private static let containerSectionBytes: Set<[UInt8]> = Set(containerSections.map { Array($0.utf8) })

    /// Whether `needle` occurs in `haystack`.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        outer: for start in 0...(haystack.count - needle.count) {
            for offset in 0..<needle.count where haystack[start + offset] != needle[offset] { continue outer }
            return true
        }
        return false
    }

    /// Whether a single name (a JSON key, or the key of a connection string part) says secret.
    static func isSecretName(_ name: String) -> Bool {
        if let verdict = isSecretASCIIName(name) { return verdict }
        let normalised = String(name.lowercased().unicodeScalars.filter { !" _-.\t".unicodeScalars.contains($0) })
        guard !containerSections.contains(normalised) else { return false }
        return secretMarkers.contains { normalised.contains($0) } || normalised.hasSuffix("key")
    }

    /// How to treat the value at `path` (all segments from the root of the file, array indexes as
    /// numbers: `["Connections", "ADExport", "Servers", "0", "Server"]`).
    static func classify(fullPath path: [String]) -> Class {
        let segments = path.map { $0.lowercased() }
        // A connection's settings are named by the connector pages (the identifier is no value).
        if segments.count >= 3, segments[0] == "connections" { return classify(connectionPath: Array(path.dropFirst(2))) }
        if segments.contains(where: isSecretName) { return .secret(.name) }
        if segments.count >= 2, segments[0] == "openid", segments[1] == "openidclients" { return .secret(.position) }
        guard segments.first == "connections", segments.count >= 3 else {
            if segments.first == "databases" || segments.last == "connectionstring" { return .connectionString }
            return .keep
        }
        return classify(connectionPath: Array(path.dropFirst(2)))
    }

    /// How to treat the value at `path`, segments below `Connections:<id>` (`["Servers", "0", "Server"]`).
    static func classify(connectionPath path: [String]) -> Class {
        let segments = path.map { $0.lowercased() }
        if let documented = documentedClass(segments) { return documented }
        if segments.contains(where: isSecretName) { return .secret(.name) }
        if segments.contains("options") { return .secret(.position) }
        if segments.contains("databases") || segments.last == "connectionstring" { return .connectionString }
        if segments.contains(where: publicContainers.contains) { return .keep }
        guard let name = segments.last(where: { !$0.isEmpty && !$0.allSatisfy(\.isASCIIDigit) }),
            publicNames.contains(name)
        else { return .secret(.unlisted) }
        return .keep
    }

    /// The class the connector pages give the setting at `segments` (lower-cased, below the
    /// connection), by its name (the last segment that is not an array index) in
    /// ``DocumentedSettings``; `nil` when the name is not documented, or when it lies under
    /// `Options` or under a segment whose name marks a secret (the name alone cannot vouch for it).
    static func documentedClass(_ segments: [String]) -> Class? {
        guard let index = segments.lastIndex(where: { !$0.isEmpty && !$0.allSatisfy(\.isASCIIDigit) }),
            let kind = DocumentedSettings.kind(of: segments[index])
        else { return nil }
        let containers = segments[..<index]
        guard !containers.contains("options"), !containers.contains(where: isSecretName) else { return nil }
        switch kind {
        case .value: return .keep
        case .credential: return nil  // withheld by the rules below, as before (name or unlisted)
        case .connectionString: return .connectionString
        }
    }

    /// Whether the value of the connection setting at `key` (`Servers:0:Server`) is withheld.
    static func isSecret(key: String) -> Bool {
        isSecret(path: key.split(separator: ":", omittingEmptySubsequences: false).map(String.init))
    }

    /// Whether the value of the connection setting at `path` (segments below the connection) is withheld.
    static func isSecret(path: [String]) -> Bool {
        classify(connectionPath: path) != .keep
    }

    /// XML attribute names that carry a secret (`HashedSecret` of `<OpenIdClient>`, XML OpenIdClient
    /// page, `docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/access-control/openidclient/index.md`),
    /// compared case-insensitively. Exact names, not markers: `PasswordResetSetting` on resource
    /// type mappings is a reference, not a secret.
    static let secretXMLAttributes: Set<String> = [
        "hashedsecret", "secret", "clientsecret", "password", "pwd", "apikey", "applicationkey", "token",
        "credential", "credentials",
    ]

    /// XML attributes whose names contain a marker but are documented references, not secrets.
    static let nonSecretXMLAttributes: Set<String> = ["passwordresetsetting", "passwordresetsettings"]

    /// An XML attribute carries a secret when its name is one of ``secretXMLAttributes``, or says
    /// so as a JSON key would (``secretMarkers``: `SecretKey`, `AccessToken`, `UserPassword`), or
    /// names a credential (`Credential`, `UserCredentials`), or
    /// ends with `key` (`AccountKey`) — except the documented key flags (`IsKey`, `IsPrimaryKey`,
    /// `IsUniqueKey`) and references (`PasswordResetSetting`).
    static func isSecretXMLAttribute(_ name: String) -> Bool {
        let normalised = String(name.lowercased().unicodeScalars.filter { !" _-.\t".unicodeScalars.contains($0) })
        if secretXMLAttributes.contains(normalised) { return true }
        if nonSecretXMLAttributes.contains(normalised) { return false }
        if secretMarkers.contains(where: { normalised.contains($0) }) || normalised.contains("credential") { return true }
        return normalised.hasSuffix("key") && !normalised.hasPrefix("is")
    }
}

extension SettingClassifier {
    /// The classifications already made, by name: an import meets a few dozen distinct XML
    /// attribute names and setting paths hundreds of thousands of times, and classifies each
    /// distinct one once. Answers exactly as ``SettingClassifier`` does. One per import (a value,
    /// not shared between threads).
    struct Memo {
        private var xmlAttributes: [String: Bool] = [:]
        private var names: [String: Bool] = [:]
        private var connectionPaths: [[String]: Class] = [:]

        init() {}

        /// ``SettingClassifier/isSecretXMLAttribute(_:)``, once per distinct name.
        mutating func isSecretXMLAttribute(_ name: String) -> Bool {
            if let known = xmlAttributes[name] { return known }
            let verdict = SettingClassifier.isSecretXMLAttribute(name)
            xmlAttributes[name] = verdict
            return verdict
        }

        /// How the import treats an XML attribute, by its name alone.
        enum XMLAttributeKind {
            /// Its name says secret (``SettingClassifier/isSecretXMLAttribute(_:)``): withheld whole.
            case secret
            /// `ConnectionString` (any case): its password parts are withheld.
            case connectionString
            /// Anything else: kept, but for credentials its value holds by content.
            case other
        }

        private var xmlAttributeKinds: [String: XMLAttributeKind] = [:]

        /// The ``XMLAttributeKind`` of an attribute named `name`, once per distinct name.
        mutating func xmlAttributeKind(_ name: String) -> XMLAttributeKind {
            if let known = xmlAttributeKinds[name] { return known }
            let kind: XMLAttributeKind =
                isSecretXMLAttribute(name)
                ? .secret
                : name.lowercased() == "connectionstring" ? .connectionString : .other
            xmlAttributeKinds[name] = kind
            return kind
        }

        /// ``SettingClassifier/isSecretName(_:)``, once per distinct name.
        mutating func isSecretName(_ name: String) -> Bool {
            if let known = names[name] { return known }
            let verdict = SettingClassifier.isSecretName(name)
            names[name] = verdict
            return verdict
        }

        /// ``SettingClassifier/classify(fullPath:)``. Below `Connections:<id>` the answer does not
        /// depend on the id (``SettingClassifier/classify(connectionPath:)``), so the rest of the
        /// path is classified once for all connections; other paths are classified as they come.
        mutating func classify(fullPath path: [String]) -> Class {
            guard path.count >= 3, path[0].utf8.count == 11, path[0].lowercased() == "connections" else {
                return SettingClassifier.classify(fullPath: path)
            }
            let below = Array(path[2...])
            if let known = connectionPaths[below] { return known }
            let verdict = SettingClassifier.classify(connectionPath: below)
            connectionPaths[below] = verdict
            return verdict
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
