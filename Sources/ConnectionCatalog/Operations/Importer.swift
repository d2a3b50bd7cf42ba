import Crypto
import Foundation

/// What `conncat import` should read. `nil` options are looked for in the working directory.
public struct ImportRequest: Sendable {
    /// A folder of XML files or an Identity Manager working directory.
    public var path: URL
    /// `appsettings.agent.json` to read instead of the one found in `path`.
    public var agentSettings: URL?
    /// ExportOutput folder to refresh schemas from instead of the one found in `path`.
    public var exportFolder: URL?
    /// Time recorded on the import and its refresh attempts (ISO 8601 UTC); `nil` = now.
    public var at: String?

    public init(path: URL, agentSettings: URL? = nil, exportFolder: URL? = nil, at: String? = nil) {
        self.path = path; self.agentSettings = agentSettings; self.exportFolder = exportFolder; self.at = at
    }
}

/// What an import found and did.
public struct ImportResult: Sendable {
    public var record: ImportRecord
    public var configuration: Configuration
    public var files: [ConfigurationFileInfo]
    /// The agent settings read, redacted (secret values are not in it).
    public var agentSettings: AgentSettings?
    /// The refresh run after the import, when an ExportOutput folder was found or given.
    public var refresh: RefreshOutcome?
}

/// Imports a working directory into a catalog: XML configuration, agent settings, then a schema
/// refresh from the ExportOutput folder. Reading happens first; the catalog is written in one
/// transaction, so a failure anywhere stores nothing.
public enum Importer {
    /// Where the inputs of a working directory are, following the product's layout:
    /// `Conf/`, `Runtime/appsettings.agent.json`, `Temp/ExportOutput/` (or directly in the folder).
    public struct Layout: Sendable, Equatable {
        public var configurationFolder: URL
        public var agentSettings: URL?
        public var exportFolder: URL?
    }

    /// Finds the inputs of `request`; explicit options win.
    /// - Throws: ``InputError`` when `path` is not a folder or an explicit file/folder is missing.
    public static func layout(of request: ImportRequest) throws -> Layout {
        let fm = FileManager.default
        func isDirectory(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
        }
        func isFile(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &flag) && !flag.boolValue
        }
        let root = request.path
        guard isDirectory(root) else {
            throw InputError(SourceLocation(file: root.path), fm.fileExists(atPath: root.path) ? "not a folder" : "no such folder",
                             hint: "give a folder of Identity Manager XML files or a working directory (with Conf/)")
        }
        let conf = root.appendingPathComponent("Conf")
        var layout = Layout(configurationFolder: isDirectory(conf) ? conf : root)
        if let explicit = request.agentSettings {
            guard isFile(explicit) else {
                throw InputError(SourceLocation(file: explicit.path), "no such agent settings file", hint: "check --agent-settings")
            }
            layout.agentSettings = explicit
        } else {
            layout.agentSettings = [root.appendingPathComponent("Runtime/appsettings.agent.json"),
                                    root.appendingPathComponent("appsettings.agent.json")].first(where: isFile)
        }
        if let explicit = request.exportFolder {
            guard isDirectory(explicit) else {
                throw InputError(SourceLocation(file: explicit.path), "no such export folder", hint: "check --export-dir")
            }
            layout.exportFolder = explicit
        } else {
            layout.exportFolder = [root.appendingPathComponent("Temp/ExportOutput"),
                                   root.appendingPathComponent("ExportOutput")].first(where: isDirectory)
        }
        return layout
    }

    /// Reads everything, then records it in `catalog` atomically.
    /// - Throws: ``InputError`` for unreadable input (nothing is stored), ``CatalogError``.
    public static func run(_ request: ImportRequest, into catalog: Catalog) throws -> ImportResult {
        let layout = try layout(of: request)
        let at = request.at ?? Timestamp.now()
        let (configuration, files) = try ConfigurationReader.read(folder: layout.configurationFolder)
        guard !files.isEmpty else {
            throw InputError(SourceLocation(file: layout.configurationFolder.path), "no *.xml configuration file found",
                             hint: "give the folder that holds the XML configuration (or the working directory with Conf/)")
        }
        let settings = try layout.agentSettings.map {
            try AgentSettingsReader.read(file: $0, displayName: displayPath($0, under: request.path))
        }
        let settingsHash = settings.map(redactedHash)

        var hasher = SHA256()
        for file in files { hasher.update(data: Data("xml\u{0}\(file.path)\u{0}\(file.contentHash)\n".utf8)) }
        if let settingsHash { hasher.update(data: Data("settings\u{0}\(settingsHash)\n".utf8)) }
        let contentHash = hasher.finalize().hexString

        var refresh: RefreshOutcome?
        if let exportFolder = layout.exportFolder {
            let targets = refreshTargets(configuration: configuration, settings: settings)
            refresh = try SchemaRefresher.refresh(folder: exportFolder, displayFolder: displayPath(exportFolder, under: request.path),
                                                  targets: targets, knownConnections: targets.map(\.connection),
                                                  at: at, trigger: .import)
        }
        let declared = declaredSchemaAttempts(configuration, at: at)
        let record = ImportRecord(
            importedAt: at, sourceFolder: request.path.standardizedFileURL.path,
            configurationFolder: layout.configurationFolder.standardizedFileURL.path,
            agentSettingsFile: layout.agentSettings?.standardizedFileURL.path,
            exportFolder: layout.exportFolder?.standardizedFileURL.path, xmlFileCount: files.count,
            elementCount: configuration.elementCount, contentHash: contentHash, changed: true)
        let stored = try catalog.recordImport(record, files: files, agentSettingsHash: settingsHash,
                                              configuration: configuration, settings: settings,
                                              attempts: declared + (refresh?.attempts ?? []))
        return ImportResult(record: stored, configuration: configuration, files: files,
                            agentSettings: settings, refresh: refresh)
    }

    /// The connections to refresh: every XML Connection, then every key under `Connections` that
    /// the XML does not declare, with the separator and encoding their settings give.
    public static func refreshTargets(configuration: Configuration, settings: AgentSettings?) -> [RefreshTarget] {
        var targets: [RefreshTarget] = []
        var seen: Set<String> = []
        // Settings by lower-cased key, the first of keys equal but for case winning as in
        // `AgentSettings.settings(for:)`: one look-up per connection rather than a scan.
        // Only for ASCII keys, where lower-cased equality is exactly the case-insensitive one.
        let allConnections = settings?.connections ?? []
        let asciiKeys = allConnections.allSatisfy { CaseInsensitive.isASCII($0.connection) }
        var settingsByKey: [String: ConnectionSettings] = [:]
        for connection in allConnections where asciiKeys && settingsByKey[connection.connection.lowercased()] == nil {
            settingsByKey[connection.connection.lowercased()] = connection
        }
        func target(_ identifier: String, package: String?) -> RefreshTarget {
            let connectionSettings = asciiKeys && CaseInsensitive.isASCII(identifier)
                ? settingsByKey[identifier.lowercased()] : settings?.settings(for: identifier)
            return RefreshTarget(connection: identifier, package: package,
                                 separator: connectionSettings?.value("Separator"),
                                 encoding: connectionSettings?.value("Encoding") ?? connectionSettings?.value("CsvEncoding"))
        }
        for connection in configuration.connections where !connection.identifier.isEmpty {
            guard seen.insert(connection.identifier.lowercased()).inserted else { continue }
            targets.append(target(connection.identifier, package: connection.package))
        }
        for connection in settings?.connections ?? [] where seen.insert(connection.connection.lowercased()).inserted {
            targets.append(target(connection.connection, package: nil))
        }
        return targets
    }

    /// One successful attempt with source `configuration` per connection whose ConnectionTable
    /// elements (with their Column children, as the product's configuration export writes them)
    /// are declared in the XML. Recorded before the export refresh of the same import, so an
    /// export at the same time takes precedence.
    static func declaredSchemaAttempts(_ configuration: Configuration, at: String) -> [RefreshAttempt] {
        var order: [String] = []
        var tables: [String: [TableSchema]] = [:]
        for table in configuration.connectionTables {
            guard let connection = table.connection, !connection.isEmpty, !table.identifier.isEmpty else { continue }
            let key = connection.lowercased()
            if tables[key] == nil { order.append(connection) }
            let columns = table.columns.map(\.identifier).filter { !$0.isEmpty }
            tables[key, default: []].append(TableSchema(name: TableName.key(table.identifier), columns: columns))
        }
        var spelling: [String: String] = [:]
        for connection in configuration.connections where spelling[connection.identifier.lowercased()] == nil {
            spelling[connection.identifier.lowercased()] = connection.identifier
        }
        return order.map { connection in
            RefreshAttempt(connection: spelling[connection.lowercased()] ?? connection,
                           at: at, trigger: .import, source: .configuration, status: .success,
                           snapshot: SchemaSnapshot(tables: tables[connection.lowercased()] ?? []))
        }
    }

    /// SHA-256 of the redacted settings (never of the raw file, which holds secrets).
    static func redactedHash(_ settings: AgentSettings) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("agent\u{0}\(settings.agentIdentifier ?? "")\n".utf8))
        for connection in settings.connections {
            hasher.update(data: Data("connection\u{0}\(connection.connection)\n".utf8))
            for setting in connection.settings {
                let value = setting.isSecret ? "<secret>" : (setting.value ?? "<null>")
                hasher.update(data: Data("\(setting.key)\u{0}\(value)\n".utf8))
            }
        }
        return hasher.finalize().hexString
    }

    /// `url` relative to `root` when inside it, else the path as is.
    static func displayPath(_ url: URL, under root: URL) -> String {
        let rootPath = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(rootPath + "/") { return String(path.dropFirst(rootPath.count + 1)) }
        return path
    }
}
