import ArgumentParser
import ConnectionCatalog

struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections", abstract: "List the connections with their schema status.")
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        try reportingErrors {
            let rows = try catalog.withCatalog { try $0.connectionSummaries() }
            write(Renderer.render(rows, as: output.format))
        }
    }
}

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables", abstract: "List the connection tables of the schema in force.")
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id")) var connection: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The answer as it was at this time (ISO 8601).", valueName: "time"))
    var asOf: String?

    func validate() throws { _ = try parseTime(asOf, option: .asOf) }

    func run() throws {
        let asOf = try parseTime(asOf, option: .asOf)
        try reportingErrors {
            let rows = try catalog.withCatalog { store in
                if let connection { _ = try requireConnection(connection, in: store) }
                return try store.tableSummaries(connection: connection, asOf: asOf)
            }
            write(Renderer.render(rows, as: output.format))
        }
    }
}

struct ColumnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "columns", abstract: "List the columns available for mapping, and what maps them.")
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id")) var connection: String?
    @Option(help: ArgumentHelp("Only this connection table (with or without .csv).", valueName: "name")) var table: String?
    @Option(name: .customLong("entity-type"), help: ArgumentHelp("Only the table mapped by this EntityTypeMapping.", valueName: "id"))
    var entityType: String?
    @Flag(help: "Only columns no mapping uses.") var unmapped = false
    @Flag(help: "Also show technical columns (the incremental command column).") var all = false
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The answer as it was at this time (ISO 8601).", valueName: "time"))
    var asOf: String?
    @Option(help: ArgumentHelp("Only columns whose name matches this glob (* ? [a-z]; case-insensitive), in every connection.",
                               valueName: "pattern"))
    var column: String?

    func validate() throws {
        if column?.isEmpty == true { throw ValidationError("give a column name or glob pattern to --column (e.g. 'employee_*')") }
        if [connection, table, entityType].compactMap({ $0 }).count > 1 {
            throw ValidationError("give at most one of --connection, --table, --entity-type")
        }
        _ = try parseTime(asOf, option: .asOf)
    }

    func run() throws {
        let asOf = try parseTime(asOf, option: .asOf)
        try reportingErrors {
            let query = ColumnQuery(connection: connection, table: table, entityType: entityType,
                                    unmappedOnly: unmapped, includeTechnical: all, asOf: asOf, column: column.map(NamePattern.init))
            write(Renderer.render(try catalog.withCatalog { try AvailableColumns.run(query, in: $0) }, as: output.format))
        }
    }
}

/// The catalog's spelling of `connection`, or a one-line error.
func requireConnection(_ connection: String, in store: Catalog) throws -> String {
    guard let known = try store.knownConnection(connection) else { throw CatalogError.unknownConnection(connection) }
    return known
}
