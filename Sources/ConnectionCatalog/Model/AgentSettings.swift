import Foundation

/// One leaf of a connection's settings in `appsettings.agent.json`, flattened the .NET way.
///
/// A setting that may hold a secret keeps only its presence: `value` is `nil` and `isSecret` is
/// `true` (what is known about it is a ``SecretSetting`` of ``AgentSettings/secrets`` with the same
/// `jsonPath`). Secret values never enter this type. Doc:
/// `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/appsettings-agent/index.md`.
public struct ConnectionSetting: Sendable, Equatable, Codable {
    /// Path below the connection, `:`-separated, array indexes as numbers: `Servers:0:Server`.
    public var key: String
    /// The value as written (`true`, `5000`, `;`) for settings that cannot be secret; `nil` for
    /// secrets and for JSON `null`.
    public var value: String?
    public var isSecret: Bool
    /// Full configuration path: `Connections:DirParisExport:Servers:0:Server`.
    public var jsonPath: String

    public init(key: String, value: String?, isSecret: Bool, jsonPath: String) {
        self.key = key
        self.value = value
        self.isSecret = isSecret
        self.jsonPath = jsonPath
    }
}

/// The settings of one connection: the object under `Connections:<identifier>`.
public struct ConnectionSettings: Sendable, Equatable, Codable {
    /// The key as written under `Connections` (matched to Connection identifiers case-insensitively).
    public var connection: String
    public var settings: [ConnectionSetting]
    public var location: SourceLocation

    public init(connection: String, settings: [ConnectionSetting], location: SourceLocation) {
        self.connection = connection
        self.settings = settings
        self.location = location
    }

    /// The non-secret value at `key` (case-insensitive, as .NET configuration compares keys).
    public func value(_ key: String) -> String? {
        settings.first { CaseInsensitive.equal($0.key, key) }?.value
    }
}

/// What ConnectionCatalog keeps from an `appsettings.agent.json` and the overlays beside it: the
/// `Connections` section, redacted, and what is known about every secret of the files.
public struct AgentSettings: Sendable, Equatable, Codable {
    /// The file as the user named it or as it was found.
    public var file: String
    public var connections: [ConnectionSettings]
    /// `OpenId:AgentIdentifier`, when present.
    public var agentIdentifier: String?
    /// Every withheld value, in `Connections` and in other sections (`OpenId:OpenIdClients`,
    /// `Databases`, `PasswordResetSettings`...), in file order (plain file first, then keys set
    /// only in an overlay).
    public var secrets: [SecretSetting]
    /// The overlay files read beside the plain file (`appsettings.encrypted.agent.json`,
    /// `appsettings.cyberark.agent.json`), as displayed.
    public var overlays: [String]
    /// The agent's `appsettings.json` beside the file has an `AzureKeyVault` section.
    public var usesAzureKeyVault: Bool

    public init(
        file: String, connections: [ConnectionSettings] = [], agentIdentifier: String? = nil,
        secrets: [SecretSetting] = [], overlays: [String] = [], usesAzureKeyVault: Bool = false
    ) {
        self.file = file
        self.connections = connections
        self.agentIdentifier = agentIdentifier
        self.secrets = secrets
        self.overlays = overlays
        self.usesAzureKeyVault = usesAzureKeyVault
    }

    /// The secrets written in clear in `appsettings.agent.json` (see ``SecretSetting/plainTextLine``).
    public var plainTextSecrets: [PlainTextSecret] {
        secrets.compactMap { secret in
            secret.plainTextLine.map { line in
                PlainTextSecret(
                    connection: secret.connection, key: secret.key,
                    location: SourceLocation(file: file, line: line, jsonPath: secret.jsonPath), kind: secret.kind,
                    credentialInValue: PlainTextSecret.isCredentialInValue(reason: secret.reason, connection: secret.connection, key: secret.key))
            }
        }
    }

    /// The settings of `connection`, compared case-insensitively.
    public func settings(for connection: String) -> ConnectionSettings? {
        connections.first { CaseInsensitive.equal($0.connection, connection) }
    }
}

/// ``AgentSettings/settings(for:)`` for many look-ups: one dictionary look-up for an ASCII
/// identifier (plus a comparison with each non-ASCII key, rare), a scan only for a non-ASCII one.
struct ConnectionSettingsIndex {
    private let connections: [ConnectionSettings]
    /// Lower-cased ASCII key → index of the first connection with it.
    private let asciiFirst: [String: Int]
    /// Indexes of the connections whose key is not ASCII, in order.
    private let others: [Int]

    init(_ settings: AgentSettings?) {
        connections = settings?.connections ?? []
        var asciiFirst: [String: Int] = [:]
        var others: [Int] = []
        for (index, connection) in connections.enumerated() {
            if CaseInsensitive.isASCII(connection.connection) {
                let key = connection.connection.lowercased()
                if asciiFirst[key] == nil { asciiFirst[key] = index }
            } else {
                others.append(index)
            }
        }
        self.asciiFirst = asciiFirst
        self.others = others
    }

    /// The first connection whose key equals `identifier` case-insensitively, as
    /// ``AgentSettings/settings(for:)`` answers.
    func settings(for identifier: String) -> ConnectionSettings? {
        guard CaseInsensitive.isASCII(identifier) else {
            return connections.first { CaseInsensitive.equal($0.connection, identifier) }
        }
        var found = asciiFirst[identifier.lowercased()]
        for index in others where found.map({ index < $0 }) ?? true {
            if CaseInsensitive.equal(connections[index].connection, identifier) {
                found = index
                break
            }
        }
        return found.map { connections[$0] }
    }
}

/// Case-insensitive equality as `caseInsensitiveCompare(_:) == .orderedSame`, without its cost
/// (a Foundation call and allocations) when both strings are ASCII, as identifiers almost always are.
enum CaseInsensitive {
    static func equal(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        let ascii = a.withUTF8 { x in
            b.withUTF8 { y -> Bool? in
                guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] {
                    let (l, r) = (x[i] | 0x20, y[i] | 0x20)
                    guard l == r, l >= 0x61, l <= 0x7A else { return false }
                }
                return true
            }
        }
        return ascii ?? (a.caseInsensitiveCompare(b) == .orderedSame)
    }

    /// Whether the string is ASCII, where `lowercased()` equality is ``equal(_:_:)``.
    static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }
}

/// How the members of `appsettings.agent.json > Connections` match the Connections the XML
/// configuration declares (case-insensitively, as the agent matches them). Doc:
/// `docs/identitymanager/6.1/integration-guide/connectors/configuration-details/connections/index.md`
/// (a connection is declared both in the XML configuration and in `appsettings.agent.json`).
public struct AgentSettingsMatch: Sendable, Equatable {
    /// How many Connections the configuration declares.
    public var declared: Int
    /// How many of them have settings under `Connections`.
    public var withSettings: Int
    /// The members of `Connections` that match no declared Connection, as written, in file order.
    public var undeclared: [String]

    public init(declared: Int, withSettings: Int, undeclared: [String]) {
        self.declared = declared
        self.withSettings = withSettings
        self.undeclared = undeclared
    }
}
