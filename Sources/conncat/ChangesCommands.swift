import ArgumentParser
import ConnectionCatalog
import Foundation

struct ImportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports", abstract: "List every import, oldest first: when, from where, and whether the configuration changed.",
        usage: "conncat imports [<options>]",
        discussion: """
            Every import's configuration stays in the catalog; `import_id` names one for \
            `conncat changes --from ID --to ID`. On a terminal the table fits its width (folders \
            are cut from the front, …/tail/of/path); --wide, a pipe, JSON and CSV show everything.

            EXAMPLES:
              conncat imports
              conncat imports --format json
              conncat imports --database /srv/catalog/conncat.sqlite --format csv

            EXIT CODES:
              0  listed (an empty catalog lists nothing)
              1  no catalog, or an unusable one (one error line)
              64 wrong usage
            """)
    @OptionGroup var catalog: ListingOptions

    func run() throws {
        try reportingErrors {
            var rows = try catalog.withCatalog { try $0.importSummaries() }
            // A table shows each folder as it opens from the current directory; JSON and CSV keep it as stored.
            if catalog.format == .table {
                for index in rows.indices { rows[index].folder = DisplayPath.shown(rows[index].folder) }
            }
            Renderer.write(rows, as: catalog.format)
        }
    }
}

extension ImportSummary: Renderable {
    static let columnRules: [String: ColumnRule] = [
        "import_id": .whole(100), "at": .whole(95), "folder": .path(80, minimum: 16), "xml_files": .whole(50),
        "elements": .whole(55), "changed": .whole(70),
    ]
    static let fields = ["import_id", "at", "folder", "xml_files", "elements", "changed"]
    var cells: [Cell] {
        [.int(Int(importID)), .text(at), .text(folder), .int(xmlFiles), .int(elements), .bool(changed)]
    }
}

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract:
            "Show what changed between two imports (default: the last two): configuration, agent settings, schemas, and the check findings that appeared or disappeared.",
        usage: "conncat changes [--from <import-id>] [--to <import-id>] [<options>]",
        discussion: """
            A review grouped by connection: schema changes, configuration changes (+ added, \
            - removed, ~ modified, with file:line), agent settings changes (a secret only as \
            changed), then the check findings the change brings (breaks), those it resolves \
            (fixes), and those no longer checked because the newer import did not read their input \
            (unread: no agent settings, or a file that import did not read). When the newer import \
            read no agent settings, the older one's settings are unread, not removed; when the older \
            import read none, the newer one's settings are unread, not added, and the findings in them \
            were not checked before, not brought by the change. `conncat imports` lists the import ids. On a terminal long lines are \
            wrapped at word boundaries; --format json gives one object.

            EXAMPLES:
              conncat changes
              conncat changes --from 3
              conncat changes --from 3 --to 5 --format json

            EXIT CODES:
              0  compared (with or without changes), or nothing to compare yet (one import)
              1  an unknown import id, or no catalog
              64 wrong usage
            """
    )
    @OptionGroup var catalog: CatalogOptions
    @Option(help: ArgumentHelp("Older import_id (from `conncat imports`).", valueName: "import-id")) var from: Int64?
    @Option(help: ArgumentHelp("Newer import_id (default: the latest).", valueName: "import-id")) var to: Int64?
    @Option(name: .long, help: "Output format: table or json.")
    var format: ChangesFormat = .table

    enum ChangesFormat: String, ArgumentChoice {
        case table, json

        static let choices: [Self] = [.table, .json]
    }

    func run() throws {
        try reportingErrors {
            let answer = try catalog.withCatalog { store -> (ConfigurationChanges, [ImportSummary])? in
                do {
                    return (try ConfigurationChangesQuery.run(from: from, to: to, in: store), try store.importSummaries())
                } catch ChangesError.notEnoughImports(let count) {
                    // A first run (one import) has nothing to compare yet: not a failure, as for a
                    // comparison without changes.
                    write(format == .json ? ChangesRendering.emptyJSON : TextWrap.fit(nothingToCompare(count: count), width: Presentation.current.width))
                    return nil
                }
            }
            guard let (changes, imports) = answer else { return }
            if format == .json {
                write(ChangesRendering.json(changes))
            } else {
                // Files are shown from the current directory: each lies in the folder of its import.
                func folder(_ id: Int64) -> String? { imports.first { $0.importID == id }?.folder }
                let review = ChangesRendering.review(changes, fromFolder: folder(changes.from.importID), toFolder: folder(changes.to.importID))
                write(TextWrap.fit(review, width: Presentation.current.width, hangAfterLabel: true))
            }
        }
    }
}

extension ChangesCommand {
    /// The table format's answer when there are not two imports to compare.
    func nothingToCompare(count: Int) -> String {
        let what =
            to.map { "import \($0) is the first import: there is no import before it to compare with" }
            ?? "the catalog has \(count) import\(count == 1 ? "" : "s") and `conncat changes` compares two"
        return "Nothing to compare yet: \(what); import the configuration again after it changed (`conncat import PATH`).\n"
    }
}

/// A configuration change as a JSON row.
struct ElementChangeRow: Renderable {
    let change: ElementChange
    static let fields = ["change", "kind", "identifier", "attribute", "old", "new", "file", "line", "connection"]
    var cells: [Cell] {
        [
            .text(change.change.rawValue), .text(change.kind), .text(change.identifier), .text(change.attribute), .text(change.old),
            .text(change.new), .text(change.file), .int(change.line), .text(change.connection),
        ]
    }
}

struct SettingChangeRow: Renderable {
    let change: SettingChange
    static let fields = ["connection", "key", "change", "secret", "old", "new"]
    var cells: [Cell] {
        [.text(change.connection), .text(change.key), .text(change.change.rawValue), .bool(change.secret), .text(change.old), .text(change.new)]
    }
}

/// A setting one of the two imports did not read, as a JSON row; `not_read_in` is the import
/// that read no agent settings.
struct UnreadSettingRow: Renderable {
    let setting: UnreadSetting
    static let fields = ["connection", "key", "secret", "not_read_in"]
    var cells: [Cell] { [.text(setting.connection), .text(setting.key), .bool(setting.secret), .int(Int(setting.notReadIn))] }
}

/// A finding no longer checked, or not checked before, as a JSON row: `check`'s fields, then `reason`.
struct UncheckedFindingRow: Renderable {
    let finding: ChangedFinding
    static let fields = Finding.fields + ["reason"]
    var cells: [Cell] { finding.finding.cells + [.text(finding.notChecked?.rawValue)] }
}

struct SchemaChangeRow: Renderable {
    let change: ConnectionSchemaChange
    static let fields = ["connection"] + DiffRow.fields
    var cells: [Cell] { [.text(change.connection)] + DiffRow(change: change.change).cells }
}

/// Pure renderers of `conncat changes`.
enum ChangesRendering {
    static func object<Row: Renderable>(_ row: Row) -> String {
        "{" + zip(Row.fields, row.cells).map { "\(JSONString.quote($0)): \($1.json)" }.joined(separator: ", ") + "}"
    }

    static func array<Row: Renderable>(_ rows: [Row], indent: String) -> String {
        rows.isEmpty ? "[]" : "[\n" + rows.map { indent + "  " + object($0) }.joined(separator: ",\n") + "\n" + indent + "]"
    }

    /// One JSON object: `from`, `to`, `different_folders`, `configuration`, `settings`,
    /// `settings_not_read`, `schema`, `findings` (`new`, `resolved`, `no_longer_checked`,
    /// `not_checked_before`).
    /// `changes --format json` when there are not two imports to compare: `from`, `to` and
    /// `different_folders` null, every list empty.
    static let emptyJSON =
        "{\n  \"from\": null,\n  \"to\": null,\n  \"different_folders\": null,\n  \"configuration\": [],\n  \"settings\": [],\n  \"settings_not_read\": [],\n"
        + "  \"schema\": [],\n  \"findings\": {\n    \"new\": [],\n    \"resolved\": [],\n    \"no_longer_checked\": [],\n    \"not_checked_before\": []\n  }\n}\n"

    static func json(_ changes: ConfigurationChanges) -> String {
        func side(_ side: ConfigurationChanges.Side) -> String {
            "{\"import_id\": \(side.importID), \"at\": \(JSONString.quote(side.at))}"
        }
        return "{\n  \"from\": \(side(changes.from)),\n  \"to\": \(side(changes.to)),\n"
            + "  \"different_folders\": \(differentFoldersJSON(changes)),\n"
            + "  \"configuration\": \(array(changes.configuration.map(ElementChangeRow.init), indent: "  ")),\n"
            + "  \"settings\": \(array(changes.settings.map(SettingChangeRow.init), indent: "  ")),\n"
            + "  \"settings_not_read\": \(array(changes.unreadSettings.map(UnreadSettingRow.init), indent: "  ")),\n"
            + "  \"schema\": \(array(changes.schema.map(SchemaChangeRow.init), indent: "  ")),\n"
            + "  \"findings\": {\n    \"new\": \(array(changes.newFindings.map(\.finding), indent: "    ")),\n"
            + "    \"resolved\": \(array(changes.resolvedFindings.map(\.finding), indent: "    ")),\n"
            + "    \"no_longer_checked\": \(array(changes.uncheckedFindings.map(UncheckedFindingRow.init), indent: "    ")),\n"
            + "    \"not_checked_before\": \(array(changes.firstCheckedFindings.map(UncheckedFindingRow.init), indent: "    "))\n  }\n}\n"
    }

    /// `different_folders` of the JSON: `null` when both imports read the same configuration
    /// folder; otherwise `from_folder` and `to_folder` (the folder each import read, as stored:
    /// ``folders(_:)``), `same_folder_import` (the import to compare `to` with, or `null`) and
    /// `message`, the sentence the table format starts with.
    static func differentFoldersJSON(_ changes: ConfigurationChanges) -> String {
        guard let message = differentFolders(changes, shown: { $0 }) else { return "null" }
        let (from, to) = folders(changes)
        return "{\"from_folder\": \(JSONString.quote(from)), \"to_folder\": \(JSONString.quote(to)), "
            + "\"same_folder_import\": \(changes.sameFolderImport.map(String.init) ?? "null"), \"message\": \(JSONString.quote(message))}"
    }

    /// The folders to name for the two imports: the folders the user named (as `imports` lists
    /// them), or their configuration folders when both named the same folder.
    static func folders(_ changes: ConfigurationChanges) -> (from: String, to: String) {
        let (from, to) = (changes.from, changes.to)
        return from.folder == to.folder ? (from.configurationFolder, to.configurationFolder) : (from.folder, to.folder)
    }

    /// When the two imports read different configuration folders, the sentence that says so,
    /// names both folders (through `shown`) and what to do: compare two imports of the same
    /// folder. `nil` when they read the same folder.
    static func differentFolders(_ changes: ConfigurationChanges, shown: (String) -> String) -> String? {
        guard changes.readDifferentFolders else { return nil }
        let (fromFolder, toFolder) = folders(changes)
        let (from, to) = (changes.from.importID, changes.to.importID)
        let how =
            changes.sameFolderImport.map { "`conncat changes --from \($0) --to \(to)`" }
            ?? "import \(shown(changes.to.folder)) again after it changed, and `conncat changes` compares the two imports of it (`conncat imports` lists each import's folder)"
        return "Different folders: import \(from) read \(shown(fromFolder)), import \(to) read \(shown(toFolder)); what only one of them "
            + "holds is listed as added or removed although it did not change. To see what changed, compare two imports of the same "
            + "folder: \(how)."
    }

    /// `file:line` as every command shows it (``DisplayPath``), `file` relative to `folder`.
    static func location(_ file: String, _ line: Int?, in folder: String?) -> String {
        TextWrap.glued(e(DisplayPath.location(file, line: line, base: folder)))
    }

    /// A value from the input, safe for the terminal.
    static func e(_ value: String) -> String { TerminalText.escape(value) }

    /// `'old' -> 'new'`, `(absent)` for a missing value.
    static func oldToNew(_ old: String?, _ new: String?) -> String {
        "\(old.map { "'\(e($0))'" } ?? "(absent)") -> \(new.map { "'\(e($0))'" } ?? "(absent)")"
    }

    /// A review: per connection (the configuration at large last), what changed in the schema, the
    /// configuration and the settings, then what it breaks and what it fixes.
    /// - Parameters:
    ///   - fromFolder: the folder of the older import (the files of what was removed or resolved).
    ///   - toFolder: the folder of the newer import (the files of the rest).
    static func review(_ changes: ConfigurationChanges, fromFolder: String? = nil, toFolder: String? = nil) -> String {
        var out = differentFolders(changes, shown: { TextWrap.glued(e(DisplayPath.shown($0))) }).map { $0 + "\n\n" } ?? ""
        out += "Changes from import \(changes.from.importID) (\(changes.from.at)) to import \(changes.to.importID) (\(changes.to.at))\n"
        let groups = changes.connections
        if groups.isEmpty { return out + "No changes.\n" }
        func same(_ a: String?, _ b: String?) -> Bool { a?.lowercased() == b?.lowercased() }
        for group in groups {
            out += "\n" + (group.map(e) ?? "Configuration (no connection)") + "\n"
            for s in changes.schema where same(s.connection, group) {
                let c = s.change
                let what: String
                let name = TerminalText.name
                switch c.change {
                case .tableAdded: what = "+ table \(name(c.table))"
                case .tableRemoved: what = "- table \(name(c.table))"
                case .columnAdded: what = "+ column \(name(c.table)).\(name(c.column ?? ""))"
                case .columnRemoved:
                    what = "- column \(name(c.table)).\(name(c.column ?? ""))" + (c.renamedTo.map { ", maybe renamed to \(name($0))" } ?? "")
                case .columnMoved: what = "~ column \(name(c.table)).\(name(c.column ?? "")) moved from \(c.fromPosition ?? 0) to \(c.position ?? 0)"
                case .columnCaseChanged:
                    what = "~ column \(name(c.table)).\(name(c.column ?? "")) -> \(name(c.renamedTo ?? "")) (letter case only)"
                }
                out += "  schema    \(what)\n"
            }
            for c in changes.configuration where same(c.connection, group) {
                let sign = c.change == .added ? "+" : c.change == .removed ? "-" : "~"
                var what = "\(sign) \(c.kind) \(e(c.identifier))"
                if c.change == .modified, let attribute = c.attribute {
                    what += ": \(e(attribute)) \(oldToNew(c.old, c.new))"
                }
                out += "  config    \(what) (\(location(c.file, c.line, in: c.change == .removed ? fromFolder : toFolder)))\n"
            }
            for s in changes.settings where same(s.connection, group) {
                let sign = s.change == .added ? "+" : s.change == .removed ? "-" : "~"
                var what = "\(sign) \(e(s.key))"
                if s.secret {
                    what += " (secret\(s.change == .modified ? ": value changed" : ""))"
                } else if s.change == .modified {
                    what += " \(oldToNew(s.old, s.new))"
                }
                out += "  settings  \(what)\n"
            }
            let unread = changes.unreadSettings.filter { same($0.connection, group) }
            if let notReadIn = unread.first?.notReadIn {
                let secrets = unread.filter(\.secret).count
                let of = notReadIn == changes.to.importID ? changes.from.importID : changes.to.importID
                out +=
                    "  unread    \(plural(unread.count, "setting"))\(secrets > 0 ? " (\(plural(secrets, "secret")))" : "")"
                    + " of import \(of): not compared, the agent settings were not read in import \(notReadIn)\n"
            }
            for f in changes.newFindings where same(f.connection, group) {
                out +=
                    "  breaks    \(location(f.finding.location.file, f.finding.location.line, in: toFolder)) \(f.finding.severity.rawValue) \(f.finding.rule): \(e(f.finding.message))\n"
            }
            for f in changes.resolvedFindings where same(f.connection, group) {
                out += "  fixes     \(location(f.finding.location.file, f.finding.location.line, in: fromFolder)) \(f.finding.rule): \(e(f.finding.message))\n"
            }
            for f in changes.uncheckedFindings where same(f.connection, group) {
                let why: String
                switch f.notChecked {
                case .agentSettingsNotRead?: why = "the agent settings were not read in import \(changes.to.importID)"
                default: why = "this file was not read in import \(changes.to.importID)"
                }
                out +=
                    "  unread    \(location(f.finding.location.file, f.finding.location.line, in: fromFolder)) \(f.finding.rule) \(TerminalText.name(f.finding.subject)): no longer checked, \(why)\n"
            }
            for f in changes.firstCheckedFindings where same(f.connection, group) {
                out +=
                    "  unread    \(location(f.finding.location.file, f.finding.location.line, in: toFolder)) \(f.finding.rule) \(TerminalText.name(f.finding.subject)): not checked before, the agent settings were not read in import \(changes.from.importID)\n"
            }
        }
        out +=
            "\n\(plural(changes.configuration.count, changes.readDifferentFolders ? "configuration difference" : "configuration change"))"
            + (changes.readDifferentFolders ? " (different folders)" : "") + ", \(plural(changes.settings.count, "setting change"))"
            + (changes.unreadSettings.first.map {
                " (\(plural(changes.unreadSettings.count, "setting")) not read in import \($0.notReadIn), not compared)"
            } ?? "")
            + ", "
            + "\(plural(changes.schema.count, "schema change"))\n"
            + "\(plural(changes.newFindings.count, "new finding")), \(changes.resolvedFindings.count) resolved"
            + (changes.uncheckedFindings.isEmpty ? "" : ", \(changes.uncheckedFindings.count) no longer checked (their input was not read)")
            + (changes.firstCheckedFindings.isEmpty
                ? "" : ", \(changes.firstCheckedFindings.count) not checked before (their input was not read in import \(changes.from.importID))")
            + "\n"
        return out
    }
}
