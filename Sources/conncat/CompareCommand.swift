import ArgumentParser
import ConnectionCatalog
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "List what differs between this catalog and another (e.g. development vs production).",
        usage: "conncat compare <other-catalog> [<options>]",
        discussion: """
            Compares connections (their XML attributes), the tables and columns of each connection's \
            schema in force, mappings (EntityTypeMapping and its Properties, EntityAssociationMapping) \
            and agent settings. `here` is the catalog of --database, `there` OTHER_CATALOG. Names are \
            matched case-insensitively. Secret values are never compared (no catalog holds them): \
            secrets compare as set or absent, by kind, and by fingerprint only when both catalogs \
            fingerprinted them with the same key.

            EXAMPLES:
              conncat compare /srv/production/conncat.sqlite
              conncat --database dev.sqlite compare prod.sqlite --format json

            EXIT CODES:
              0  compared (with or without differences)
              1  a catalog is missing or unusable
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: ArgumentHelp("The other catalog file.", valueName: "other-catalog")) var other: String

    func run() throws {
        try reportingErrors {
            let rows = try catalog.withCatalog { here in
                try openReadOnly(other) { there in try CatalogComparison.run(here: here, there: there) }
            }
            if output.format == .table, rows.isEmpty {
                write("No differences.\n")
            } else {
                write(Renderer.render(rows, as: output.format))
            }
        }
    }

    /// Opens the catalog at `path` for reading (never creating one; an older one is upgraded) for `body`.
    func openReadOnly<T>(_ path: String, _ body: (Catalog) throws -> T) throws -> T {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError(
                file: path,
                "no catalog to compare with (the file does not exist); give the other catalog's path: conncat compare OTHER.sqlite")
        }
        if isDirectory.boolValue { throw CatalogError.unusable(path: path, reason: "it is a folder; give a catalog file") }
        return try Catalog.with(at: path, for: .read, body)
    }
}

extension CatalogDifference: Renderable {
    static let wholeFields: Set<String> = ["kind", "connection", "subject", "change"]
    static let hideOrder = ["attribute", "kind"]
    static let fields = ["kind", "connection", "subject", "attribute", "change", "here", "there"]
    var cells: [Cell] {
        [.text(kind.rawValue), .text(connection), .text(subject), .text(attribute), .text(change.rawValue), .text(here), .text(there)]
    }
}
