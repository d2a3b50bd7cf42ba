import Crypto
import Foundation

/// A digest of everything an import reads, computed without parsing anything: when it equals the
/// latest import's, the import stores only its record (the configuration, the agent settings and
/// the schema refresh outcome of the latest import stand).
///
/// Covered: each XML file's path and SHA-256; the agent settings file, the overlays beside it and
/// the `appsettings.json` whose Azure Key Vault section it reads, digested with HMAC-SHA256 under
/// the secret fingerprint key (kept outside the catalog: the files hold secrets, so their plain
/// hash must not reach the catalog); each export file's name, size, modification time and the
/// SHA-256 of the bytes a header read can take from it (``CSVHeaderReader/maximumBytesRead``: an
/// export of several gigabytes is not read whole), with the folder as displayed (refresh attempts
/// record it). Any file that cannot be read gives no digest: the import then reads everything and
/// reports the error.
enum ImportInputs {
    /// The digest (64 hexadecimal digits), or `nil` when an input could not be read whole.
    /// - Parameters:
    ///   - xmlFiles: path under the imported folder and SHA-256 (`nil` when unreadable).
    ///   - agentSettings: the agent settings file and its displayed path, when there is one.
    ///   - fingerprinter: the key for the agent settings; `nil` gives no digest when there are
    ///     agent settings.
    ///   - exportFolder: the export folder and its displayed path, when there is one.
    static func digest(
        xmlFiles: [(path: String, contentHash: String?)], agentSettings: (url: URL, display: String)?,
        fingerprinter: () -> SecretFingerprinter?,
        exportFolder: (url: URL, display: String)?
    ) -> String? {
        var hasher = SHA256()
        func line(_ fields: String...) { hasher.update(data: Data((fields.joined(separator: "\u{0}") + "\n").utf8)) }
        line("conncat-import-inputs-v1")
        for file in xmlFiles {
            guard let hash = file.contentHash else { return nil }
            line("xml", file.path, hash)
        }
        if let agentSettings {
            guard let fingerprinter = fingerprinter(), let digest = settingsDigest(agentSettings.url, fingerprinter) else {
                return nil
            }
            line("settings", agentSettings.display, digest)
        }
        if let exportFolder {
            guard let lines = exportLines(exportFolder.url) else { return nil }
            line("export", exportFolder.display)
            for entry in lines { line("file", entry) }
        }
        return hasher.finalize().hexString
    }

    /// HMAC-SHA256 over the agent settings file and the files beside it that the reader reads.
    private static func settingsDigest(_ file: URL, _ fingerprinter: SecretFingerprinter) -> String? {
        guard InputFile.kind(file.path).isFile, let main = try? Data(contentsOf: file) else { return nil }
        var parts = [Data("settings\u{0}\(file.lastPathComponent)\u{0}".utf8), main]
        let folder = file.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let wanted = Set(AgentSettingsReader.overlays.map(\.name) + [AgentSettingsReader.appSettingsName])
        for name in names.sorted() where wanted.contains(name.lowercased()) && name != file.lastPathComponent {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { return nil }
            parts += [Data("\u{0}\(name)\u{0}\(data.count)\u{0}".utf8), data]
        }
        return fingerprinter.digest(parts)
    }

    /// One line per entry of the export folder (hidden ones left out, as the scan does): name,
    /// size, modification time and SHA-256 of the head a header read takes of a regular file;
    /// name and kind of anything else.
    /// Reads the file at `path` from its start until `buffer` is full or the file ends.
    /// - Returns: the number of bytes read, `nil` when the file cannot be opened or read.
    private static func readHead(_ path: String, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var count = 0
        while count < buffer.count {
            let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            count += got
        }
        return count
    }

    private static func exportLines(_ folder: URL) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var lines: [String] = []
        // One buffer for every file's head (a read into a fresh buffer of this size per file
        // costs more than reading the file).
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: CSVHeaderReader.maximumBytesRead, alignment: 1)
        defer { head.deallocate() }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.path + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else {
                lines.append("\(name)\u{0}unreadable")
                continue
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                lines.append("\(name)\u{0}mode \(info.st_mode & S_IFMT)")
                continue
            }
            guard let count = readHead(path, into: head) else { return nil }
            let digest = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: head[..<count]))
            lines.append(
                "\(name)\u{0}\(info.st_size)\u{0}\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\u{0}\(digest.hexString)")
        }
        return lines
    }
}
