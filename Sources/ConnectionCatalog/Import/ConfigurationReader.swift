import Foundation

/// Facts about one XML configuration file that was read.
public struct ConfigurationFileInfo: Sendable, Equatable, Codable {
    /// Path relative to the configuration folder, `/`-separated.
    public var path: String
    /// Size in bytes.
    public var size: Int64
    /// SHA-256 of the bytes, lower-case hex.
    public var contentHash: String
    /// Elements kept from this file (children included).
    public var elementCount: Int
}

/// Reads Identity Manager XML configuration files into a ``Configuration``.
public enum ConfigurationReader {
    /// Reads every `*.xml` under `folder` (recursively, sorted by relative path).
    /// - Throws: ``InputError`` for the first file that is empty or not well-formed.
    public static func read(folder: URL) throws -> (configuration: Configuration, files: [ConfigurationFileInfo]) {
        fatalError("TODO")
    }

    /// Parses one file's bytes. `file` is the name used in locations and errors.
    /// - Throws: ``InputError`` (file, line, column) when the bytes are not a well-formed document.
    public static func parse(_ data: Data, file: String) throws -> Configuration {
        fatalError("TODO")
    }
}
