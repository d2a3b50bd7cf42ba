import Foundation

/// Reads the `Connections` section (and `OpenId:AgentIdentifier`) of an `appsettings.agent.json`.
public enum AgentSettingsReader {
    /// - Throws: ``InputError`` with line and column for unparsable JSON, never quoting the text.
    public static func read(file: URL, displayName: String) throws -> AgentSettings {
        fatalError("TODO")
    }

    public static func parse(_ data: Data, file: String) throws -> AgentSettings {
        fatalError("TODO")
    }
}
