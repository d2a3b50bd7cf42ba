import Foundation

/// How an element, a setting or a secret differs between two imports.
public enum ChangeKind: String, Sendable, Equatable, Codable {
    case added, removed, modified
}

/// One difference in the XML configuration between two imports: an element added or removed,
/// or one attribute of an element modified.
public struct ElementChange: Sendable, Equatable, Codable {
    public var change: ChangeKind
    /// ``ConfigurationElementKind/name``: `Connection`, `EntityTypeMapping/Property`...
    public var kind: String
    /// The identifier; a child's is its parent's, `:`, its own (`SN_User:EmployeeNumber`).
    public var identifier: String
    /// For `modified`: the attribute that differs, its value before and after (`nil` when absent
    /// on that side). Secret-valued attributes are stored redacted, so they never differ here.
    public var attribute: String?
    public var old: String?
    public var new: String?
    /// Where the element is declared: in the newer import, or in the older one when removed.
    public var file: String
    public var line: Int?
    /// The connection the element belongs to, when it belongs to one.
    public var connection: String?

    public init(
        change: ChangeKind, kind: String, identifier: String, attribute: String? = nil, old: String? = nil,
        new: String? = nil, file: String, line: Int?, connection: String?
    ) {
        self.change = change
        self.kind = kind
        self.identifier = identifier
        self.attribute = attribute
        self.old = old
        self.new = new
        self.file = file
        self.line = line
        self.connection = connection
    }
}

/// One key of the agent settings added, removed or modified between two imports. A secret's
/// change comes from its presence, kind and keyed fingerprint; its value is never known.
public struct SettingChange: Sendable, Equatable, Codable {
    /// The member of `Connections`; `nil` for a secret outside `Connections`.
    public var connection: String?
    public var key: String
    public var change: ChangeKind
    public var secret: Bool
    /// The older import's value of a setting that is not a secret (as `settings` shows it, see
    /// ``SettingClassifier``); `nil` for an added setting and always for a secret.
    public var old: String?
    /// The newer import's value of a setting that is not a secret; `nil` for a removed setting
    /// and always for a secret.
    public var new: String?

    public init(connection: String?, key: String, change: ChangeKind, secret: Bool, old: String? = nil, new: String? = nil) {
        self.connection = connection
        self.key = key
        self.change = change
        self.secret = secret
        self.old = secret ? nil : old
        self.new = secret ? nil : new
    }
}

/// A setting of one import that the other import compared did not read: one of the two read no
/// agent settings (`appsettings.agent.json`), so the setting is neither removed (the newer import
/// read none) nor added (the older import read none), only not compared.
public struct UnreadSetting: Sendable, Equatable, Codable {
    /// The member of `Connections`; `nil` for a secret outside `Connections`.
    public var connection: String?
    public var key: String
    public var secret: Bool
    /// The import that read no agent settings: the newer one for a setting of the older import,
    /// the older one for a setting of the newer import.
    public var notReadIn: Int64

    public init(connection: String?, key: String, secret: Bool, notReadIn: Int64) {
        self.connection = connection
        self.key = key
        self.secret = secret
        self.notReadIn = notReadIn
    }
}

/// A schema change of one connection (the format of a schema diff, plus the connection).
public struct ConnectionSchemaChange: Sendable, Equatable, Codable {
    public var connection: String
    public var change: SchemaChange

    public init(connection: String, change: SchemaChange) {
        self.connection = connection
        self.change = change
    }
}

/// What changed between two imports: configuration, agent settings, schemas recorded between
/// their times, and the check findings that appeared or disappeared.
public struct ConfigurationChanges: Sendable, Equatable {
    /// One of the two imports compared.
    public struct Side: Sendable, Equatable, Codable {
        public var importID: Int64
        /// ISO 8601 UTC.
        public var at: String
        /// The folder the user named (``ImportRecord/sourceFolder``), absolute.
        public var folder: String
        /// Where the import found its XML files (``ImportRecord/configurationFolder``), absolute.
        public var configurationFolder: String
    }

    public var from: Side
    public var to: Side
    /// Whether the two imports read different configuration folders (a sub-folder, then the
    /// whole configuration, or two checkouts): the elements only one folder holds are then
    /// listed as added or removed although no file changed. Compare two imports of the same
    /// folder to see what changed (``sameFolderImport``).
    public var readDifferentFolders: Bool { from.configurationFolder != to.configurationFolder }
    /// When ``readDifferentFolders``: the latest import before ``to`` that read the same
    /// configuration folder as ``to``, the one to compare it with; `nil` when there is none.
    public var sameFolderImport: Int64?
    /// In the newer import's file order (removed elements after, in the older one's order).
    public var configuration: [ElementChange]
    /// In file order of the newer settings, removed ones after; secrets outside `Connections` last.
    /// A setting is removed only when the newer import read agent settings without it.
    public var settings: [SettingChange]
    /// The settings of the older import when the newer one read no agent settings (it imported
    /// a folder without `appsettings.agent.json`, or a part of the configuration): not removed,
    /// only not read (as ``uncheckedFindings``); or the settings of the newer import when the older
    /// one read none: not added, only not compared (as ``firstCheckedFindings``). In the order of
    /// ``settings``; ``UnreadSetting/notReadIn`` names the import that read none.
    public var unreadSettings: [UnreadSetting] = []
    /// By connection, then in the order of the schema diff.
    public var schema: [ConnectionSchemaChange]
    /// Findings of the newer import that the older one did not have, in check order.
    public var newFindings: [ChangedFinding]
    /// Findings of the older import that the newer one no longer has although it read their
    /// input, in check order: the change resolved them.
    public var resolvedFindings: [ChangedFinding]
    /// Findings of the older import that the newer one no longer has because it did not read
    /// their input (``ChangedFinding/notChecked`` says which), in check order: not resolved, only
    /// no longer checked.
    public var uncheckedFindings: [ChangedFinding] = []
    /// Findings of the newer import that the older one did not have because it read no agent
    /// settings (the findings in them, and those that compare them with the XML), in check order:
    /// not brought by a change, only checked for the first time (``ChangedFinding/notChecked`` is
    /// ``NotCheckedReason/agentSettingsNotRead``).
    public var firstCheckedFindings: [ChangedFinding] = []

    /// The connection an element or finding belongs to, by connection, sorted case-insensitively;
    /// `nil` (the configuration at large) last.
    public var connections: [String?] {
        var seen: [String: String] = [:]
        var general = false
        func note(_ connection: String?) {
            guard let connection else {
                general = true
                return
            }
            if seen[connection.lowercased()] == nil { seen[connection.lowercased()] = connection }
        }
        configuration.forEach { note($0.connection) }
        settings.forEach { note($0.connection) }
        unreadSettings.forEach { note($0.connection) }
        schema.forEach { note($0.connection) }
        newFindings.forEach { note($0.connection) }
        resolvedFindings.forEach { note($0.connection) }
        uncheckedFindings.forEach { note($0.connection) }
        firstCheckedFindings.forEach { note($0.connection) }
        let sorted: [String?] = seen.keys.sorted().map { seen[$0] }
        return sorted + (general ? [nil] : [])
    }
}

extension ConfigurationChanges.Side {
    init(_ summary: ImportSummary, _ record: ImportRecord) {
        self.init(
            importID: summary.importID, at: summary.at, folder: record.sourceFolder, configurationFolder: Self.onDisk(record.configurationFolder))
    }

    /// `path` absolute and standardized, as two imports' folders are compared.
    static func onDisk(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// A finding that appeared or disappeared, with the connection it concerns when known (the
/// connection of the element at its location, else one named in its subject).
public struct ChangedFinding: Sendable, Equatable {
    public var finding: Finding
    public var connection: String?
    /// For a finding of the older import that the newer one did not check, or of the newer import
    /// that the older one did not check: why; `nil` otherwise.
    public var notChecked: NotCheckedReason?
}

/// Why a finding of the older import is missing from the newer one without being resolved: the
/// newer import did not read what the finding came from.
public enum NotCheckedReason: String, Sendable, Equatable, Codable {
    /// The newer import read no agent settings (`appsettings.agent.json`): the findings in them,
    /// and those that compare them with the XML (a Connection without settings), are not checked.
    case agentSettingsNotRead = "agent_settings_not_read"
    /// The file the finding is in (an XML file, or the agent settings file) is not among the
    /// files the newer import read: another folder, or a part of the configuration, was imported.
    case fileNotRead = "file_not_read"
}

/// A changes question that has no answer.
public enum ChangesError: DiagnosticError, Sendable, Equatable {
    /// Fewer than two imports, and no `from` given.
    case notEnoughImports(count: Int)
    case noSuchImport(Int64)
    /// The import was made before the catalog kept each import's configuration.
    case notRecorded(Int64)

    public var diagnostic: Diagnostic {
        switch self {
        case .notEnoughImports(let count):
            Diagnostic(
                nil, kind: .notEnoughImports, "the catalog has \(count) import\(count == 1 ? "" : "s"); comparing needs two",
                remedy: .importAgainAfterChange)
        case .noSuchImport(let id):
            Diagnostic(nil, kind: .noSuchImport, "there is no import \(id)", remedy: .listImports)
        case .notRecorded(let id):
            Diagnostic(
                nil, kind: .importNotRecorded,
                "import \(id) was recorded before this catalog kept each import's configuration",
                remedy: .advice("pick a later import"))
        }
    }
}

/// Compares what two imports read.
public enum ConfigurationChangesQuery {
    /// The changes from import `from` to import `to` (default: the two latest imports; `from`
    /// alone: to the latest).
    /// - Throws: ``ChangesError``, ``CatalogError``.
    public static func run(from: Int64?, to: Int64?, in catalog: Catalog) throws -> ConfigurationChanges {
        let imports = try catalog.importSummaries()
        func find(_ id: Int64) throws -> ImportSummary {
            guard let found = imports.first(where: { $0.importID == id }) else { throw ChangesError.noSuchImport(id) }
            return found
        }
        let newer: ImportSummary
        if let to {
            newer = try find(to)
        } else {
            guard let last = imports.last else { throw ChangesError.notEnoughImports(count: 0) }
            newer = last
        }
        let older: ImportSummary
        if let from {
            older = try find(from)
        } else {
            guard let previous = imports.last(where: { $0.importID < newer.importID }) else {
                throw ChangesError.notEnoughImports(count: imports.count)
            }
            older = previous
        }
        guard let before = try catalog.recordedConfiguration(importID: older.importID) else { throw ChangesError.notRecorded(older.importID) }
        guard let after = try catalog.recordedConfiguration(importID: newer.importID) else { throw ChangesError.notRecorded(newer.importID) }

        let owner = ConnectionOwner(before.configuration, after.configuration)
        let configuration = elementChanges(before.files, after.files, owner: owner)
        var settings = try settingChanges(before, after, catalog: catalog)
        // Without agent settings in the newer import, every setting of the older one would look
        // removed: it was not read. Without them in the older import, every setting of the newer
        // one would look added: the older import did not read them.
        var unreadSettings: [UnreadSetting] = []
        let settingsRead = (before: before.record.agentSettingsFile != nil, after: after.record.agentSettingsFile != nil)
        if settingsRead.before != settingsRead.after {
            let unread: ChangeKind = settingsRead.after ? .added : .removed
            let notReadIn = settingsRead.after ? older.importID : newer.importID
            unreadSettings = settings.filter { $0.change == unread }.map {
                UnreadSetting(connection: $0.connection, key: $0.key, secret: $0.secret, notReadIn: notReadIn)
            }
            settings.removeAll { $0.change == unread }
        }
        let schema = try schemaChanges(
            fromSeconds: Timestamp.seconds(older.at) ?? 0, toSeconds: Timestamp.seconds(newer.at) ?? 0,
            in: catalog)
        let findingsBefore = ConfigurationCheck.run(try checkInput(before, in: catalog))
        let findingsAfter = ConfigurationCheck.run(try checkInput(after, in: catalog))
        // A finding is the same one when its rule, severity, file and subject are: never its line
        // (lines move when lines are added above) nor its message (it quotes refresh times).
        // Its file is compared as a path on disk: each import's locations are relative to the
        // folder it read, and two imports may have read different folders of one configuration.
        // Compared as multisets, so one more finding of the same key is still new.
        func key(_ f: Finding, _ record: ImportRecord) -> String {
            [f.rule, f.severity.rawValue, onDisk(f.location.file, record), f.subject].joined(separator: "\u{0}")
        }
        func unmatched(_ findings: [Finding], _ record: ImportRecord, against others: [Finding], _ otherRecord: ImportRecord) -> [Finding] {
            var available: [String: Int] = [:]
            for f in others { available[key(f, otherRecord), default: 0] += 1 }
            return findings.filter { f in
                let k = key(f, record)
                guard let n = available[k], n > 0 else { return true }
                available[k] = n - 1
                return false
            }
        }
        func attribute(_ findings: [Finding], _ files: [(file: String, elements: [HistoryElement])]) -> [ChangedFinding] {
            var byLocation: [String: String] = [:]
            for (_, e) in keyed(files, owner: owner) {
                if let connection = e.connection, let line = e.element.line { byLocation["\(e.file):\(line)"] = connection }
            }
            return findings.map { f in
                let located = f.location.line.flatMap { byLocation["\(f.location.file):\($0)"] }
                return ChangedFinding(finding: f, connection: located ?? owner.named(in: f.subject))
            }
        }
        var gone = attribute(unmatched(findingsBefore, before.record, against: findingsAfter, after.record), before.files)
        for index in gone.indices { gone[index].notChecked = notChecked(gone[index].finding, before, after) }
        // Mirrored: a finding in the agent settings that the older import did not read is not new.
        var came = attribute(unmatched(findingsAfter, after.record, against: findingsBefore, before.record), after.files)
        for index in came.indices where notChecked(came[index].finding, after, before) == .agentSettingsNotRead {
            came[index].notChecked = .agentSettingsNotRead
        }
        let from = ConfigurationChanges.Side(older, before.record)
        let to = ConfigurationChanges.Side(newer, after.record)
        var sameFolderImport: Int64?
        if from.configurationFolder != to.configurationFolder {
            for earlier in imports.reversed() where earlier.importID < newer.importID && earlier.recorded {
                if try catalog.importRecord(id: earlier.importID).map({ ConfigurationChanges.Side.onDisk($0.configurationFolder) }) == to.configurationFolder {
                    sameFolderImport = earlier.importID
                    break
                }
            }
        }
        return ConfigurationChanges(
            from: from, to: to, sameFolderImport: sameFolderImport,
            configuration: configuration, settings: settings, unreadSettings: unreadSettings, schema: schema,
            newFindings: came.filter { $0.notChecked == nil }, resolvedFindings: gone.filter { $0.notChecked == nil },
            uncheckedFindings: gone.filter { $0.notChecked != nil }, firstCheckedFindings: came.filter { $0.notChecked != nil })
    }

    /// `file` (relative to the folder `record` read, or absolute) as an absolute, standardized path.
    static func onDisk(_ file: String, _ record: ImportRecord) -> String {
        let path = file.hasPrefix("/") ? file : file.isEmpty ? record.sourceFolder : record.sourceFolder + "/" + file
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The rules whose findings need the agent settings: without them they are not checked.
    static let agentSettingsRules: Set<String> = ["connection-settings-missing", "connection-settings-orphan", "plain-text-secret"]

    /// Why `finding`, which `before` had and `after` no longer has, was not checked by `after`;
    /// `nil` when `after` read its input, so that it is resolved.
    static func notChecked(_ finding: Finding, _ before: RecordedConfiguration, _ after: RecordedConfiguration) -> NotCheckedReason? {
        let file = onDisk(finding.location.file, before.record)
        let settingsBefore = before.record.agentSettingsFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let settingsAfter = after.record.agentSettingsFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if settingsAfter == nil, before.record.agentSettingsFile != nil,
            file == settingsBefore || agentSettingsRules.contains(finding.rule)
        {
            return .agentSettingsNotRead
        }
        if file == settingsBefore, settingsAfter != settingsBefore { return .fileNotRead }
        let readBefore = Set(before.files.map { onDisk($0.file, before.record) })
        let readAfter = Set(after.files.map { onDisk($0.file, after.record) })
        if readBefore.contains(file), !readAfter.contains(file) { return .fileNotRead }
        return nil
    }

    /// What the check looks at for the configuration an import read, with the schema history,
    /// export scan and secrets as they stood at the time of that import.
    public static func checkInput(_ recorded: RecordedConfiguration, in catalog: Catalog) throws -> CheckInput {
        let record = recorded.record
        let seconds = Timestamp.seconds(record.importedAt) ?? 0
        var input = CheckInput(configuration: recorded.configuration)
        if let settings = recorded.agentSettings {
            input.agentSettings = settings
        } else if let file = record.agentSettingsFile {
            input.agentSettings = AgentSettings(file: ConfigurationCheck.relativePath(file, under: record.sourceFolder))
        }
        input.schemas = try ConfigurationCheck.schemaStates(
            in: catalog, untilSeconds: seconds, under: record.sourceFolder,
            referenced: ReferencedSchemaItems(mappingsOf: recorded.configuration))
        if let id = record.id { input.plainTextSecrets = try catalog.plainTextSecrets(ofImport: id) }
        input.exportScan = try catalog.exportScan(asOf: seconds).map { scan in
            var scan = scan
            if scan.folder.hasPrefix("/") { scan.folder = ConfigurationCheck.relativePath(scan.folder, under: record.sourceFolder) }
            return scan
        }
        return input
    }

    /// A keyed element: its kind and key path (children under their parent).
    private struct Keyed {
        var element: HistoryElement
        var label: String
        var file: String
        var connection: String?
    }

    /// The elements of `configuration` by key (`kind`, parent key, own key; a repeated key gets
    /// an ordinal), in order.
    private static func keyed(_ files: [(file: String, elements: [HistoryElement])], owner: ConnectionOwner) -> [(key: String, value: Keyed)] {
        var out: [(key: String, value: Keyed)] = []
        var counts: [String: Int] = [:]
        for (file, elements) in files {
            var parent: (key: String, label: String, connection: String?)?
            for e in elements {
                var key = "\(e.kind.rawValue)\u{0}\(e.key)"
                var label = e.kind == .taskResourceType ? (e.attributes["ResourceType"] ?? "") : (e.identifier ?? "")
                var connection = owner.connection(of: e)
                if e.kind.parent != nil, let parent {
                    key = parent.key + "\u{1}" + key
                    label = parent.label + ":" + label
                    connection = parent.connection
                }
                let n = counts[key, default: 0]
                counts[key] = n + 1
                if n > 0 { key += "\u{2}\(n)" }
                if e.kind.parent == nil { parent = (key, label, connection) }
                out.append((key, Keyed(element: e, label: label, file: file, connection: connection)))
            }
        }
        return out
    }

    static func elementChanges(
        _ before: [(file: String, elements: [HistoryElement])], _ after: [(file: String, elements: [HistoryElement])],
        owner: ConnectionOwner
    ) -> [ElementChange] {
        let old = keyed(before, owner: owner)
        let new = keyed(after, owner: owner)
        let oldByKey = Dictionary(old, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(\.key))
        var changes: [ElementChange] = []
        for (key, n) in new {
            let kind = n.element.kind.name
            guard let o = oldByKey[key] else {
                changes.append(
                    ElementChange(
                        change: .added, kind: kind, identifier: n.label, file: n.file, line: n.element.line,
                        connection: n.connection))
                continue
            }
            var names: [String] = n.element.attributes.items.map(\.name)
            for item in o.element.attributes.items where !names.contains(item.name) { names.append(item.name) }
            if o.element.element != n.element.element { names.insert("(element)", at: 0) }
            for name in names {
                let was = name == "(element)" ? o.element.element ?? "ResourceTypeMapping" : o.element.attributes[name]
                let now = name == "(element)" ? n.element.element ?? "ResourceTypeMapping" : n.element.attributes[name]
                guard was != now else { continue }
                changes.append(
                    ElementChange(
                        change: .modified, kind: kind, identifier: n.label, attribute: name, old: was, new: now,
                        file: n.file, line: n.element.line, connection: n.connection))
            }
        }
        for (key, o) in old where !newKeys.contains(key) {
            changes.append(
                ElementChange(
                    change: .removed, kind: o.element.kind.name, identifier: o.label, file: o.file,
                    line: o.element.line, connection: o.connection))
        }
        return changes
    }

    static func settingChanges(_ before: RecordedConfiguration, _ after: RecordedConfiguration, catalog: Catalog) throws -> [SettingChange] {
        func values(_ settings: AgentSettings?) -> [(key: String, connection: String, setting: String, value: String?)] {
            (settings?.connections ?? []).flatMap { c in
                c.settings.filter { !$0.isSecret }.map { s in
                    (c.connection.lowercased() + "\u{0}" + s.key.lowercased(), c.connection, s.key, s.value)
                }
            }
        }
        var changes: [SettingChange] = []
        let old = values(before.agentSettings)
        let new = values(after.agentSettings)
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(\.key))
        for n in new {
            if let o = oldByKey[n.key] {
                if o.value != n.value {
                    changes.append(SettingChange(connection: n.connection, key: n.setting, change: .modified, secret: false, old: o.value, new: n.value))
                }
            } else {
                changes.append(SettingChange(connection: n.connection, key: n.setting, change: .added, secret: false, new: n.value))
            }
        }
        for o in old where !newKeys.contains(o.key) {
            changes.append(SettingChange(connection: o.connection, key: o.setting, change: .removed, secret: false, old: o.value))
        }
        // Secrets: by the rule of ``SecretObservation/changed(since:)`` (presence, kind, keyed
        // fingerprint), and by the public parts of a connection string.
        let oldSecrets = try before.record.id.map { try catalog.secretRows(ofImport: $0) } ?? []
        let newSecrets = try after.record.id.map { try catalog.secretRows(ofImport: $0) } ?? []
        let oldByPath = Dictionary(oldSecrets.map { ($0.jsonPath.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let newPaths = Set(newSecrets.map { $0.jsonPath.lowercased() })
        func key(_ s: SecretRow) -> String { s.connection == nil ? s.jsonPath : s.key }
        var secretChanges: [SettingChange] = []
        for n in newSecrets {
            guard let o = oldByPath[n.jsonPath.lowercased()] else {
                secretChanges.append(SettingChange(connection: n.connection, key: key(n), change: .added, secret: true))
                continue
            }
            if n.observation?.changed(since: o.observation) == true || o.redactedValue != n.redactedValue {
                secretChanges.append(SettingChange(connection: n.connection, key: key(n), change: .modified, secret: true))
            }
        }
        for o in oldSecrets where !newPaths.contains(o.jsonPath.lowercased()) {
            secretChanges.append(SettingChange(connection: o.connection, key: key(o), change: .removed, secret: true))
        }
        // Within Connections first (in the order above), then the secrets outside it.
        return changes + secretChanges.filter { $0.connection != nil } + secretChanges.filter { $0.connection == nil }
    }

    /// Per connection, the difference between the snapshot in force at `fromSeconds` and the one
    /// in force at `toSeconds` (a connection without a snapshot then compares as empty).
    static func schemaChanges(fromSeconds: Int64, toSeconds: Int64, in catalog: Catalog) throws -> [ConnectionSchemaChange] {
        let old = Dictionary(
            try catalog.snapshotsInForce(atSeconds: fromSeconds).map { ($0.connection.lowercased(), $0.snapshot) },
            uniquingKeysWith: { first, _ in first })
        var changes: [ConnectionSchemaChange] = []
        for (connection, snapshot) in try catalog.snapshotsInForce(atSeconds: toSeconds) {
            let before = old[connection.lowercased()] ?? SchemaSnapshot(tables: [])
            for change in before.diff(to: snapshot) { changes.append(ConnectionSchemaChange(connection: connection, change: change)) }
        }
        return changes
    }
}

/// Which connection an element belongs to: the connection it names, or for a mapping, the
/// connection whose identifier its `ConnectionTable` starts with (the longest such).
struct ConnectionOwner {
    private var identifiers: [String]

    init(_ configurations: Configuration...) {
        var seen: Set<String> = []
        identifiers = configurations.flatMap { $0.connections.map(\.identifier) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    func connection(ofTable table: String?) -> String? {
        guard let table else { return nil }
        let key = TableName.key(table).lowercased()
        var found: String?
        for id in identifiers {
            let lower = id.lowercased()
            guard key == lower || key.hasPrefix(lower + "_") else { continue }
            if found == nil || id.count > found!.count { found = id }
        }
        return found
    }

    /// A connection identifier that `text` holds as a whole word (letters, digits, `_`, `-`, `.`
    /// around it excluded), the longest if several.
    func named(in text: String) -> String? {
        let words = Set(
            text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") })
                .map { $0.lowercased() })
        return identifiers.filter { words.contains($0.lowercased()) }.max { $0.count < $1.count }
    }

    func connection(of e: HistoryElement) -> String? {
        switch e.kind {
        case .connection: e.identifier
        case .connectionTable, .resourceTypeMapping, .exportTask, .fulfillTask: e.attributes["Connection"].flatMap { $0.isEmpty ? nil : $0 }
        case .entityTypeMapping, .entityAssociationMapping: connection(ofTable: e.attributes["ConnectionTable"])
        default: nil
        }
    }
}
