/// Rules comparing mappings with the schema in force: every `ConnectionTable`,
/// `ConnectionColumn`, `Column1` and `Column2` against the latest successful schema refresh of
/// the mapping's connection (the connection whose identifier starts the table name, among the
/// mapping connector's connections first). Doc: UI connection page ("a mapped property no longer
/// exists"), Connections page (schemas, refresh, failure icon).
enum DriftRules {
    static let all: [CheckRule] = [tableMissing, columnMissing, tableName, columnCase, unverifiable, refreshFailed]

    static let tableMissing = CheckRule(
        id: "table-missing", severity: .error, theme: .drift,
        summary:
            "A mapping's `ConnectionTable` is a table of the latest successful schema refresh of its connection. Also when the table starts with no connection identifier but the mapping's connector has a connection with a schema in force: a table of it near the name written (a typo), or its only connection. One finding per mapping, with \"removed since <date>\" when an earlier refresh had the table, a `suggestion` (the nearest table of the connection: same but for case, spaces or `.csv`, else a small edit distance; the mapping's columns are then checked against that table), and what to do for the connection's package.",
        sources: [DocPage.connectionCreation, DocPage.entityTypeMapping, DocPage.connections]
    ) { rule, context in
        context.driftItems.compactMap { item in
            guard case .tableMissing(let removed) = item.outcome else { return nil }
            var message = "\(item.kind) \(NameText.quoted(item.mapping)) reads ConnectionTable '\(item.table)', which \(schemaName(item)) does not have"
            if let removed { message += "; removed since \(removed.removedAt) (the refresh of \(removed.lastSeenAt) still had it)" }
            let hint =
                item.namesNoConnection
                ? "it starts with no connection identifier followed by '_', so no export produces it (export files are named <connection>.csv or <connection>_<suffix>.csv): fix the table name"
                : hint(for: item, subject: "table", removed: removed != nil)
            message += advice(item.suggestion, attribute: "ConnectionTable", hint: hint)
            return rule.finding(item.location, item.mapping, message + staleNote(item.state), suggestion: item.suggestion?.name)
        }
    }

    static let columnMissing = CheckRule(
        id: "column-missing", severity: .error, theme: .drift,
        summary:
            "A mapping Property's `ConnectionColumn`, or an EntityAssociationMapping's `Column1`/`Column2`, is a column of its table (or, when the table is missing, of the table suggested for it) in the latest successful schema refresh (\"mapped property no longer exists\"); with \"removed since <date>\" when an earlier refresh had it, a `suggestion` (the column the refresh that removed it added at its place, the rename hint of `diff`; else the nearest column of the table: same but for case, spaces or `.csv`, else a small edit distance), and what to do, from the facts: an earlier refresh had it (it disappeared from the source or the export: fix the export or the mapping), or none did (mapping-driven exports: re-run a complete export if the mapping is newer than the latest export, else the source lacks it; source-driven exports: the source does not provide it); neither when the history shows a rename.",
        sources: [DocPage.connectionCreation, DocPage.entityTypeMapping, DocPage.entityAssociationMapping]
    ) { rule, context in
        context.driftItems.flatMap { item in
            item.columns.compactMap { column -> Finding? in
                guard case .missing(let removed) = column.outcome else { return nil }
                var message =
                    "\(column.attribute) '\(column.written)' of \(item.kind) \(NameText.quoted(item.mapping)) is not a column of table \(tableName(item)) in \(schemaName(item))"
                if let removed { message += "; removed since \(removed.removedAt) (the refresh of \(removed.lastSeenAt) still had it)" }
                message += advice(
                    column.suggestion, attribute: column.attribute,
                    hint: hint(for: item, subject: "column", removed: removed != nil))
                return rule.finding(
                    column.location, column.subject, message + staleNote(item.state),
                    suggestion: column.suggestion?.name)
            }
        }
    }

    /// A `ConnectionTable` that names its export table only when case is ignored, or with
    /// surrounding spaces. A trailing `.csv` is the documentation's own form, not a mismatch: the
    /// EntityTypeMapping page defines `ConnectionTable` as the "Name of the CSV file", and the LDAP
    /// connector page's example writes `ConnectionTable="LDAPExport_entries.csv"` for the export
    /// file `LDAPExport_entries.csv`.
    static let tableName = CheckRule(
        id: "table-name-mismatch", severity: .warning, theme: .drift,
        summary:
            "A mapping's `ConnectionTable` matches its export table only when case is ignored or after removing surrounding spaces; write it as the export file names it. A trailing `.csv` is the documentation's own form (`ConnectionTable=\"LDAPExport_entries.csv\"`: the name of the CSV file) and is not reported when the rest is exact.",
        sources: [DocPage.entityTypeMapping, DocPage.ig + "connectors/references-connectors/ldap/index.md", DocPage.connections]
    ) { rule, context in
        context.driftItems.compactMap { item in
            guard case .found(let actual) = item.outcome, actual != item.table else { return nil }
            let trimmed = item.table.trimmingCharacters(in: .whitespaces)
            // `.csv` as written (any case) is kept in the name to write.
            let suffix = trimmed.count > 4 && trimmed.lowercased().hasSuffix(".csv") ? String(trimmed.suffix(4)) : ""
            let stem = String(trimmed.dropLast(suffix.count))
            let spaces = trimmed != item.table
            let caseOnly = stem != actual
            guard spaces || caseOnly else { return nil }
            let how =
                spaces && caseOnly
                ? "only after removing the surrounding spaces and ignoring case"
                : spaces ? "only after removing the surrounding spaces" : "only when case is ignored"
            let written = actual + suffix
            return rule.finding(
                item.location, item.mapping,
                "\(item.kind) \(NameText.quoted(item.mapping)) reads ConnectionTable '\(item.table)', which matches the export table '\(actual)' of Connection \(NameText.quoted(item.connection.identifier)) \(how); write ConnectionTable=\"\(written)\""
                    + staleNote(item.state), suggestion: written)
        }
    }

    static let columnCase = CheckRule(
        id: "column-name-case", severity: .warning, theme: .drift,
        summary:
            "A `ConnectionColumn`, `Column1` or `Column2` matches a column of its table only when case is ignored; write it exactly as the export header does.",
        sources: [DocPage.entityTypeMapping, DocPage.entityAssociationMapping]
    ) { rule, context in
        context.driftItems.flatMap { item in
            item.columns.compactMap { column -> Finding? in
                guard case .caseOnly(let actual) = column.outcome else { return nil }
                return rule.finding(
                    column.location, column.subject,
                    "\(column.attribute) '\(column.written)' of \(item.kind) \(NameText.quoted(item.mapping)) matches the column '\(actual)' of \(tableName(item)) only when case is ignored; write it as the export header does"
                        + staleNote(item.state), suggestion: actual)
            }
        }
    }

    static let unverifiable = CheckRule(
        id: "schema-unverifiable", severity: .warning,
        severityNote: "info when the connection has no schema refresh at all (nothing was refreshed, e.g. no ExportOutput folder was imported)",
        theme: .drift,
        summary: "A mapping whose connection has no successful schema refresh: its table and columns are unverifiable, not missing. One finding per mapping.",
        sources: [DocPage.connections]
    ) { rule, context in
        context.driftItems.compactMap { item in
            guard case .unverifiable = item.outcome else { return nil }
            let subject = "ConnectionTable '\(item.table)' of \(item.kind) \(NameText.quoted(item.mapping))"
            guard let state = item.state else {
                return rule.finding(
                    item.location, item.mapping,
                    "\(subject) is unverifiable: Connection \(NameText.quoted(item.connection.identifier)) has no schema refresh; import the working directory with its ExportOutput folder, or refresh the schema from the export files",
                    severity: .info)
            }
            let why: String
            switch state.latestStatus {
            case .noSchema:
                why = "Connection \(NameText.quoted(item.connection.identifier)) has no schema (its package has no export), so no export produces this table"
            case .notExported:
                why =
                    "nothing in the configuration exports Connection \(NameText.quoted(item.connection.identifier)) (no ExportTask or job scaffolding, or DeactivationExportFulfill turns its export off), so no export produced this table; export it, or map a connection that is exported"
            case .failed:
                why =
                    "Connection \(NameText.quoted(item.connection.identifier)) has never had a successful schema refresh (the latest, at \(state.latestAt), failed: \(state.latestError ?? "failed"))"
            case .success:
                why = "Connection \(NameText.quoted(item.connection.identifier)) has no schema in force"
            }
            return rule.finding(item.location, item.mapping, "\(subject) is unverifiable, not missing: \(why)")
        }
    }

    /// Doc: Connections page ("an icon is shown if the refresh schema failed").
    static let refreshFailed = CheckRule(
        id: "schema-refresh-failed", severity: .info, theme: .drift,
        summary: "The latest schema refresh of a connection failed; its mappings are checked against its last successful refresh, and the findings say so.",
        sources: [DocPage.connections]
    ) { rule, context in
        context.configuration.connections.compactMap { connection in
            guard let state = context.schemas[connection.identifier.lowercased()], state.latestStatus == .failed else { return nil }
            let failure =
                "the latest schema refresh of Connection \(NameText.quoted(connection.identifier)), at \(state.latestAt), failed: \(state.latestError ?? "failed")"
            let message =
                state.lastSuccessAt.map { "\(failure); its mappings were checked against the last successful refresh, of \($0)" }
                ?? "\(failure); it never had a successful refresh, so its mappings are unverifiable"
            return rule.finding(connection.location, connection.identifier, message)
        }
    }

    /// What to do about a missing table or column: write the renamed name (the history shows the
    /// rename, so the export is not the problem), or the near name and else `hint`, or `hint`.
    static func advice(_ suggestion: NameSuggestion?, attribute: String, hint: String) -> String {
        guard let suggestion else { return "; \(hint)" }
        switch suggestion.reason {
        case .renamed:
            return
                ", probably renamed to '\(suggestion.name)' (the refresh that removed it added that name at its place): write \(attribute)=\"\(suggestion.name)\""
        case .similarName:
            return "; did you mean '\(suggestion.name)'? If not, \(hint)"
        }
    }

    /// The sentence appended to a drift finding made against a stale snapshot.
    static func staleNote(_ state: ConnectionSchemaState?) -> String {
        guard let state, state.isStale, let at = state.lastSuccessAt else { return "" }
        return " (checked against the last successful schema refresh, of \(at): the latest, at \(state.latestAt), failed: \(state.latestError ?? "failed"))"
    }

    /// The table a drift item's columns were compared with: the table found, or the suggested
    /// table of a missing one, said as such.
    static func tableName(_ item: DriftItem) -> String {
        guard case .tableMissing = item.outcome, let suggested = item.suggestion?.name else { return NameText.quoted(item.snapshotTable ?? item.table) }
        return "\(NameText.quoted(suggested)) (the table that ConnectionTable '\(item.table)' probably means)"
    }

    /// `the latest successful schema refresh of Connection X (<time>)`.
    static func schemaName(_ item: DriftItem) -> String {
        "the latest successful schema refresh of Connection \(NameText.quoted(item.connection.identifier))"
            + (item.state?.lastSuccessAt.map { " (\($0))" } ?? "")
    }

    /// What to do about a missing table or column, by how the package's export chooses columns;
    /// `removed` tells whether an earlier refresh had it.
    static func hint(for item: DriftItem, subject: String, removed: Bool) -> String {
        let package = item.package
        let name = package.map { "\($0.displayName) (\($0.identifier))" } ?? "its package"
        switch ExportColumns.of(package) {
        case .mappingDriven where removed:
            // An earlier export had it, so the mapping asked for it then: the export lost it.
            return
                "\(name) exports the tables and columns its mappings ask for, and an earlier export had this \(subject), so it disappeared from the source or from the export's \(subject == "table" ? "table" : "column") list: fix the export or the mapping, then refresh the schema"
        case .mappingDriven:
            let latest = item.state?.lastSuccessAt.map { " (\($0))" } ?? ""
            return
                "\(name) exports only the tables and columns its mappings ask for, and no successful refresh ever had this \(subject): if the mapping was added after the latest export\(latest), re-run a complete export (IgnoreCookieFile=\"true\" on the ExportTask, or --ignore-cookies), then refresh the schema; otherwise the source does not provide it: fix the mapping"
        case .sourceDriven:
            return "\(name) exports what its source provides, so the source "
                + (removed ? "no longer provides this \(subject)" : "does not provide this \(subject) (no successful refresh ever had it)")
                + ": fix the source (file header, query) or the mapping"
        case .other:
            return "check the export of \(NameText.quoted(item.connection.identifier)), then refresh the schema, or fix the mapping"
        }
    }
}

/// How an export decides its columns.
enum ExportColumns {
    /// The export writes the columns the mappings ask for (Active Directory, LDAP family, SCIM
    /// family, ServiceNow, OData, Microsoft Entra ID, Workday, EasyVista).
    case mappingDriven
    /// The columns come from the source (CSV header, Excel header row, SQL result columns).
    case sourceDriven
    case other

    static func of(_ package: ConnectorPackage?) -> ExportColumns {
        guard let id = package?.identifier else { return .other }
        let mappingDriven = [
            "Usercube.AD@", "Usercube.LDAP@", "Usercube.LDAP.", "Usercube.OpenLDAP@", "Usercube.SCIM@",
            "Usercube.SCIM.", "Usercube.ServiceNow@", "Usercube.OData@", "Usercube.AzureAD@",
            "Usercube.Workday@", "Usercube.EasyVista@",
        ]
        if mappingDriven.contains(where: id.hasPrefix) { return .mappingDriven }
        let sourceDriven = ["Usercube.CSV@", "Usercube.Excel@", "Usercube.SQL@", "Usercube.SQL."]
        if sourceDriven.contains(where: id.hasPrefix) { return .sourceDriven }
        return .other
    }
}
