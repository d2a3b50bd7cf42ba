import ConnectionCatalog
import Foundation

/// Text shown after `import` and `refresh-schema`.
enum ImportReport {
    /// - Parameter given: the folder as the user typed it; the inputs found are shown relative to it.
    static func render(_ result: ImportResult, given: String, catalogPath: String) -> String {
        let c = result.summary
        let record = result.record
        func shown(_ path: String) -> String {
            let root = URL(fileURLWithPath: record.sourceFolder).standardizedFileURL.path
            guard path.hasPrefix(root + "/") else { return path }
            return (given.hasSuffix("/") ? given : given + "/") + path.dropFirst(root.count + 1)
        }
        var out = "Imported \(given) into \(catalogPath) (import #\(record.id ?? 0) at \(record.importedAt))\n"
        out += "  configuration:  \(shown(record.configurationFolder)): \(record.xmlFileCount) XML files, \(record.elementCount) elements"
        out += " (\(c.connections) connections, \(c.connectionTables) connection tables, \(c.entityTypes) entity types, "
        out += "\(c.entityTypeMappings) entity type mappings, \(c.entityAssociationMappings) association mappings, "
        out += "\(c.resourceTypeMappings) resource type mappings, \(c.tasks) tasks)\n"
        if let settings = result.agentSettings {
            out += "  agent settings: \(shown(record.agentSettingsFile ?? settings.file)): \(settings.connections.count) connections\n"
        } else {
            out += "  agent settings: none found (looked for Runtime/appsettings.agent.json and appsettings.agent.json)\n"
        }
        if let exportFolder = record.exportFolder {
            out += "  export output:  \(shown(exportFolder))\n"
        } else {
            out += "  export output:  none found (looked for Temp/ExportOutput and ExportOutput); no schema refresh\n"
        }
        out += record.changed ? "  configuration replaced\n" : "  configuration unchanged since the previous import\n"
        if let refresh = result.refresh { out += renderRefresh(refresh, at: record.importedAt) }
        return out
    }

    static func renderRefresh(_ outcome: RefreshOutcome, at: String) -> String {
        let counts = Dictionary(grouping: outcome.attempts, by: \.status).mapValues(\.count)
        var out = "Schema refresh at \(at): \(counts[.success] ?? 0) succeeded, \(counts[.failed] ?? 0) failed, "
        out += "\(counts[.noSchema] ?? 0) without schema\n"
        for attempt in outcome.attempts {
            switch attempt.status {
            case .success:
                let snapshot = attempt.snapshot ?? SchemaSnapshot(tables: [])
                out += "  \(attempt.connection): success, \(snapshot.tables.count) tables, \(snapshot.columnCount) columns\n"
            case .failed:
                out += "  \(attempt.connection): FAILED (\(attempt.errorClass ?? "failed")): \(attempt.errorMessage ?? "")\n"
            case .noSchema:
                out += "  \(attempt.connection): no schema (its package has no export)\n"
            }
        }
        if !outcome.unattributedFiles.isEmpty {
            out += "  export files that belong to no connection: \(outcome.unattributedFiles.joined(separator: ", "))\n"
        }
        return out
    }

    /// Tables and their mappable columns; `*` marks the columns a mapping uses.
    static func renderAvailable(_ columns: [AvailableColumn]) -> String {
        guard !columns.isEmpty else { return "\nNo columns available for mapping yet: refresh a schema with `conncat refresh-schema --export-dir DIR`.\n" }
        var out = "\nColumns available for mapping (* = used by a mapping):\n"
        var order: [String] = []
        var byTable: [String: [AvailableColumn]] = [:]
        for column in columns {
            let key = "\(column.connection) / \(column.table)"
            if byTable[key] == nil { order.append(key) }
            byTable[key, default: []].append(column)
        }
        for key in order {
            let list = byTable[key]!
            out += "  \(key) (\(list.count) columns, \(list.filter { !$0.mappedBy.isEmpty }.count) mapped)\n"
            out += "    " + list.map { $0.mappedBy.isEmpty ? $0.column : "\($0.column)*" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
