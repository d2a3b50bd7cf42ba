import Foundation

/// A connection whose schema can be refreshed from export outputs.
public struct RefreshTarget: Sendable, Equatable {
    public var connection: String
    /// Package as written in the XML.
    public var package: String?
    /// The connection's `Separator` setting, when it has one.
    public var separator: String?
    /// The encoding of its export files, from the one setting of its package that describes
    /// them (``ConnectorPackage/exportOutputEncodingSetting``: the SQL family's `CsvEncoding`);
    /// `nil` when there is none. A hint only: the bytes of a header win when they contradict it.
    public var encoding: String?
    /// The connection's Connector as written in the XML.
    public var connector: String?
    /// Whether the configuration exports it (``ExportRole``). Defaults to ``ExportRole/expected``.
    public var role: ExportRole
    /// Why the configuration gives it that role, in words; `nil` when not known.
    public var roleReason: String?
    /// Whether an earlier refresh read export output of it: then it is expected to have some.
    public var exportedBefore: Bool
    /// Tables its `ConnectionTable` elements declare (source ``SchemaSource/configuration``).
    public var declaredTables: [TableSchema]
    /// Further file-name prefixes of its export files, from settings that name them (SCIM's
    /// `EntryFile`, `MembersFile`: the last path component).
    public var filePrefixes: [String]

    public init(
        connection: String, package: String?, separator: String? = nil, encoding: String? = nil, connector: String? = nil,
        role: ExportRole = .expected, roleReason: String? = nil, exportedBefore: Bool = false,
        declaredTables: [TableSchema] = [], filePrefixes: [String] = []
    ) {
        self.connection = connection
        self.package = package
        self.separator = separator
        self.encoding = encoding
        self.connector = connector
        self.role = role
        self.roleReason = roleReason
        self.exportedBefore = exportedBefore
        self.declaredTables = declaredTables
        self.filePrefixes = filePrefixes
    }
}

/// The outcome of a refresh over an ExportOutput folder: one attempt per connection, and the
/// CSV files that belong to no connection.
public struct RefreshOutcome: Sendable, Equatable {
    public var attempts: [RefreshAttempt]
    public var unattributedFiles: [String]
    /// Per connection, sorted: what the refresh changed and which mappings that breaks; filled
    /// once the refresh is recorded in a catalog (``MappingImpact/impact(of:since:in:)``).
    public var impact: [ConnectionRefreshImpact] = []
}

/// Turns the headers of an ExportOutput folder into schema refresh attempts.
///
/// Per connection:
/// - a package without export is `no_schema`, and a connection whose `DeactivationExportFulfill`
///   turns export off is `not_exported`: a file that matches their name is not their export
///   output, is listed with a warning and read by nothing;
/// - with no file, a connection whose `ConnectionTable` elements declare tables succeeds with
///   them (source `configuration`); otherwise one that the configuration exports, or whose
///   earlier refresh read export output, is `failed` (`no_export_output`), and one that nothing
///   exports is `not_exported` (``ExportRole``);
/// - a file that is empty, has no header record, cannot be read or decoded fails the
///   connection's attempt (the last good snapshot stays in force);
/// - otherwise `success` with one table per file (the header's named cells as columns, in
///   order), and the declared tables that no file provides (the export output wins for a table
///   that both have).
///
/// Doc: Connections page (`.../connectors/configuration-details/connections/index.md`), XML
/// Connection and ConnectionTable pages, connector pages ("Output details").
public enum SchemaRefresher {
    /// - Parameters:
    ///   - folder: the ExportOutput folder.
    ///   - targets: the connections to refresh.
    ///   - knownConnections: every connection identifier (XML and agent settings), used to
    ///     attribute files; defaults to the targets.
    ///   - at: ISO 8601 UTC time recorded on each attempt.
    /// - Throws: ``InputError`` when the folder cannot be listed.
    public static func refresh(
        folder: URL, displayFolder: String, targets: [RefreshTarget], knownConnections: [String]? = nil,
        at: String, trigger: RefreshTrigger
    ) throws -> RefreshOutcome {
        try refresh(
            folder: folder, displayFolder: displayFolder, targets: targets, knownConnections: knownConnections, at: at,
            trigger: trigger, handing: nil)
    }

    /// The attempts handed over together while a refresh goes on (``refresh(folder:displayFolder:targets:knownConnections:at:trigger:handing:)``).
    static let handedAttempts = 64

    /// ``refresh(folder:displayFolder:targets:knownConnections:at:trigger:)``, handing the
    /// attempts to `handing` as they are made, ``handedAttempts`` at a time in target order
    /// (an import stores them while the next export files are read); the outcome still holds
    /// them all.
    static func refresh(
        folder: URL, displayFolder: String, targets: [RefreshTarget], knownConnections: [String]? = nil,
        at: String, trigger: RefreshTrigger, handing: (([RefreshAttempt]) throws -> Void)?
    ) throws -> RefreshOutcome {
        var aliases: [String: String] = [:]
        for target in targets {
            for prefix in target.filePrefixes where aliases[prefix] == nil { aliases[prefix] = target.connection }
        }
        let scan = try ExportOutputScanner.scan(
            folder: folder, connections: knownConnections ?? targets.map(\.connection),
            aliases: aliases)
        var filesByConnection: [String: [ExportFile]] = [:]
        for (connection, files) in scan.filesByConnection {
            filesByConnection[Identifier.fold(connection), default: []] += files
        }
        var attempts: [RefreshAttempt] = []
        attempts.reserveCapacity(targets.count)
        var handed = 0
        for target in targets {
            attempts.append(
                attempt(
                    for: target, files: filesByConnection[Identifier.fold(target.connection)] ?? [],
                    folder: displayFolder, at: at, trigger: trigger))
            if let handing, attempts.count - handed == handedAttempts {
                try handing(Array(attempts[handed...]))
                handed = attempts.count
            }
        }
        if let handing, handed < attempts.count { try handing(Array(attempts[handed...])) }
        return RefreshOutcome(attempts: attempts, unattributedFiles: scan.unattributed)
    }

    static func attempt(
        for target: RefreshTarget, files: [ExportFile], folder: String, at: String,
        trigger: RefreshTrigger
    ) -> RefreshAttempt {
        var attempt = RefreshAttempt(
            connection: target.connection, at: at, trigger: trigger, source: .exportOutput,
            status: .failed, exportFolder: folder)
        let package = target.package.flatMap(ConnectorPackage.named)
        let role = package.map { $0.hasExport ? target.role : .none } ?? target.role
        if role == .none || role == .deactivated {
            attempt.status = role == .none ? .noSchema : .notExported
            let why =
                role == .none
                ? "\(package.map { "\($0.displayName) (\($0.identifier))" } ?? "its package") has no export"
                : "its export is deactivated (DeactivationExportFulfill)"
            attempt.files = files.map { file in
                RefreshFile(
                    fileName: file.fileName, tableName: file.tableName, size: file.size, modifiedAt: file.modifiedAt,
                    warning: "named like its export, but \(why): not read, attached to no table")
            }
            return attempt
        }
        guard !files.isEmpty else {
            if !target.declaredTables.isEmpty {
                attempt.status = .success
                attempt.source = .configuration
                attempt.snapshot = SchemaSnapshot(tables: target.declaredTables)
                return attempt
            }
            guard role == .expected || target.exportedBefore else {
                attempt.status = .notExported
                return attempt
            }
            attempt.errorClass = .noExportOutput
            let names = (package?.documentedExportFiles ?? ["<c>.csv", "<c>_<table>.csv"])
                .map { $0.replacingOccurrences(of: "<c>", with: target.connection) }
            let why = role == .expected ? (target.roleReason ?? "the configuration exports it") : "an earlier refresh read its export output"
            attempt.errorMessage = "no export output in \(folder) (expected \(names.joined(separator: ", "))); \(why)"
            return attempt
        }
        var tables: [TableSchema] = []
        var firstError: (errorClass: RefreshErrorClass, message: String)?
        var seenTables: [String: String] = [:]
        for file in files {
            var facts = RefreshFile(fileName: file.fileName, tableName: file.tableName, size: file.size, modifiedAt: file.modifiedAt)
            if let other = seenTables[Identifier.fold(file.tableName)] {
                facts.error = "same table name as \(other) except for case"
                firstError = firstError ?? (.duplicateTable, "\(file.fileName) and \(other) differ only by case; keep one")
                attempt.files.append(facts)
                continue
            }
            seenTables[Identifier.fold(file.tableName)] = file.fileName
            do {
                let (header, separatorWarning) = try readHeader(file.url, target: target)
                // A cell of spaces only names nothing: it is empty, like a cell with nothing. A
                // header cell is a column name; one holding a credential (a URL with a password,
                // `Password=...`) is stored with it replaced, as every kept value.
                let blank = WhitespaceTrim.isBlank
                let columns = header.columns.filter { !blank($0) }.map { SecretContentRedactor.redact($0) ?? $0 }
                let emptyPositions = header.columns.indices.filter { blank(header.columns[$0]) }.map { String($0 + 1) }
                var warnings: [String] = [header.encodingWarning, separatorWarning].compactMap { $0 }
                if !emptyPositions.isEmpty, !columns.isEmpty {
                    warnings.append(
                        emptyPositions.count == 1
                            ? "empty header cell at position \(emptyPositions[0]): not a column"
                            : "empty header cells at positions \(emptyPositions.joined(separator: ", ")): not columns")
                }
                var seen: Set<String> = []
                let duplicates = columns.filter { !seen.insert(Identifier.fold($0)).inserted }
                if !duplicates.isEmpty {
                    warnings.append("column name\(duplicates.count == 1 ? "" : "s") written twice: \(duplicates.joined(separator: ", "))")
                }
                let spaced = columns.filter(WhitespaceTrim.hasSurroundingWhitespace)
                if !spaced.isEmpty {
                    warnings.append(
                        "header cell\(spaced.count == 1 ? "" : "s") with surrounding spaces, kept as written: "
                            + spaced.map { "'\($0)'" }.joined(separator: ", "))
                }
                facts.warning = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
                facts.encoding = header.encoding
                facts.separator = String(header.separator)
                facts.columnCount = columns.count
                if columns.isEmpty {
                    facts.error = "no header record"
                    firstError = firstError ?? (.noHeader, "\(file.fileName): no header record")
                } else {
                    tables.append(TableSchema(name: file.tableName, columns: columns))
                }
            } catch let error as InputError {
                facts.error = error.message
                // Bytes another encoding wrote: the attempt keeps what to do (save the file as UTF-8).
                let remedy = error.kind == .badEncoding ? error.hint.map { "; " + $0 } ?? "" : ""
                firstError = firstError ?? (RefreshErrorClass(error.kind), "\(place(of: error, in: file.fileName)): \(error.message)\(remedy)")
            } catch {
                facts.error = "unreadable"
                firstError = firstError ?? (.unreadable, "\(file.fileName): could not be read")
            }
            attempt.files.append(facts)
        }
        if let firstError {
            attempt.errorClass = firstError.errorClass
            attempt.errorMessage = firstError.message
        } else {
            attempt.status = .success
            let read = Set(tables.map { Identifier.fold($0.name) })
            attempt.snapshot = SchemaSnapshot(tables: tables + target.declaredTables.filter { !read.contains(Identifier.fold($0.name)) })
        }
        return attempt
    }

    /// Reads a header with the connection's settings, and says when the file seems to use
    /// another separator than the connection's `Separator` (``separatorWarning(configured:seen:readWith:)``).
    ///
    /// The `Separator` setting describes the source file the CSV connector reads, while its
    /// export rewrites that file with `,` (Usercube-Export-Csv: `--separator` "defines the
    /// separator if different than `,`", and "the result's content will be the same but with `,`
    /// as separator"; `docs/identitymanager/6.2/integration-guide/executables/references/export-csv/index.md`,
    /// and the CSV connector's settings, `.../connectors/references-connectors/csv/index.md`).
    /// So when the setting yields a single column and sniffing finds several, the sniffed
    /// separator wins: silently when it is `,` (the export's documented form), with a warning
    /// otherwise. When sniffing finds no better reading and the single column holds another
    /// common separator (`,`, `;`, tab, `|`), the column is kept as read, with a warning.
    static func readHeader(_ url: URL, target: RefreshTarget) throws -> (header: CSVHeader, separatorWarning: String?) {
        let configured = target.separator.flatMap { $0.count == 1 ? $0.first : ($0 == "\\t" ? "\t" : nil) }
        let header = try CSVHeaderReader.read(url: url, separator: configured, encoding: target.encoding)
        guard let configured, header.columns.count == 1 else { return (header, nil) }
        let sniffed = try CSVHeaderReader.read(url: url, separator: nil, encoding: target.encoding)
        if sniffed.columns.count > 1 {
            let warning = sniffed.separator == "," ? nil : separatorWarning(configured: configured, seen: sniffed.separator, readWith: sniffed.separator)
            return (sniffed, warning)
        }
        let seen = likelySeparator(in: header.columns[0], besides: configured)
        return (header, seen.map { separatorWarning(configured: configured, seen: $0, readWith: nil) })
    }

    /// `HRFeed.csv:1:7` when the reader pointed at a character, else `HRFeed.csv`.
    static func place(of error: InputError, in fileName: String) -> String {
        guard let line = error.location.line, let column = error.location.column else { return fileName }
        return "\(fileName):\(line):\(column)"
    }

}

extension SchemaRefresher {
    /// `conncat refresh-schema`: refreshes the connections of `catalog` from `folder` and records
    /// one attempt per connection in one transaction: all of them, or those named in `connections`
    /// and every connection of the connectors named in `connectors` (the product's "Refresh all
    /// schemas" of a connector page), compared case-insensitively. The outcome's `impact` says,
    /// per connection, what changed and which mappings that breaks.
    /// - Throws: ``CatalogError/unknownConnection(_:)`` for a name the catalog does not know,
    ///   ``CatalogError/unknownConnector(_:)``, ``InputError`` when the folder cannot be listed
    ///   and when it holds no export file at all (``InputError/noExportFile(in:)``),
    ///   ``TimeOrderError`` when `time` is before the latest import or refresh attempt.
    ///   Nothing is recorded when it throws.
    public static func refresh(
        folder: URL, connections: [String], connectors: [String] = [], at time: Timestamp,
        in catalog: Catalog
    ) throws -> RefreshOutcome {
        let at = time.iso8601
        try TimeOrderError.require(time, after: catalog)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(SourceLocation(file: folder.path), "no such export folder", remedy: .checkGiven(.exportFolder))
        }
        // A folder without any export file is not the one the export tasks write to: refreshing
        // from it would record a failure for every connection expected to export.
        guard try ExportOutputScanner.holdsExportFile(folder: folder) else { throw InputError.noExportFile(in: folder.path) }
        let all = try catalog.refreshTargets()
        var targets = all
        if !connections.isEmpty || !connectors.isEmpty {
            var chosen = try connections.map { wanted in
                guard let target = all.first(where: { Identifier($0.connection) == Identifier(wanted) }) else {
                    throw CatalogError.unknownConnection(wanted)
                }
                return target
            }
            for connector in connectors {
                let members = all.filter { $0.connector.map(Identifier.init) == Identifier(connector) }
                guard !members.isEmpty else { throw CatalogError.unknownConnector(connector) }
                chosen += members.filter { member in !chosen.contains { $0.connection == member.connection } }
            }
            targets = chosen
        }
        var outcome = try refresh(
            folder: folder, displayFolder: folder.path, targets: targets,
            knownConnections: all.map(\.connection), at: at, trigger: .refreshSchema)
        let before = try catalog.schemaBaseline(of: targets.map(\.connection))
        try catalog.recordRefreshAttempts(
            outcome.attempts,
            exportScan: ExportScanFacts(
                folder: folder.path, at: at, unattributedFiles: outcome.unattributedFiles))
        outcome.impact = try MappingImpact.impact(of: outcome.attempts, since: before, in: catalog)
        return outcome
    }
}
