import Crypto
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
///
/// Files are parsed by libxml2 as a stream (see ``XMLStreamParser``): no external entity or DTD is
/// loaded, no network access, libxml2's default size and depth limits apply.
/// Doc: `docs/identitymanager/6.1/integration-guide/toolkit/xml-configuration/`.
public enum ConfigurationReader {
    /// Reads every `*.xml` (extension in any case) under `folder`, recursively, in the byte order
    /// of their `/`-separated relative paths. Hidden folders (`.git`, ...) and symbolic links to
    /// folders are skipped. Locations name files by their relative path.
    ///
    /// A folder without XML files gives an empty configuration and no file.
    /// - Throws: ``InputError`` when the folder or a file cannot be read, and for the first file
    ///   that is empty or not well-formed.
    public static func read(folder: URL) throws -> (configuration: Configuration, files: [ConfigurationFileInfo]) {
        var configuration = Configuration()
        var files: [ConfigurationFileInfo] = []
        for path in try xmlFiles(in: folder) {
            let data: Data
            do {
                data = try Data(contentsOf: folder.appendingPathComponent(path), options: .mappedIfSafe)
            } catch {
                throw InputError(SourceLocation(file: path), "cannot read the file",
                                 hint: "check that it exists and that you may read it")
            }
            let fileConfiguration = try parse(data, file: path)
            configuration.append(contentsOf: fileConfiguration)
            files.append(ConfigurationFileInfo(path: path, size: Int64(data.count), contentHash: sha256(data),
                                               elementCount: fileConfiguration.elementCount))
        }
        return (configuration, files)
    }

    /// Parses one file's bytes. `file` is the name used in locations and errors.
    ///
    /// Any encoding libxml2 detects is accepted (UTF-8 with or without BOM, UTF-16 with BOM, an
    /// `encoding` declaration). Elements without `Identifier` are kept with `""` (`nil` for tasks):
    /// the configuration check reports them.
    /// - Throws: ``InputError`` (file, line, column) when the bytes are not a well-formed document,
    ///   and (file only) when the file is empty or holds only white space.
    public static func parse(_ data: Data, file: String) throws -> Configuration {
        if isBlank(data) {
            throw InputError(SourceLocation(file: file), "file is empty",
                             hint: "an Identity Manager configuration file has a <ConfigurationFile> root element")
        }
        let builder = ConfigurationBuilder(file: file)
        try XMLStreamParser.parse(data, file: file, delegate: builder)
        return builder.configuration
    }

    /// True when `data` holds nothing but white space, after an optional UTF-8 or UTF-16 BOM
    /// (libxml2 would only say "Extra content at the end of the document").
    static func isBlank(_ data: Data) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            var rest = bytes[...]
            var utf16 = false
            if rest.starts(with: [0xEF, 0xBB, 0xBF]) {
                rest = rest.dropFirst(3)
            } else if rest.starts(with: [0xFF, 0xFE]) || rest.starts(with: [0xFE, 0xFF]) {
                rest = rest.dropFirst(2)
                utf16 = true
            }
            return rest.allSatisfy { byte in
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || (utf16 && byte == 0)
            }
        }
    }

    /// Relative paths of the XML files under `folder`, sorted by their UTF-8 bytes.
    static func xmlFiles(in folder: URL) throws -> [String] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(SourceLocation(file: folder.path), "configuration folder not found",
                             hint: "give the folder that holds the XML configuration files")
        }
        var found: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? folder.path : folder.appendingPathComponent(relative).path
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: absolute)
            } catch {
                throw InputError(SourceLocation(file: relative.isEmpty ? folder.path : relative),
                                 "cannot list the folder", hint: "check that you may read it")
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                let fullPath = absolute + "/" + name
                let type = (try? fileManager.attributesOfItem(atPath: fullPath)[.type]) as? FileAttributeType
                var targetIsDirectory: ObjCBool = false
                let exists = fileManager.fileExists(atPath: fullPath, isDirectory: &targetIsDirectory)
                if exists, targetIsDirectory.boolValue {
                    if type != .typeSymbolicLink, !name.hasPrefix(".") { pending.append(path) }
                } else if name.lowercased().hasSuffix(".xml") {
                    found.append(path)
                }
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func sha256(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
