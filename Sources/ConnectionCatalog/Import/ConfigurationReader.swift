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
    /// of their `/`-separated relative paths. Hidden folders (`.git`, ...) are skipped; symbolic
    /// links are followed (see ``xmlFiles(in:)``). Locations name files by their relative path.
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
                throw InputError(
                    SourceLocation(file: path), "cannot read the file",
                    hint: "check that it exists and that you may read it")
            }
            let fileConfiguration = try parse(data, file: path)
            configuration.append(contentsOf: fileConfiguration)
            files.append(
                ConfigurationFileInfo(
                    path: path, size: Int64(data.count), contentHash: sha256(data),
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
            throw InputError(
                SourceLocation(file: file), "file is empty",
                hint: "an Identity Manager configuration file has a <ConfigurationFile> root element")
        }
        let builder = ConfigurationBuilder(file: file)
        try XMLStreamParser.parse(data, file: file, delegate: builder)
        return builder.configuration
    }

    /// Parses the file at `url` as a stream, handing its elements to `chunk` in chunks of about
    /// `chunkElements` elements (children included; an element is never split from its
    /// children), in file order: memory stays bounded by a chunk, not by the file. The bytes are
    /// read piece by piece, never held whole. A file without elements hands over nothing.
    ///
    /// `file` is the name used in locations and errors. An error `chunk` throws stops the parse
    /// and is rethrown as it is.
    /// - Throws: as ``parse(_:file:)``, or the error of `chunk`.
    static func parse(
        fileAt url: URL, file: String, chunkElements: Int, chunk: (Configuration) throws -> Void
    ) throws {
        let size: Int
        do { size = try isBlank(fileAt: url) } catch {
            throw InputError(
                SourceLocation(file: file), "cannot read the file",
                hint: "check that it exists and that you may read it")
        }
        if size < 0 {
            throw InputError(
                SourceLocation(file: file), "file is empty",
                hint: "an Identity Manager configuration file has a <ConfigurationFile> root element")
        }
        try withoutActuallyEscaping(chunk) { chunk in
            let builder = ConfigurationBuilder(file: file, chunkElements: chunkElements, chunk: chunk)
            do {
                try XMLStreamParser.parse(fileAt: url, size: size, file: file, delegate: builder)
                try builder.handOver()
            } catch {
                if let failure = builder.chunkFailure { throw failure }
                // libxml2 locates a few errors differently when it reads the input piece by
                // piece (a value over its length limit): the error is the one reading the file
                // at once reports.
                guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { throw error }
                do {
                    try XMLStreamParser.parse(
                        data, file: file, delegate: ConfigurationBuilder(file: file, chunkElements: chunkElements) { _ in })
                } catch let reference as InputError { throw reference }
                throw error
            }
        }
    }

    /// -1 when the file at `url` holds nothing but white space (as ``isBlank(_:)``), else its
    /// size in bytes. Reads only up to the first byte that is not white space.
    static func isBlank(fileAt url: URL) throws -> Int {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        // A regular file gives full pieces until its end: the first one holds any BOM.
        guard let first = try handle.read(upToCount: 1 << 16), !first.isEmpty else { return -1 }
        if !isBlank(first) { return Int(try handle.seekToEnd()) }
        let utf16 = first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF])
        while let piece = try handle.read(upToCount: 1 << 16), !piece.isEmpty {
            let blank = piece.allSatisfy { byte in
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || (utf16 && byte == 0)
            }
            if !blank { return Int(try handle.seekToEnd()) }
        }
        return -1
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
    ///
    /// Symbolic links are followed like the files and folders they point to; a folder reached
    /// twice (a link to a parent: a loop) is listed once. Checked before anything is read, each
    /// named by its relative path:
    /// - an entry named `*.xml` that is not a regular file (a dangling link, a loop of links, a
    ///   FIFO, a device) or is larger than ``InputFile/Limit/xmlFile``;
    /// - a dangling link or a loop of links without an extension (it may be a folder of XML
    ///   files on an unmounted share).
    /// - Throws: ``InputError`` for those, and when a folder cannot be listed.
    static func xmlFiles(in folder: URL) throws -> [String] {
        let fileManager = FileManager.default
        guard InputFile.kind(folder.path) == .folder else {
            throw InputError(
                SourceLocation(file: folder.path), "configuration folder not found",
                hint: "give the folder that holds the XML configuration files")
        }
        var found: [String] = []
        var pending: [String] = [""]
        var visited: Set<FolderIdentity> = []
        if let identity = FolderIdentity(folder.path) { visited.insert(identity) }
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? folder.path : folder.appendingPathComponent(relative).path
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: absolute)
            } catch {
                throw InputError(
                    SourceLocation(file: relative.isEmpty ? folder.path : relative),
                    "cannot list the folder", hint: "check that you may read it")
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                let fullPath = absolute + "/" + name
                let isXML = name.lowercased().hasSuffix(".xml")
                switch InputFile.kind(fullPath) {
                case .folder:
                    guard !name.hasPrefix(".") else { continue }
                    // A folder reached again through a link (a loop, or two links to one folder) is read once.
                    if let identity = FolderIdentity(fullPath), !visited.insert(identity).inserted { continue }
                    pending.append(path)
                case .file(let size):
                    guard isXML else { continue }
                    if size > InputFile.Limit.xmlFile { throw InputFile.tooLarge(path, size: size, limit: InputFile.Limit.xmlFile, what: "XML file") }
                    found.append(path)
                case .missing:
                    continue  // removed since the listing
                case let kind:
                    let mayBeFolder = !name.contains(".") && (kind == .danglingLink || kind == .linkLoop)
                    guard isXML || mayBeFolder, !name.hasPrefix(".") else { continue }
                    throw InputError(
                        SourceLocation(file: path), InputFile.problem(kind) ?? "cannot be read",
                        hint: "repair or remove it, then import again")
                }
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A folder's device and inode: the same folder reached by two paths has one identity.
    private struct FolderIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
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
