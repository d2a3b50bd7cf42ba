/// A row of `conncat settings`: one flattened agent setting and, for a secret, what is known of it.
/// Its JSON field names are ``CodingKeys``.
public struct SettingRow: Sendable, Equatable, Codable {
    /// The connection: its identifier as the XML configuration declares it when a Connection
    /// matches the member of `Connections` (case-insensitively, as the agent matches them), else
    /// the member as written; `nil` for a secret outside `Connections` (`OpenId:OpenIdClients:Job`,
    /// `Databases:Reporting`).
    public var connection: String?
    /// The member of `Connections` as written in `appsettings.agent.json` (`rhcsv` for the
    /// Connection `RhCsv`); `nil` outside `Connections`.
    public var settingsConnection: String?
    /// Path below the connection (`Servers:0:Server`), or the full path outside `Connections`.
    public var key: String
    /// A non-secret value as written; for a connection string, the string with its secret parts
    /// replaced by `<secret>`; `nil` for any other secret and for JSON `null`.
    public var value: String?
    public var secret: Bool
    /// `set` or `absent` (missing, `null` or empty); `nil` when recorded by a conncat that did not
    /// keep it (import again to fill it).
    public var state: SettingState?
    /// Where the value comes from (`plain`, `encrypted`, `azure_key_vault`, `cyberark`, `absent`);
    /// `nil` when unknown (see `state`).
    public var kind: SecretKind?
    /// For a secret: whether it changed between the previous import and the latest one; `nil` for
    /// a non-secret, and when unknown (first import, fingerprints made with another key).
    public var changedSincePreviousImport: Bool?

    public init(
        connection: String?, settingsConnection: String? = nil, key: String, value: String?, secret: Bool, state: SettingState?,
        kind: SecretKind?, changedSincePreviousImport: Bool?
    ) {
        self.connection = connection
        self.settingsConnection = settingsConnection ?? connection
        self.key = key
        self.value = value
        self.secret = secret
        self.state = state
        self.kind = kind
        self.changedSincePreviousImport = changedSincePreviousImport
    }

    /// The JSON field names (snake_case), in output order: the one declaration of this type's
    /// JSON contract. `Codable` and every renderer of the type (JSON keys, CSV and table
    /// headers) take the names from here.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case connection
        case settingsConnection = "settings_connection"
        case key, value, secret, state, kind
        case changedSincePreviousImport = "changed_since_previous_import"
    }
}

/// What one import recorded about a secret: the facts compared across imports.
public struct SecretObservation: Sendable, Equatable, Codable {
    public var state: SettingState
    public var kind: SecretKind
    public var fingerprint: SecretFingerprint?

    public init(state: SettingState, kind: SecretKind, fingerprint: SecretFingerprint?) {
        self.state = state
        self.kind = kind
        self.fingerprint = fingerprint
    }

    /// What an import that did not record the secret knew of it: absent.
    public static let absent = SecretObservation(state: .absent, kind: .absent, fingerprint: nil)

    /// Whether the secret changed since `previous` (what an earlier import recorded; `nil`
    /// counts as ``absent``), the one rule every comparison of two imports follows:
    /// - `true` when the state differs (absent → set), or when both are set and the kind differs
    ///   (plain → encrypted) or the fingerprints, made with the same key, differ;
    /// - `false` when both are absent (whatever may hold it: an Azure Key Vault is not a value),
    ///   or when both are set alike with equal fingerprints;
    /// - `nil` (unknown) when both are set with the same kind but the fingerprints cannot be
    ///   compared (one missing, or made with different keys).
    public func changed(since previous: SecretObservation?) -> Bool? {
        let before = previous ?? .absent
        if state != before.state { return true }
        if state == .absent { return false }
        if kind != before.kind { return true }
        guard let now = fingerprint, let then = before.fingerprint, now.keyID == then.keyID else { return nil }
        return now.value != then.value
    }
}

/// A setting as the catalog holds it, with what the latest and the previous import recorded of
/// it when it is a secret. Produced by the store; turned into a ``SettingRow`` by
/// ``ConnectionSettingsQuery``.
public struct StoredSetting: Sendable, Equatable {
    /// The declared identifier of the connection, else the `Connections` member as written.
    public var connection: String?
    /// The `Connections` member as written.
    public var settingsConnection: String?
    public var key: String
    /// The public value, or a connection string's redacted form.
    public var value: String?
    public var secret: Bool
    /// What the latest import recorded (secrets only; `nil` when it recorded nothing).
    public var latest: SecretObservation?
    /// What the import before it recorded (secrets only; `nil` when nothing).
    public var previous: SecretObservation?

    public init(
        connection: String?, settingsConnection: String? = nil, key: String, value: String?, secret: Bool,
        latest: SecretObservation?, previous: SecretObservation?
    ) {
        self.connection = connection
        self.settingsConnection = settingsConnection ?? connection
        self.key = key
        self.value = value
        self.secret = secret
        self.latest = latest
        self.previous = previous
    }
}
