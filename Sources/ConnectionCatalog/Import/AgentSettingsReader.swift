import Foundation

/// Reads the agent settings: `appsettings.agent.json` and, beside it, the overlays
/// `appsettings.encrypted.agent.json` and `appsettings.cyberark.agent.json`, merged the agent's way
/// (the last file defining a key wins), and the `AzureKeyVault` switch of the agent's
/// `appsettings.json`.
///
/// Each file is parsed in the .NET configuration dialect (comments, trailing commas, BOM,
/// case-insensitive keys; see ``ConfigurationJSONParser``). Each member of `Connections` becomes
/// one ``ConnectionSettings``, in file order, with its object flattened the .NET way
/// (`Servers:0:Server`); a key written with `:` (`"SnowTicket:Options": {...}`) is the path it
/// spells (``ConfigurationJSON/expandingKeyPaths()``). Values that may be secret (see ``SettingClassifier``), and every value an
/// overlay sets, are withheld while reading: only their presence, where they come from and a keyed
/// fingerprint (``SecretFingerprinter``) reach the result, as ``AgentSettings/secrets``. Comments
/// are skipped by the parser and never kept. Outside `Connections`, only `OpenId:AgentIdentifier`
/// and the presence of secrets are kept; nothing of `appsettings.json` is kept but the switch.
///
/// Docs: `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/appsettings-agent/index.md`,
/// `.../agent-configuration/index.md` (merge priority), `.../agent-configuration/rsa-encryption/index.md`,
/// `.../agent-configuration/azure-key-vault/index.md`,
/// `.../agent-configuration/cyberark-application-access-manager-credential-providers/index.md`.
public enum AgentSettingsReader {
    /// The overlay files, in merge order, and the kind of the values they set. File names are
    /// matched case-insensitively (the CyberArk page also spells it `appsettings.cyberArk.agent.json`).
    static let overlays: [(name: String, kind: SecretKind)] = [
        ("appsettings.encrypted.agent.json", .encrypted),
        ("appsettings.cyberark.agent.json", .cyberark),
    ]
    static let appSettingsName = "appsettings.json"

    /// One file of agent settings: its displayed name, the kind of value it holds, its bytes.
    struct Source {
        var file: String
        var kind: SecretKind
        var data: Data
    }

    /// Reads and parses the file at `file` and the overlays beside it.
    /// - Parameters:
    ///   - displayName: the name used in the result and in error locations; overlays are named
    ///     after it (same folder).
    ///   - fingerprinter: fingerprints secrets; `nil` records none (changes are then unknown).
    /// - Throws: ``InputError`` when the file is missing, unreadable, not a regular file (a
    ///   dangling link, a FIFO) or larger than ``InputFile/Limit/agentSettingsFile``, when an overlay or
    ///   `appsettings.json` beside it is unreadable, or for any reason ``parse(_:file:fingerprinter:)``
    ///   throws, located in the file at fault.
    public static func read(file: URL, displayName: String, fingerprinter: SecretFingerprinter? = nil) throws -> AgentSettings {
        switch InputFile.kind(file.path) {
        case .file: break
        case .missing:
            throw InputError(
                SourceLocation(file: displayName), "file not found",
                hint: "check the path of appsettings.agent.json (it lives in the agent's runtime folder)")
        case let kind:
            throw InputError(
                SourceLocation(file: displayName), InputFile.problem(kind) ?? "is not a regular file",
                hint: "give the path of the appsettings.agent.json file itself")
        }
        let folder = file.deletingLastPathComponent()
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        func sibling(_ name: String) -> (url: URL, display: String)? {
            guard let actual = siblings.first(where: { $0.lowercased() == name }) else { return nil }
            let slash = displayName.lastIndex(of: "/")
            return (folder.appendingPathComponent(actual), slash.map { String(displayName[...$0]) + actual } ?? actual)
        }
        var sources = [Source(file: displayName, kind: .plain, data: try bytes(of: file, displayName: displayName))]
        for overlay in overlays {
            guard let found = sibling(overlay.name), found.url.standardizedFileURL != file.standardizedFileURL else { continue }
            sources.append(Source(file: found.display, kind: overlay.kind, data: try bytes(of: found.url, displayName: found.display)))
        }
        var usesAzureKeyVault = false
        if let found = sibling(appSettingsName) {
            var appSettings = try bytes(of: found.url, displayName: found.display)
            usesAzureKeyVault = try hasAzureKeyVault(&appSettings, file: found.display)
        }
        return try parse(&sources, usesAzureKeyVault: usesAzureKeyVault, fingerprinter: fingerprinter)
    }

    /// Parses the bytes of an `appsettings.agent.json`, without overlays.
    /// - Parameters:
    ///   - file: the name used in the result and in error locations.
    ///   - fingerprinter: fingerprints secrets; `nil` records none.
    /// - Throws: ``InputError`` with line and column when the bytes are not valid UTF-8 (or UTF-16
    ///   with a BOM) or not valid .NET configuration JSON, when the top-level value is not an
    ///   object, or when `Connections` or one connection is not an object. Messages never quote
    ///   the file's text.
    public static func parse(_ data: Data, file: String, fingerprinter: SecretFingerprinter? = nil) throws -> AgentSettings {
        var sources = [Source(file: file, kind: .plain, data: data)]
        return try parse(&sources, usesAzureKeyVault: false, fingerprinter: fingerprinter)
    }

    /// Parses `sources` (the plain file first, then overlays in merge order) and merges them.
    /// Each source's bytes are overwritten with zeros once parsed (when the caller holds no other
    /// reference to them; copies made by the parser are released, not erased).
    static func parse(_ sources: inout [Source], usesAzureKeyVault: Bool, fingerprinter: SecretFingerprinter?) throws -> AgentSettings {
        var merger = AgentSettingsMerger(sources: sources.map { ($0.file, $0.kind) })
        var agentIdentifier: String?
        for index in sources.indices {
            let file = sources[index].file
            defer { sources[index].data.resetBytes(in: 0..<sources[index].data.count) }
            let root = try ConfigurationJSONParser.parse(sources[index].data, file: file).expandingKeyPaths()
            let members = try topLevelMembers(root, file: file)
            if index == 0 {
                agentIdentifier = root.member("OpenId")?.value.member("AgentIdentifier")?.value.scalarText
            }
            for member in members {
                if member.key.caseInsensitiveCompare("Connections") == .orderedSame {
                    for connection in try connectionMembers(member, file: file) {
                        merger.add(connection: connection, from: index)
                    }
                } else {
                    merger.add(member: member, from: index)
                }
            }
        }
        var settings = merger.settings(usesAzureKeyVault: usesAzureKeyVault, fingerprinter: fingerprinter)
        settings.agentIdentifier = agentIdentifier
        return settings
    }

    /// The bytes of `url`, a regular file of at most ``InputFile/Limit/agentSettingsFile`` bytes
    /// (checked before reading).
    private static func bytes(of url: URL, displayName: String) throws -> Data {
        try InputFile.read(url, displayName: displayName, limit: InputFile.Limit.agentSettingsFile, what: "agent settings file")
    }

    /// Whether the agent's `appsettings.json` has a non-empty `AzureKeyVault` section. Nothing else
    /// of the file is kept (it holds certificate passwords and vault credentials).
    private static func hasAzureKeyVault(_ data: inout Data, file: String) throws -> Bool {
        defer { data.resetBytes(in: 0..<data.count) }
        let root = try ConfigurationJSONParser.parse(data, file: file).expandingKeyPaths()
        guard case .object = root else {
            throw InputError(
                SourceLocation(file: file, line: 1), "the top-level value is not an object",
                hint: "write the agent's settings as one JSON object")
        }
        switch root.member("AzureKeyVault")?.value {
        case .object(let members): return !members.isEmpty
        default: return false
        }
    }

    private static func topLevelMembers(_ root: ConfigurationJSON, file: String) throws -> [ConfigurationJSON.Member] {
        guard case .object(let members) = root else {
            throw InputError(
                SourceLocation(file: file, line: 1), "the top-level value is not an object",
                hint: "write the agent settings as one JSON object, { \"Connections\": { ... } }")
        }
        return members
    }

    private static func connectionMembers(_ section: ConfigurationJSON.Member, file: String) throws -> [ConfigurationJSON.Member] {
        let connections: [ConfigurationJSON.Member]
        switch section.value {
        case .object(let members): connections = members
        case .null, .array([]): return []
        case .array, .string, .number, .bool:
            throw InputError(
                SourceLocation(file: file, line: section.position.line, column: section.position.column, jsonPath: "Connections"),
                "'Connections' is not an object",
                hint: "write it as an object keyed by connection identifier, \"Connections\": { \"<identifier>\": { ... } }")
        }
        for member in connections {
            switch member.value {
            case .object, .null, .array([]):
                continue
            case .array, .string, .number, .bool:
                throw InputError(
                    SourceLocation(
                        file: file, line: member.position.line, column: member.position.column,
                        jsonPath: "Connections:\(member.key)"),
                    "the settings of a connection are not an object",
                    hint: "write them as an object of settings, \"\(member.key)\": { \"Path\": ... }")
            }
        }
        return connections
    }
}
