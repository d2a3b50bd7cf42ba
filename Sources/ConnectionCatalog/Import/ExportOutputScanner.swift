import Foundation

/// One `*.csv` file of an ExportOutput folder.
public struct ExportFile: Sendable, Equatable {
    public var fileName: String
    /// File name without `.csv`.
    public var tableName: String
    public var url: URL
    public var size: Int64
    /// ISO 8601 UTC.
    public var modifiedAt: String?

    public init(fileName: String, tableName: String, url: URL, size: Int64, modifiedAt: String?) {
        self.fileName = fileName
        self.tableName = tableName
        self.url = url
        self.size = size
        self.modifiedAt = modifiedAt
    }
}

/// The `*.csv` files of an ExportOutput folder, attributed to connections.
public struct ExportOutputScan: Sendable, Equatable {
    /// Files per connection identifier (as given to the scanner), sorted by file name. Every
    /// identifier given is a key, with an empty list when no file belongs to it.
    public var filesByConnection: [String: [ExportFile]]
    /// CSV files that belong to no connection, sorted.
    public var unattributed: [String]

    public init(filesByConnection: [String: [ExportFile]], unattributed: [String]) {
        self.filesByConnection = filesByConnection
        self.unattributed = unattributed
    }
}

/// Lists the export tables of an ExportOutput folder (`<TempFolderPath>/ExportOutput`).
///
/// Export files are named after their connection: `<c>.csv` (CSV, SQL, LDIF, ...) or
/// `<c>_<suffix>.csv` (`ADExport_entries.csv`, `SnowCmdb_sys_user.csv`); the file name without
/// `.csv` is the connection table. Prepare-synchronization results written next to them
/// (`X.sorted.csv`, `X.duplicates.csv`, `X.nullpk.csv`) are not export tables and are skipped,
/// as are sub-folders, symbolic links, hidden files and other extensions (cookies, `.sorted.delta`).
/// The folder is not searched recursively.
/// Doc: (`IG/synchronization/upward-data-sync/index.md`,
/// XML PrepareSynchronizationTask page).
public enum ExportOutputScanner {
    /// Suffixes of prepare-synchronization outputs, compared case-insensitively.
    static let derivedSuffixes = [".sorted.csv", ".duplicates.csv", ".nullpk.csv"]

    /// Attributes each `*.csv` of `folder` to the connection whose identifier is the longest
    /// case-insensitive prefix of the file name followed by `.csv` or `_`.
    ///
    /// `SnowCmdb_sys_user.csv` goes to `SnowCmdb` rather than `Snow`; `ADExportOld_entries.csv`
    /// does not go to `ADExport`. When two identifiers differ only by case, files go to the first.
    /// Files are sorted by name, case-insensitively (then by exact name).
    /// - Throws: ``InputError`` when `folder` is missing, not a folder, or cannot be listed.
    /// - Parameter aliases: further file-name prefixes that belong to a connection (a file prefix
    ///   given by a setting such as SCIM's `EntryFile`, without folder), prefix → connection
    ///   identifier as given in `connections`. Files are attributed to the longest match among
    ///   identifiers and aliases.
    public static func scan(folder: URL, connections: [String], aliases: [String: String] = [:]) throws -> ExportOutputScan {
        let entries = try entries(of: folder)
        var scan = ExportOutputScan(filesByConnection: [:], unattributed: [])
        for connection in connections where scan.filesByConnection[connection] == nil {
            scan.filesByConnection[connection] = []
        }
        let aliasKeys = aliases.keys.filter { alias in !connections.contains { $0.lowercased() == alias.lowercased() } }.sorted()
        let aliasTargets = Dictionary(aliasKeys.map { ($0.lowercased(), aliases[$0]!) }, uniquingKeysWith: { first, _ in first })
        let owners = OwnerIndex(connections + aliasKeys)
        // Names computed once (not in every comparison of the sort); facts from one stat(2) per
        // file: a symbolic link counts as its target.
        let named = entries.map { url in
            let name = url.lastPathComponent
            return (url: url, name: name, lowered: name.lowercased())
        }
        let folderPath = folder.path
        let sorted = named.sorted { $0.lowered == $1.lowered ? $0.name < $1.name : $0.lowered < $1.lowered }
        for (url, name, _) in sorted {
            guard let tableName = tableName(of: name), let facts = regularFileFacts(atPath: folderPath + "/" + name) else { continue }
            guard let owner = owners.owner(of: name) else {
                scan.unattributed.append(name)
                continue
            }
            let connection = aliasTargets[owner.lowercased()] ?? owner
            let file = ExportFile(
                fileName: name, tableName: tableName, url: url, size: facts.size,
                modifiedAt: facts.modifiedSeconds.map(formatModificationTime))
            scan.filesByConnection[connection, default: []].append(file)
        }
        return scan
    }

    /// Whether `folder` holds at least one file that ``scan(folder:connections:aliases:)`` reads
    /// as an export table, whichever connection it belongs to (a `*.csv` file that is not a
    /// prepare-synchronization output, hidden, or a folder). A folder without one is not an
    /// ExportOutput folder the export tasks wrote to: a refresh from it would find no export
    /// output for any connection.
    /// - Throws: ``InputError`` when `folder` is missing, not a folder, or cannot be listed.
    public static func holdsExportFile(folder: URL) throws -> Bool {
        let folderPath = folder.path
        return try entries(of: folder).contains { url in
            let name = url.lastPathComponent
            return tableName(of: name) != nil && regularFileFacts(atPath: folderPath + "/" + name) != nil
        }
    }

    /// The entries of `folder`, hidden ones skipped.
    /// - Throws: ``InputError`` when `folder` is missing, not a folder, or cannot be listed.
    private static func entries(of folder: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(
                SourceLocation(file: folder.path), "export folder not found",
                hint: "give the agent's ExportOutput folder (<TempFolderPath>/ExportOutput), where the export tasks write their CSV files")
        }
        do {
            return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        } catch {
            throw InputError(
                SourceLocation(file: folder.path), "export folder cannot be listed",
                hint: "check that it is readable by the current user")
        }
    }

    /// The table name of an export file name (`Legacy.HRFeed.csv` → `Legacy.HRFeed`), or `nil`
    /// when the name is not an export table.
    static func tableName(of fileName: String) -> String? {
        let lowered = fileName.lowercased()
        guard lowered.hasSuffix(".csv"), lowered.count > 4,
            !derivedSuffixes.contains(where: lowered.hasSuffix)
        else { return nil }
        return String(fileName.dropLast(4))
    }

    /// The identifier with the longest case-insensitive match of `<identifier>.csv` or a prefix
    /// `<identifier>_`; the first given wins between identifiers equal but for case.
    static func owner(of fileName: String, among connections: [String]) -> String? {
        let lowered = fileName.lowercased()
        var best: (identifier: String, length: Int)?
        for identifier in connections where !identifier.isEmpty {
            let key = identifier.lowercased()
            guard lowered == key + ".csv" || lowered.hasPrefix(key + "_") else { continue }
            if best == nil || key.count > best!.length { best = (identifier, key.count) }
        }
        return best?.identifier
    }

    /// ``owner(of:among:)`` for many files: the identifiers are lower-cased once, and a file name
    /// costs one dictionary look-up per `_` it contains instead of a pass over every identifier
    /// (an import of thousands of connections would otherwise be quadratic).
    struct OwnerIndex {
        let connections: [String]
        /// Lower-cased identifier → the first identifier given with it, for identifiers whose
        /// lower-cased form is ASCII (the only ones an ASCII file name can match).
        let byKey: [String: String]

        init(_ connections: [String]) {
            self.connections = connections
            var byKey: [String: String] = [:]
            for identifier in connections where !identifier.isEmpty {
                let key = identifier.lowercased()
                if byKey[key] == nil, key.utf8.allSatisfy({ $0 < 0x80 }) { byKey[key] = identifier }
            }
            self.byKey = byKey
        }

        func owner(of fileName: String) -> String? {
            // A non-ASCII file name (rare) is compared with every identifier, as `owner(of:among:)` does.
            guard fileName.utf8.allSatisfy({ $0 < 0x80 }) else {
                return ExportOutputScanner.owner(of: fileName, among: connections)
            }
            let lowered = Array(fileName.lowercased().utf8)
            // Longest first: `<key>.csv`, then `<key>_...` at each `_` from the last.
            if lowered.count > 4, lowered.suffix(4).elementsEqual(".csv".utf8),
                let identifier = byKey[String(decoding: lowered.dropLast(4), as: UTF8.self)]
            {
                return identifier
            }
            var index = lowered.count
            while index > 0 {
                index -= 1
                if lowered[index] == UInt8(ascii: "_"), index > 0,
                    let identifier = byKey[String(decoding: lowered[..<index], as: UTF8.self)]
                {
                    return identifier
                }
            }
            return nil
        }
    }

    /// Size and modification time (whole Unix seconds, as `ISO8601DateFormatter` shows the
    /// modification date of URL resource values) of a regular file that is not a symbolic link;
    /// `nil` for anything else or when it cannot be examined.
    ///
    /// A symbolic link counts as the file it points to. A dangling link, a loop of links, a FIFO
    /// or a device named like an export file is listed with size 0 and no time: reading it then
    /// fails with a message that says what it is (``CSVHeaderReader``), never blocks. A folder
    /// is not an export file (`nil`).
    static func regularFileFacts(atPath path: String) -> (size: Int64, modifiedSeconds: Int64?)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return InputFile.exists(path) ? (0, nil) : nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return (Int64(info.st_size), displayedSeconds(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec)))
        case S_IFDIR: return nil
        default: return (0, nil)
        }
    }

    /// The second that `ISO8601DateFormatter` writes for a time: it rounds to the millisecond
    /// first (…:00.9996 is written :01, …:00.9994 :00), then drops the milliseconds.
    static func displayedSeconds(seconds: Int64, nanoseconds: Int64) -> Int64 {
        let time = Double(seconds) + Double(nanoseconds) / 1_000_000_000
        let milliseconds = (time * 1000 + 0.5).rounded(.down)
        return Int64((milliseconds / 1000).rounded(.down))
    }

    /// ISO 8601 UTC to the second, as `ISO8601DateFormatter` with `.withInternetDateTime` writes it.
    static func formatModificationTime(_ seconds: Int64) -> String {
        if let text = Timestamp.civilFormat(seconds: seconds) { return text }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
