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
            fingerprinted them with the same key. On a terminal too narrow for the table, one \
            block per difference shows every value whole; --wide, a pipe, JSON and CSV give the table.

            In CI, --fail-on-difference makes any difference fail the job (exit 1, and one line on \
            standard error that counts them); without it, compare only reports, as diff and changes do.

            EXAMPLES:
              conncat compare /srv/production/conncat.sqlite
              conncat --database dev.sqlite compare prod.sqlite --format json
              conncat --database dev.sqlite compare prod.sqlite --fail-on-difference

            EXIT CODES:
              0  compared: no difference, or differences without --fail-on-difference
              1  with --fail-on-difference: the catalogs differ; or a catalog is missing or unusable \
            (one line on standard error)
              64 wrong usage
            """)
    @OptionGroup var catalog: ListingOptions
    @Argument(help: ArgumentHelp("The other catalog file.", valueName: "other-catalog")) var other: String
    @Flag(name: .customLong("fail-on-difference"), help: "Exit 1 when the catalogs differ (a gate for CI).")
    var failOnDifference = false

    func run() throws {
        try reportingErrors {
            let rows = try catalog.withCatalog { here in
                try openReadOnly(other) { there in try CatalogComparison.run(here: here, there: there) }
            }
            let presentation = Presentation.current
            if catalog.format == .table, rows.isEmpty {
                write("No differences.\n")
            } else if catalog.format == .table, let width = presentation.width, !Renderer.fits(rows, width: width) {
                // Too narrow for the table: one block per difference keeps every value whole.
                write(CompareRendering.records(rows, width: width))
            } else {
                Renderer.write(rows, as: catalog.format, presentation: presentation)
            }
            if failOnDifference, !rows.isEmpty {
                writeError(CompareRendering.gateLine(rows, here: catalog.path, there: other))
                throw ExitCode(1)
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
    static let columnRules: [String: ColumnRule] = [
        "kind": .whole(60), "connection": .whole(90), "subject": .whole(100), "attribute": .cut(50),
        "change": .whole(95), "here": .wrap(80, minimum: 16), "there": .wrap(80, minimum: 16),
    ]
    static let fields = ["kind", "connection", "subject", "attribute", "change", "here", "there"]
    var cells: [Cell] {
        [.text(kind.rawValue), .text(connection), .text(subject), .text(attribute), .text(change.rawValue), .text(here), .text(there)]
    }
}

/// `conncat compare` on a terminal too narrow for its table, and its gate.
enum CompareRendering {
    /// The error line of `--fail-on-difference`: how many differences, of which kinds.
    ///
    ///     error: dev.sqlite (here) and prod.sqlite (there) differ: 7 differences (2 columns, 1 mapping, ...)
    static func gateLine(_ rows: [CatalogDifference], here: String, there: String) -> String {
        let kinds = CatalogDifference.Kind.allCases.compactMap { kind -> String? in
            let count = rows.filter { $0.kind == kind }.count
            return count == 0 ? nil : plural(count, kind.rawValue)
        }
        return "error: \(DisplayPath.shown(here)) (here) and \(DisplayPath.shown(there)) (there) differ: "
            + "\(plural(rows.count, "difference")) (\(kinds.joined(separator: ", ")))"
    }

    /// One block per difference, blocks apart by an empty line: `kind subject (connection): change`,
    /// then `here` and `there` with their values whole (wrapped under the value at `width`).
    ///
    ///     mapping ServiceNow_User:EmployeeNumber (SnowCmdb): ConnectionColumn differs
    ///       here   employee_number
    ///       there  employee_no
    static func records(_ rows: [CatalogDifference], width: Int?) -> String {
        func e(_ value: String) -> String { TerminalText.escape(value) }
        func shown(_ value: String?) -> String {
            guard let value else { return "(absent)" }
            return value.isEmpty ? "(empty)" : e(value)
        }
        let blocks = rows.map { row in
            var head = "\(row.kind.rawValue) \(e(row.subject))"
            if let connection = row.connection, connection.lowercased() != row.subject.lowercased() { head += " (\(e(connection)))" }
            switch row.change {
            case .onlyHere: head += ": only here"
            case .onlyThere: head += ": only there"
            case .differs: head += ": " + (row.attribute.map { "\(e($0)) differs" } ?? "differs")
            }
            var lines = [head]
            if row.change != .onlyThere || row.here != nil { lines.append("  here   " + shown(row.here)) }
            if row.change != .onlyHere || row.there != nil { lines.append("  there  " + shown(row.there)) }
            return lines.joined(separator: "\n")
        }
        return TextWrap.fit(blocks.joined(separator: "\n\n") + "\n", width: width, hangAfterLabel: true)
    }
}
