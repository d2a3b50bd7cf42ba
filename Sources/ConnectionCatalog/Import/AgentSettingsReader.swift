import Foundation

/// Reads the `Connections` section (and `OpenId:AgentIdentifier`) of an `appsettings.agent.json`.
///
/// The file is parsed in the .NET configuration dialect (comments, trailing commas, BOM,
/// case-insensitive keys; see ``ConfigurationJSONParser``). Each member of `Connections` becomes
/// one ``ConnectionSettings``, in file order, with its object flattened the .NET way
/// (`Servers:0:Server`). Values that may be secret are dropped while reading (see
/// ``SettingClassifier``): only their presence reaches the result. All other sections
/// (`OpenIdClients`, `Databases`, `PasswordResetSettings`, ...) are ignored.
///
/// Doc: `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/appsettings-agent/index.md`.
public enum AgentSettingsReader {
    /// Reads and parses the file at `file`.
    /// - Parameter displayName: the name used in the result and in error locations.
    /// - Throws: ``InputError`` when the file is missing or unreadable, or for any reason
    ///   ``parse(_:file:)`` throws.
    public static func read(file: URL, displayName: String) throws -> AgentSettings {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            throw InputError(SourceLocation(file: displayName), "file not found",
                             hint: "check the path of appsettings.agent.json (it lives in the agent's runtime folder)")
        }
        guard !isDirectory.boolValue else {
            throw InputError(SourceLocation(file: displayName), "is a folder, not a file",
                             hint: "give the path of the appsettings.agent.json file itself")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw InputError(SourceLocation(file: displayName), "file cannot be read",
                             hint: "check that it is readable by the current user")
        }
        return try parse(data, file: displayName)
    }

    /// Parses the bytes of an `appsettings.agent.json`.
    /// - Parameter file: the name used in the result and in error locations.
    /// - Throws: ``InputError`` with line and column when the bytes are not valid UTF-8 (or UTF-16
    ///   with a BOM) or not valid .NET configuration JSON, when the top-level value is not an
    ///   object, or when `Connections` or one connection is not an object. Messages never quote
    ///   the file's text.
    public static func parse(_ data: Data, file: String) throws -> AgentSettings {
        let root = try ConfigurationJSONParser.parse(data, file: file)
        guard case .object = root else {
            throw InputError(SourceLocation(file: file, line: 1), "the top-level value is not an object",
                             hint: "write the agent settings as one JSON object, { \"Connections\": { ... } }")
        }
        var settings = AgentSettings(file: file)
        settings.agentIdentifier = root.member("OpenId")?.value.member("AgentIdentifier")?.value.scalarText
        guard let section = root.member("Connections") else { return settings }
        switch section.value {
        case .object(let members):
            settings.connections = try members.map { try connectionSettings($0, file: file) }
        case .null, .array([]):
            break
        case .array, .string, .number, .bool:
            throw InputError(
                SourceLocation(file: file, line: section.position.line, column: section.position.column, jsonPath: "Connections"),
                "'Connections' is not an object",
                hint: "write it as an object keyed by connection identifier, \"Connections\": { \"<identifier>\": { ... } }")
        }
        return settings
    }

    private static func connectionSettings(_ member: ConfigurationJSON.Member, file: String) throws -> ConnectionSettings {
        let connectionPath = "Connections:\(member.key)"
        switch member.value {
        case .object, .null, .array([]):
            break
        case .array, .string, .number, .bool:
            throw InputError(
                SourceLocation(file: file, line: member.position.line, column: member.position.column, jsonPath: connectionPath),
                "the settings of a connection are not an object",
                hint: "write them as an object of settings, \"\(member.key)\": { \"Path\": ... }")
        }
        let leaves = member.value == .null ? [] : member.value.leaves()
        let settings = leaves.map { leaf in
            let key = leaf.path.joined(separator: ":")
            let isSecret = SettingClassifier.isSecret(path: leaf.path)
            return ConnectionSetting(key: key, value: isSecret ? nil : leaf.value.scalarText,
                                     isSecret: isSecret, jsonPath: "\(connectionPath):\(key)")
        }
        return ConnectionSettings(
            connection: member.key, settings: settings,
            location: SourceLocation(file: file, line: member.position.line, jsonPath: connectionPath))
    }
}
