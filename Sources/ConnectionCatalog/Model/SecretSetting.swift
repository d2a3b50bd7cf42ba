/// Where the value of a setting comes from, in the agent's merge order, or that it has none.
///
/// Doc: `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/index.md`
/// (merge priority: `appsettings.agent.json`, `appsettings.encrypted.agent.json`, Azure Key Vault,
/// CyberArk).
public enum SecretKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// In clear in `appsettings.agent.json`.
    case plain
    /// RSA-encrypted in `appsettings.encrypted.agent.json`.
    case encrypted
    /// Not set in any file, and the agent reads an Azure Key Vault (`AzureKeyVault` section of the
    /// agent's `appsettings.json`): the vault may hold it, which cannot be known offline.
    case azureKeyVault = "azure_key_vault"
    /// The name of a CyberArk account, in `appsettings.cyberark.agent.json`.
    case cyberark
    /// Not set anywhere ConnectionCatalog can see.
    case absent

    /// Whether this kind means the value is set (as opposed to `absent`, `azure_key_vault`).
    public var isSet: Bool { self == .plain || self == .encrypted || self == .cyberark }
}

/// Whether a setting has a value: `set`, or `absent` (missing, `null` or empty).
public enum SettingState: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case set, absent
}

/// Why ConnectionCatalog withholds a value. See `docs/SECRETS.md` for the rules and their sources.
public enum SecretReason: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// A path segment's name says password, secret, token or key material (`Password`, `ApiKey`).
    case name
    /// Its position: under `OpenId:OpenIdClients`, under `Databases`, under a PowerShell `Options`.
    case position
    /// A connection string (`ConnectionString`, or a value under `Databases`), or a value whose
    /// text holds a credential whatever its name (a URL's password, a token query parameter, a
    /// connection string's password, Oracle's `user/password@db`): shown with its secret parts
    /// replaced.
    case connectionString = "connection_string"
    /// A connection setting whose name is not on the list of documented non-secret names.
    case unlisted
    /// Its value comes from `appsettings.encrypted.agent.json` or `appsettings.cyberark.agent.json`:
    /// its owner chose to protect it.
    case protected
}

/// A keyed fingerprint of a secret value: HMAC-SHA256 under a key kept outside the catalog.
///
/// It tells whether a value changed between two imports read with the same key, and nothing
/// else: without the key, nobody can test a password guess against it.
public struct SecretFingerprint: Sendable, Equatable, Hashable, Codable {
    /// First 8 hexadecimal digits of the SHA-256 of the key: which key made the fingerprint.
    public var keyID: String
    /// 64 lower-case hexadecimal digits.
    public var value: String

    public init(keyID: String, value: String) {
        self.keyID = keyID
        self.value = value
    }
}

/// What ConnectionCatalog knows about one secret of the agent settings — never its value.
public struct SecretSetting: Sendable, Equatable, Codable {
    /// The member of `Connections` it belongs to, as written; `nil` outside `Connections`
    /// (`OpenId:OpenIdClients:Job`, `Databases:Reporting`).
    public var connection: String?
    /// Path below the connection (`Servers:0:Password`); the full path outside `Connections`.
    public var key: String
    /// Full configuration path: `Connections:ADExport:Password`.
    public var jsonPath: String
    public var reason: SecretReason
    public var state: SettingState
    public var kind: SecretKind
    /// `nil` when absent, or when the settings were read without a fingerprint key.
    public var fingerprint: SecretFingerprint?
    /// For a connection string read in clear: the string with the value of every secret part
    /// replaced by `<secret>` (`Data Source=db;Password=<secret>`). `nil` otherwise.
    public var redactedValue: String?
    /// Where the value in force is written (the file that wins the merge, the line of its key).
    public var location: SourceLocation
    /// Line of the key in `appsettings.agent.json` when that file holds this secret in clear (a
    /// password, client secret, token, key, or a connection string's password part), even when an
    /// overlay overrides it; `nil` otherwise.
    public var plainTextLine: Int?

    public init(
        connection: String?, key: String, jsonPath: String, reason: SecretReason, state: SettingState,
        kind: SecretKind, fingerprint: SecretFingerprint? = nil, redactedValue: String? = nil,
        location: SourceLocation, plainTextLine: Int? = nil
    ) {
        self.connection = connection
        self.key = key
        self.jsonPath = jsonPath
        self.reason = reason
        self.state = state
        self.kind = kind
        self.fingerprint = fingerprint
        self.redactedValue = redactedValue
        self.location = location
        self.plainTextLine = plainTextLine
    }
}

/// A secret written in clear in `appsettings.agent.json`: what the configuration check reports
/// as a warning (domain rule 10; `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/index.md`).
///
/// Either a whole value whose name or position says secret (`Password`, `ClientSecret`, an OpenID
/// client secret), or a credential inside a value, whatever its name: a URL's password
/// (`ldaps://svc:...@host`), a `password`, `token` or `sig` parameter, a connection string's
/// `Password=` (``credentialInValue``). The value itself is never known here.
public struct PlainTextSecret: Sendable, Equatable, Codable {
    /// The connection, or `nil` outside `Connections`.
    public var connection: String?
    /// Path below the connection, or the full path outside `Connections`.
    public var key: String
    /// `appsettings.agent.json`, the line of the key, and the full JSON path.
    public var location: SourceLocation
    /// Where the value in force comes from: `plain`, or an overlay that overrides the clear text
    /// (which still sits in the file).
    public var kind: SecretKind
    /// `true` when the credential is a part of the value (a URL's password, a token parameter, a
    /// connection string's password) rather than the whole value.
    public var credentialInValue: Bool

    public init(connection: String?, key: String, location: SourceLocation, kind: SecretKind, credentialInValue: Bool = false) {
        self.connection = connection
        self.key = key
        self.location = location
        self.kind = kind
        self.credentialInValue = credentialInValue
    }

    /// Whether a secret withheld for `reason` and found in clear is a credential inside its value:
    /// a secret by name, or an OpenID client secret, is the whole value; a connection string, a
    /// value withheld by caution (an unlisted name, a PowerShell option) or a public value is
    /// reported only for the credential its text holds.
    /// - Parameter key: the full path outside `Connections` (`OpenId:OpenIdClients:Job`), else
    ///   the path below the connection; `connection` is `nil` outside `Connections`.
    public static func isCredentialInValue(reason: SecretReason, connection: String?, key: String) -> Bool {
        switch reason {
        case .name: return false
        case .position: return connection != nil || !key.lowercased().hasPrefix("openid:openidclients:")
        case .connectionString, .unlisted, .protected: return true
        }
    }

    /// One-line message for a finding. It names the setting and never its value.
    public var message: String {
        let subject = connection.map { "'\(key)' of connection '\($0)'" } ?? "'\(key)'"
        let overridden = kind == .plain ? "" : " (overridden by the \(kind.rawValue) value, but still in the file)"
        guard credentialInValue else { return "\(subject) is written in clear in appsettings.agent.json\(overridden)" }
        return "the value of \(subject) holds a credential written in clear in appsettings.agent.json "
            + "(a URL password, a password, token or signature parameter, or a connection string password)\(overridden)"
    }

    /// What to do about it.
    public static let hint =
        "move it to appsettings.encrypted.agent.json (Usercube-Protect-X509JsonValue), "
        + "Azure Key Vault or CyberArk, and remove it from appsettings.agent.json"
}
