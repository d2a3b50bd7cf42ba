import ArgumentParser
import ConnectionCatalog

struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "List the connections with their schema status.", usage: "conncat connections [<options>]",
        discussion: """
            On a terminal the table fits its width (columns hidden or values cut with …); \
            --wide, a pipe, JSON and CSV show everything.

            EXAMPLES:
              conncat connections
              conncat connections --wide
              conncat connections --format json
              conncat --database /srv/catalog/conncat.sqlite connections --format csv > connections.csv
            """)
    @OptionGroup var catalog: ListingOptions

    func run() throws {
        try reportingErrors {
            var (rows, folder) = try catalog.withCatalog { (try $0.connectionSummaries(), try $0.latestImport()?.sourceFolder) }
            // A table shows each file as it opens from the current directory; JSON and CSV keep
            // the path relative to the imported folder (the documented field).
            if catalog.format == .table {
                for index in rows.indices { rows[index].file = DisplayPath.shown(rows[index].file, base: folder) }
            }
            if rows.isEmpty, catalog.format == .table {
                writeFitted("No connections: the imported configuration declares none.\n")
            } else {
                Renderer.write(rows, as: catalog.format)
            }
        }
    }
}

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "List the connection tables of the schema in force.", usage: "conncat tables [<options>]",
        discussion: """
            EXAMPLES:
              conncat tables
              conncat tables --connection HRFeed
              conncat tables --as-of 2026-11-01 --format json
            """)
    @OptionGroup var catalog: ListingOptions
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id"), completion: Completions.names(.connection)) var connection: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The answer as it was at this time (ISO 8601); before the first import, none.", valueName: "time"))
    var asOf: AsOfTime?

    func run() throws {
        let asOf = asOf?.time
        try reportingErrors {
            try catalog.withCatalog { store in
                let known = try connection.map { try requireConnection($0, asOf: asOf, in: store) }
                let rows = try store.tableSummaries(connection: known, asOf: asOf)
                if rows.isEmpty, catalog.format == .table {
                    writeFitted(try EmptyAnswer.schemaListing("tables", connection: known, table: nil, unmappedOnly: false, asOf: asOf, in: store))
                } else {
                    Renderer.write(rows, as: catalog.format)
                }
            }
        }
    }
}

struct ColumnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "columns",
        abstract: "List the columns available for mapping, and what maps them.", usage: "conncat columns [<options>]",
        discussion: """
            Filters combine: --connection with --table (a table of that connection), or \
            --entity-type alone.

            EXAMPLES:
              conncat columns --connection HRFeed
              conncat columns --connection SnowCmdb --table SnowCmdb_sys_user --unmapped
              conncat columns --entity-type HR_Person
              conncat columns --as-of 2026-11-01 --format csv
            """)
    @OptionGroup var catalog: ListingOptions
    @Option(help: ArgumentHelp("Only this connection.", valueName: "id"), completion: Completions.names(.connection)) var connection: String?
    @Option(help: ArgumentHelp("Only this connection table (with or without .csv).", valueName: "name"), completion: Completions.names(.table)) var table:
        String?
    @Option(
        name: .customLong("entity-type"), help: ArgumentHelp("Only the table mapped by this EntityTypeMapping.", valueName: "id"),
        completion: Completions.names(.entityTypeMapping))
    var entityType: String?
    @Flag(help: "Only columns no mapping uses.") var unmapped = false
    @Flag(help: "Also show technical columns (the incremental command column).") var all = false
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The answer as it was at this time (ISO 8601); before the first import, none.", valueName: "time"))
    var asOf: AsOfTime?
    @Option(
        help: ArgumentHelp(
            "Only columns whose name matches this glob (* ? [a-z]; case-insensitive), in every connection.",
            valueName: "pattern"))
    var column: String?

    func validate() throws {
        if column?.isEmpty == true { throw ValidationError("give a column name or glob pattern to --column (e.g. 'employee_*')") }
        if table != nil, entityType != nil {
            throw ValidationError("--table and --entity-type both choose a table; give one of them")
        }
        if connection != nil, entityType != nil {
            throw ValidationError(
                "--entity-type chooses the table and so its connection; give it alone, without --connection")
        }
    }

    func run() throws {
        let asOf = asOf?.time
        try reportingErrors {
            try catalog.withCatalog { store in
                let known = try connection.map { try requireConnection($0, asOf: asOf, in: store) }
                let knownTable = try table.map { try requireTable($0, in: store) }
                let query = ColumnQuery(
                    connection: known, table: knownTable, entityType: entityType,
                    unmappedOnly: unmapped, includeTechnical: all, asOf: asOf, column: column.map(NamePattern.init))
                // Streamed: a listing of every column of a large configuration is never held whole.
                try Renderer.write(
                    as: catalog.format,
                    emptyTable: {
                        if let column {
                            let leftOut = try AvailableColumns.leftOut(by: query, in: store)
                            writeFitted(EmptyAnswer.noColumnMatches(column, connection: known, leftOut: leftOut))
                        } else {
                            writeFitted(
                                try EmptyAnswer.schemaListing(
                                    "columns", connection: known, table: knownTable ?? entityType,
                                    unmappedOnly: unmapped, asOf: asOf, in: store))
                        }
                        return true
                    }, rows: { try AvailableColumns.forEach(query, in: store, $0) })
            }
        }
    }
}
