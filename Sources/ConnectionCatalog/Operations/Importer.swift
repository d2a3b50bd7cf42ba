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
    /// Time recorded on the import and its refresh attempts; `nil` = now.
    public var at: Timestamp?
    /// The key that fingerprints secrets (kept outside the catalog); `nil` =
    /// ``SecretFingerprinter/defaultKeyFile(environment:)``. Created on first use.
    public var fingerprintKeyFile: URL?
    /// Elements (children included) an XML file is read, checked and written in at a time:
    /// memory is bounded by this many elements, not by the size of a file. The import holds
    /// three chunks at a time (one being read, one ready, one being written).
    var chunkElements = 4_096

    public init(
        path: URL, agentSettings: URL? = nil, exportFolder: URL? = nil, at: Timestamp? = nil,
        fingerprintKeyFile: URL? = nil
    ) {
        self.path = path
        self.agentSettings = agentSettings
        self.exportFolder = exportFolder
        self.at = at
        self.fingerprintKeyFile = fingerprintKeyFile
    }
}

/// How many elements of each kind an import read.
public struct ConfigurationSummary: Sendable, Equatable {
    public var connections = 0
    public var connectionTables = 0
    public var entityTypes = 0
    public var entityTypeMappings = 0
    public var entityAssociationMappings = 0
    public var resourceTypeMappings = 0
    /// Export and fulfill tasks.
    public var tasks = 0
    /// Every element kept, children included (``Configuration/elementCount``).
    public var elements = 0

    public init() {}

    /// The counts of `configuration`.
    public init(_ configuration: Configuration) { add(configuration) }

    /// Adds the counts of `part` (one file's elements).
    public mutating func add(_ part: Configuration) {
        connections += part.connections.count
        connectionTables += part.connectionTables.count
        entityTypes += part.entityTypes.count
        entityTypeMappings += part.entityTypeMappings.count
        entityAssociationMappings += part.entityAssociationMappings.count
        resourceTypeMappings += part.resourceTypeMappings.count
        tasks += part.exportTasks.count + part.fulfillTasks.count
        elements += part.elementCount
    }
}

/// What an import found and did.
public struct ImportResult: Sendable {
    public var record: ImportRecord
    /// What the configuration holds, counted. The elements themselves are in the catalog: the
    /// import streams them there file by file rather than keeping them in memory.
    public var summary: ConfigurationSummary
    public var files: [ConfigurationFileInfo]
    /// The agent settings read, redacted (secret values are not in it).
    public var agentSettings: AgentSettings?
    /// The refresh run after the import, when an ExportOutput folder was found or given (and
    /// the import was not ``unchangedSince`` an earlier one).
    public var refresh: RefreshOutcome?
    /// The id of the latest import before this one when this one read exactly the same inputs
    /// (XML files, agent settings, export files) and no schema refresh was recorded since: then
    /// nothing was read again and only the import's record was stored; the configuration, agent
    /// settings and refresh outcome of that import stand, and ``agentSettings`` is `nil`.
    public var unchangedSince: Int64?
    /// How many `Connections` members the stored agent settings have, when the import is
    /// ``unchangedSince`` an earlier one and read agent settings.
    public var storedAgentSettingsConnections: Int?
    /// The export folder found in the working directory when it holds no export file
    /// (``Importer/Layout/exportFolderWithoutExportFiles``), absolute: no schema was refreshed
    /// from it. `nil` otherwise.
    public var exportFolderWithoutExportFiles: String?
    /// What the previous import declared that this one no longer declares (Connections and
    /// ConnectionTable elements, which have a schema history); `nil` when nothing is lost, for a
    /// first import and for an import ``unchangedSince`` an earlier one.
    public var noLongerDeclared: DeclarationLoss?
}

/// The Connections (and ConnectionTable elements) that the previous import declared and an import
/// no longer declares: what its configuration folder left out, by a change of the configuration or
/// because another folder (a part of the configuration) was imported. Their schema history stays
/// in the catalog, and every import's configuration too: importing the whole configuration again
/// declares them again, with their history. The import reports this as data; it is not an error.
public struct DeclarationLoss: Sendable, Equatable {
    /// The import before this one, whose configuration declared them (its `sourceFolder` is the
    /// folder it read, absolute).
    public var previous: ImportRecord
    /// How many connections the previous import declared.
    public var previousConnectionCount: Int
    /// The identifiers of the connections no longer declared, in the previous import's
    /// declaration order (file, then line).
    public var connections: [String]
    /// ConnectionTable elements no longer declared whose connection is still declared, as
    /// `Connection/Table`, in the previous import's declaration order.
    public var connectionTables: [String]

    public init(previous: ImportRecord, previousConnectionCount: Int, connections: [String], connectionTables: [String]) {
        self.previous = previous
        self.previousConnectionCount = previousConnectionCount
        self.connections = connections
        self.connectionTables = connectionTables
    }
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
        /// An export folder found in the working directory (`Temp/ExportOutput`, `ExportOutput`)
        /// that holds no export file (``ExportOutputScanner/holdsExportFile(folder:)``), as in a
        /// fresh working directory whose export tasks have not run: it is not read, and
        /// ``exportFolder`` is `nil`, so the import refreshes no schema and records no failure.
        /// The import records it as its export folder, which a later refresh reads by default.
        public var exportFolderWithoutExportFiles: URL?
    }

    /// Finds the inputs of `request`; explicit options win.
    /// - Throws: ``InputError`` when `path` is not a folder, when an explicit file/folder is
    ///   missing or of the wrong kind, or when a looked-for input is there but unusable (a
    ///   dangling symbolic link, a folder where the agent settings file belongs, a FIFO).
    public static func layout(of request: ImportRequest) throws -> Layout {
        func isDirectory(_ url: URL) -> Bool { InputFile.kind(url.path) == .folder }
        let root = request.path
        guard isDirectory(root) else {
            let kind = InputFile.kind(root.path)
            throw InputError(
                SourceLocation(file: root.relativePath),
                kind == .missing ? "no such folder" : InputFile.problem(kind, expectingFolder: true) ?? "not a folder",
                hint: "give a folder of Identity Manager XML files or a working directory (with Conf/)")
        }
        /// A candidate that is there but is not what it should be (a dangling link to an unmounted
        /// share, a folder where a file belongs, a FIFO) is an error naming it, never "none found":
        /// taking it for absent would erase what the catalog knows.
        func present(_ candidate: String, folder: Bool) throws -> URL? {
            // Each folder on the way (`Runtime`, `Temp`) too: a dangling `Runtime` link hides the file.
            let components = candidate.split(separator: "/").map(String.init)
            var url = root
            for (index, component) in components.enumerated() {
                url = url.appendingPathComponent(component)
                guard InputFile.exists(url.path) else { return nil }
                let isLast = index == components.count - 1
                let kind = InputFile.kind(url.path)
                if !isLast, kind.isFile { return nil }
                if let problem = InputFile.problem(kind, expectingFolder: isLast ? folder : true) {
                    throw InputError(
                        SourceLocation(file: url.relativePath), problem,
                        hint: "repair or remove it, then import again")
                }
            }
            return url
        }
        var layout = Layout(configurationFolder: try present("Conf", folder: true) ?? root)
        /// An explicit path that must exist as the right kind, else the first candidate that is there.
        func locate(_ explicit: URL?, _ candidates: [String], folder: Bool, what: String, given: Remedy.GivenInput) throws -> URL? {
            guard let explicit else {
                for candidate in candidates { if let url = try present(candidate, folder: folder) { return url } }
                return nil
            }
            let kind = InputFile.kind(explicit.path)
            if let problem = InputFile.problem(kind, expectingFolder: folder) {
                let text: String
                switch kind {
                case .missing: text = "no such \(what)"
                case .folder: text = "a folder, not a file"
                case .file: text = "not a folder"
                default: text = problem
                }
                throw InputError(SourceLocation(file: explicit.relativePath), text, remedy: .checkGiven(given))
            }
            return explicit
        }
        layout.agentSettings = try locate(
            request.agentSettings, ["Runtime/appsettings.agent.json", "appsettings.agent.json"],
            folder: false, what: "agent settings file", given: .agentSettings)
        layout.exportFolder = try locate(
            request.exportFolder, ["Temp/ExportOutput", "ExportOutput"],
            folder: true, what: "export folder", given: .exportFolder)
        // A folder that cannot be listed is reported by the refresh, in the order of the errors.
        if let folder = layout.exportFolder, (try? ExportOutputScanner.holdsExportFile(folder: folder)) == false {
            // A folder given explicitly is one to read: without any export file it is the wrong one.
            if request.exportFolder != nil { throw InputError.noExportFile(in: folder.relativePath) }
            layout.exportFolder = nil
            layout.exportFolderWithoutExportFiles = folder
        }
        return layout
    }

    /// Reads everything and records it in `catalog` atomically (one transaction: on any error
    /// nothing is stored).
    ///
    /// The XML files are streamed: each is parsed and its elements written in chunks of elements
    /// as it is read, so memory holds one chunk's elements (plus the connections, for the
    /// refresh), not a whole file nor the whole configuration. Errors are the same, in the same precedence, as reading everything
    /// first: the first unreadable or malformed XML file, then the agent settings, then the
    /// export folder, then identifier clashes. Identifiers are checked file by file before a
    /// file is written (those of files reused unread as the catalog holds them); after a clash
    /// nothing more is written, and the clash is reported once every input was read.
    ///
    /// Stored locations are relative to the imported folder (`Conf/HR/HR Connector.xml`); an
    /// error names its file as it opens from where the command ran (the folder as given, then
    /// that relative path).
    /// - Throws: ``InputError`` for unreadable input (nothing is stored), ``TimeOrderError`` when the
    ///   request's time (default now) is before the catalog's latest import or refresh attempt, ``FingerprintKeyError``
    ///   when the fingerprint key cannot be created or read, ``CatalogError``.
    public static func run(_ request: ImportRequest, into catalog: Catalog) throws -> ImportResult {
        let layout = try layout(of: request)
        let time = request.at ?? .now
        try TimeOrderError.require(time, after: catalog)
        let at = time.iso8601
        let given = request.path.relativePath.hasSuffix("/") ? request.path.relativePath : request.path.relativePath + "/"
        do {
            let before = layout.exportFolder == nil ? SchemaBaseline() : try catalog.schemaBaseline()
            // What the previous import declared, to say what this one no longer declares.
            let previous = try catalog.latestImport()
            let declaredBefore = previous == nil ? nil : try catalog.declaredSchemaOwners()
            var result = try streamingRun(request, layout: layout, at: at, into: catalog)
            result.exportFolderWithoutExportFiles = layout.exportFolderWithoutExportFiles?.standardizedFileURL.path
            if let attempts = result.refresh?.attempts {
                result.refresh?.impact = try MappingImpact.impact(of: attempts, since: before, in: catalog)
            }
            if let previous, let declaredBefore, result.unchangedSince == nil {
                let lost = declaredBefore.lost(in: try catalog.declaredSchemaOwners())
                if !lost.connections.isEmpty || !lost.connectionTables.isEmpty {
                    result.noLongerDeclared = DeclarationLoss(
                        previous: previous, previousConnectionCount: declaredBefore.connections.count,
                        connections: lost.connections, connectionTables: lost.connectionTables.map { "\($0.connection)/\($0.table)" })
                }
            }
            return result
        } catch var error as InputError {
            if !error.location.file.hasPrefix("/") { error.location.file = given + error.location.file }
            throw error
        }
    }

    /// `Conf/` when the XML was found in `PATH/Conf`, else empty: what locations relative to the
    /// configuration folder need to become relative to the imported folder.
    private static func configurationPrefix(_ request: ImportRequest, _ layout: Layout) -> String {
        layout.configurationFolder.standardizedFileURL.path == request.path.standardizedFileURL.path
            ? "" : displayPath(layout.configurationFolder, under: request.path) + "/"
    }

    private static func readSettings(
        _ request: ImportRequest, _ layout: Layout, _ fingerprinter: Result<SecretFingerprinter, any Error>?
    ) throws -> AgentSettings? {
        guard let file = layout.agentSettings, let fingerprinter else { return nil }
        return try AgentSettingsReader.read(
            file: file, displayName: displayPath(file, under: request.path), fingerprinter: fingerprinter.get())
    }

    private static func exportScanFacts(_ request: ImportRequest, _ layout: Layout, _ refresh: RefreshOutcome?, at: String) -> ExportScanFacts? {
        guard let exportFolder = layout.exportFolder, let refresh else { return nil }
        // Absolute, as refresh-schema records it: a later import of another folder (a part of the
        // configuration) must not place these files under its own folder. Readers show the path
        // relative to the folder of the import they answer for when it lies inside it.
        return ExportScanFacts(folder: exportFolder.standardizedFileURL.path, at: at, unattributedFiles: refresh.unattributedFiles)
    }

    private static func streamingRun(_ request: ImportRequest, layout: Layout, at: String, into catalog: Catalog) throws -> ImportResult {
        FreedMemory.largeBlocksMapped
        let folder = layout.configurationFolder
        let prefix = configurationPrefix(request, layout)
        let paths: [String]
        do { paths = try ConfigurationReader.xmlFiles(in: folder) } catch var error as InputError {
            if !error.location.file.hasPrefix("/") { error.location.file = prefix + error.location.file }
            throw error
        }
        guard !paths.isEmpty else { throw noConfigurationFile(layout) }
        // The key is loaded (created on first use) once, for the inputs' digest and the reading.
        let fingerprinter = layout.agentSettings.map { _ in
            Result { try SecretFingerprinter.load(keyFile: request.fingerprintKeyFile) }
        }
        // The agent settings are read on a thread of their own while the XML files are hashed;
        // an error waits in the result for its turn, after those of the XML files.
        let settingsRead = BackgroundWork {
            defer { FreedMemory.release() }  // the parse of the settings, let go on this thread
            return try readSettings(request, layout, fingerprinter)
        }
        // Never left running, whatever this returns or throws.
        defer { _ = settingsRead.wait() }
        // A catalog without import has nothing to repeat nor to reuse: its XML files are hashed
        // by the reading thread as it reads them, and the inputs' digest is taken once they are.
        let firstImport = try catalog.importCount() == 0
        // Otherwise, first pass: the content hash (whether the configuration changed is decided
        // before writing). Errors wait for the second pass, which meets them in reading order.
        let hashes: [String?]? =
            firstImport
            ? nil
            : paths.map { path in
                (try? Data(contentsOf: folder.appendingPathComponent(path), options: .mappedIfSafe)).map(ConfigurationReader.sha256)
            }
        func inputsDigest(_ files: [(path: String, contentHash: String?)]) -> String? {
            ImportInputs.digest(
                xmlFiles: files, agentSettings: layout.agentSettings.map { ($0, displayPath($0, under: request.path)) },
                fingerprinter: { try? fingerprinter?.get() },
                exportFolder: layout.exportFolder.map { ($0, displayPath($0, under: request.path)) })
        }
        var inputHash: String?
        if let hashes {
            // The same inputs as the latest import (and no refresh since): only the record is stored.
            inputHash = inputsDigest(zip(paths, hashes).map { (prefix + $0.0, $0.1) })
            if let inputHash,
                let repeated = try catalog.recordRepeatedImport(
                    importRecord(request, layout: layout, at: at, fileCount: paths.count, elementCount: 0, contentHash: ""),
                    inputHash: inputHash)
            {
                var summary = ConfigurationSummary()
                for file in repeated.files { summary.add(file.summary) }
                return ImportResult(
                    record: repeated.record, summary: summary,
                    files: repeated.files.map {
                        ConfigurationFileInfo(path: $0.path, size: $0.size, contentHash: $0.contentHash, elementCount: $0.elementCount)
                    },
                    agentSettings: nil, refresh: nil, unchangedSince: repeated.previousImportID,
                    storedAgentSettingsConnections: layout.agentSettings == nil ? nil : repeated.agentSettingsConnections)
            }
        }
        // The content hash needs the agent settings: it is computed when first asked for (when
        // the catalog holds an import to compare with, or when the record is stored). A new
        // catalog's import starts writing while the settings are still being read.
        // `files`: the XML files (path with the prefix) and their hashes, in reading order.
        var settingsHash: String??
        var contentHash: String?
        func computedContentHash(_ files: [(path: String, contentHash: String?)]) -> String {
            if let contentHash { return contentHash }
            let hash = (try? settingsRead.wait().get())?.map(redactedHash)
            settingsHash = .some(hash)
            var hasher = SHA256()
            for file in files { hasher.update(data: Data("xml\u{0}\(file.path)\u{0}\(file.contentHash ?? "")\n".utf8)) }
            if let hash { hasher.update(data: Data("settings\u{0}\(hash)\n".utf8)) }
            let computed = hasher.finalize().hexString
            contentHash = computed
            return computed
        }
        let exportedBefore = try catalog.connectionsWithExportOutput()

        let known = hashes.map { zip(paths, $0).map { (path: prefix + $0.0, contentHash: $0.1) } }
        func knownContentHash() -> String { computedContentHash(known ?? []) }
        return try catalog.writeImport(contentHash: knownContentHash, files: known) { writer in
            // What the reading needs of the catalog, read here where the database is: which files
            // are reused unread, and what the catalog holds of them.
            let reused = paths.indices.map { index in
                hashes?[index].flatMap { writer.reusable(path: prefix + paths[index], contentHash: $0) }
            }
            let plan = ImportReading.Plan(
                reused: reused,
                declarations: reused.contains { $0 != nil } ? Result { try writer.reusedDeclarations() } : .success([:]),
                identifiers: reused.contains { $0 == nil } ? Result { try writer.reusedIdentifiers() } : .success([:]))
            let reading = ImportReading(
                request: request, layout: layout, prefix: prefix, paths: paths, hashes: hashes, settings: settingsRead,
                exportedBefore: exportedBefore, at: at, plan: plan)
            // The files are read on a thread of their own while this one writes what is ready.
            let (outcome, stored) = try pipelined(
                reading, into: writer,
                settle: { outcome in
                    let files = outcome.files.map { (path: $0.path, contentHash: Optional($0.contentHash)) }
                    if firstImport { inputHash = inputsDigest(files) }
                    let record = importRecord(
                        request, layout: layout, at: at, fileCount: outcome.files.count,
                        elementCount: outcome.summary.elements, contentHash: computedContentHash(files))
                    return try writer.settle(
                        record, files: outcome.files, agentSettingsHash: settingsHash ?? nil, settings: outcome.settings,
                        exportRoles: outcome.exportRoles)
                },
                store: { attempts in try writer.store(attempts, keepingRepeatedAttempts: false) },
                finish: { outcome, stored, attemptsStored in
                    try writer.complete(
                        stored, attempts: attemptsStored ? [] : outcome.attempts,
                        exportScan: exportScanFacts(request, layout, outcome.refresh, at: at),
                        inputHash: inputHash, keepingRepeatedAttempts: false)
                })
            return ImportResult(
                record: stored, summary: outcome.summary, files: outcome.files, agentSettings: outcome.settings,
                refresh: outcome.refresh)
        }
    }

    private static func noConfigurationFile(_ layout: Layout) -> InputError {
        InputError(
            SourceLocation(file: layout.configurationFolder.path), "no *.xml configuration file found",
            hint: "give the folder that holds the XML configuration (or the working directory with Conf/)")
    }

    private static func importRecord(
        _ request: ImportRequest, layout: Layout, at: String, fileCount: Int, elementCount: Int,
        contentHash: String
    ) -> ImportRecord {
        ImportRecord(
            importedAt: at, sourceFolder: request.path.standardizedFileURL.path,
            configurationFolder: layout.configurationFolder.standardizedFileURL.path,
            agentSettingsFile: layout.agentSettings?.standardizedFileURL.path,
            exportFolder: (layout.exportFolder ?? layout.exportFolderWithoutExportFiles)?.standardizedFileURL.path, xmlFileCount: fileCount,
            elementCount: elementCount, contentHash: contentHash, changed: true)
    }

    /// The connections to refresh: every XML Connection, and only those (a key under
    /// `Connections` of the agent settings that the XML does not declare is no connection: the
    /// agent never uses it, and the check reports it). Each carries its export role
    /// (``ExportRoleDecision/decide(for:)``), the encoding of its export files when a setting of
    /// its package gives it, its separator, the tables its ConnectionTable elements declare and
    /// the file prefixes its settings name.
    /// - Parameter exportedBefore: lower-cased identifiers of the connections an earlier refresh
    ///   read export output of.
    public static func refreshTargets(
        configuration: Configuration, settings: AgentSettings?,
        exportedBefore: Set<String> = []
    ) -> [RefreshTarget] {
        refreshTargets(configuration: configuration, settings: settings, exportedBefore: exportedBefore, roles: nil)
    }

    /// ``refreshTargets(configuration:settings:exportedBefore:)`` with the export roles of
    /// `configuration` when the caller decided them already (`nil`: decided here).
    static func refreshTargets(
        configuration: Configuration, settings: AgentSettings?,
        exportedBefore: Set<String>, roles decided: [String: ExportRoleDecision]?
    ) -> [RefreshTarget] {
        var targets: [RefreshTarget] = []
        var seen: Set<String> = []
        // Settings by lower-cased key, the first of keys equal but for case winning as in
        // `AgentSettings.settings(for:)`: one look-up per connection rather than a scan.
        // Only for ASCII keys, where lower-cased equality is exactly the case-insensitive one.
        let allConnections = settings?.connections ?? []
        let asciiKeys = allConnections.allSatisfy { CaseInsensitive.isASCII($0.connection) }
        var settingsByKey: [String: ConnectionSettings] = [:]
        for connection in allConnections where asciiKeys && settingsByKey[Identifier.fold(connection.connection)] == nil {
            settingsByKey[Identifier.fold(connection.connection)] = connection
        }
        let roles = decided ?? ExportRoleDecision.decide(for: configuration)
        let declared = declaredTables(configuration)
        for connection in configuration.connections where !connection.identifier.isEmpty {
            let key = Identifier.fold(connection.identifier)
            guard seen.insert(key).inserted else { continue }
            let connectionSettings =
                asciiKeys && CaseInsensitive.isASCII(connection.identifier)
                ? settingsByKey[key] : settings?.settings(for: connection.identifier)
            let package = connection.package.flatMap(ConnectorPackage.named)
            let role = roles[key]
            targets.append(
                RefreshTarget(
                    connection: connection.identifier, package: connection.package,
                    separator: connectionSettings?.value("Separator"),
                    encoding: package?.exportOutputEncodingSetting.flatMap { connectionSettings?.value($0) },
                    connector: connection.connector,
                    role: role?.role ?? .expected, roleReason: role?.reason, exportedBefore: exportedBefore.contains(key),
                    declaredTables: declared[key] ?? [],
                    filePrefixes: (package?.exportFileNameSettings ?? []).compactMap { connectionSettings?.value($0) }.compactMap(filePrefix)))
        }
        return targets
    }

    /// The file-name part of a path prefix written in a setting (`C:/Work/Temp/ExportOutput/CyberArk`
    /// gives `CyberArk`), `nil` when empty.
    static func filePrefix(_ path: String) -> String? {
        let name = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)?
            .trimmingCharacters(in: .whitespaces)
        return name?.isEmpty == false ? name : nil
    }

    /// The tables declared by `ConnectionTable` elements (with their `Column` children, as the
    /// product's configuration export writes them), by lower-cased connection identifier, for
    /// declared connections only: a ConnectionTable of a connection that no `<Connection>`
    /// declares is a check finding, never a table.
    static func declaredTables(_ configuration: Configuration) -> [String: [TableSchema]] {
        let known = Set(configuration.connections.map { Identifier.fold($0.identifier) })
        var tables: [String: [TableSchema]] = [:]
        for table in configuration.connectionTables {
            guard let connection = table.connection, known.contains(Identifier.fold(connection)), !table.identifier.isEmpty else { continue }
            let name = TableName.key(table.identifier)
            guard !(tables[Identifier.fold(connection)] ?? []).contains(where: { Identifier.fold($0.name) == Identifier.fold(name) }) else { continue }
            let columns = table.columns.map(\.identifier).filter { !$0.isEmpty }
            tables[Identifier.fold(connection), default: []].append(TableSchema(name: name, columns: columns, source: .configuration))
        }
        return tables
    }

    /// Without an ExportOutput folder: one successful attempt with source `configuration` per
    /// declared connection whose ConnectionTable elements declare tables. (With a folder, the
    /// refresh merges the declared tables into the connection's one attempt.)
    static func declaredSchemaAttempts(_ configuration: Configuration, at: String) -> [RefreshAttempt] {
        let declared = declaredTables(configuration)
        var seen: Set<String> = []
        return configuration.connections.compactMap { connection in
            let key = Identifier.fold(connection.identifier)
            guard seen.insert(key).inserted, let tables = declared[key] else { return nil }
            return RefreshAttempt(
                connection: connection.identifier, at: at, trigger: .import, source: .configuration,
                status: .success, snapshot: SchemaSnapshot(tables: tables))
        }
    }

    /// SHA-256 of the redacted settings (never of the raw files, which hold secrets): public
    /// values, and for each secret its path, state, kind, keyed fingerprint and redacted connection
    /// string, so that a changed secret changes the hash. Lines are left out: moving a key or
    /// adding a comment changes nothing.
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
        for secret in settings.secrets {
            let fields = [
                secret.jsonPath, secret.reason.rawValue, secret.state.rawValue, secret.kind.rawValue,
                secret.fingerprint.map { "\($0.keyID):\($0.value)" } ?? "<none>", secret.redactedValue ?? "<none>",
                secret.plainTextLine == nil ? "not-in-clear" : "in-clear",
            ]
            hasher.update(data: Data(("secret\u{0}" + fields.joined(separator: "\u{0}") + "\n").utf8))
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
