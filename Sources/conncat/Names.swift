import ArgumentParser
import ConnectionCatalog
import Foundation

/// A name the user typed that the catalog does not know, with the nearest known one.
struct UnknownNameError: Error, CustomStringConvertible {
    var description: String

    /// `error: no connection 'Hrfeed' in the catalog (did you mean 'HRFeed'?); ... lists them`.
    init(_ kind: CatalogNameKind, _ name: String, known: [String]) {
        let noun: String
        let listing: String
        switch kind {
        case .connection: (noun, listing) = ("connection", "`conncat connections` lists them")
        case .table: (noun, listing) = ("connection table", "`conncat tables` lists them")
        case .entityTypeMapping: (noun, listing) = ("entity type", "`conncat columns` shows the mapped ones in mapped_by")
        }
        // A name the catalog knows only from another time is said so, never suggested to itself.
        if kind == .connection, let same = known.first(where: { Identifier($0) == Identifier(name) }) {
            description =
                "error: connection '\(Renderer.display(same))' is no longer declared in the configuration; "
                + "its schema history stays in the catalog; \(listing)"
            return
        }
        var text = "error: no \(noun) '\(Renderer.display(name))' \(kind == .entityTypeMapping ? "is mapped in" : "in") the catalog"
        if let guess = Suggestion.closest(to: name, among: known), Identifier(guess) != Identifier(name) {
            text += " (did you mean '\(Renderer.display(guess))'?)"
        }
        description = text + "; \(listing)"
    }

    /// `error: connection 'SnowCmdb' is not declared in the configuration as of ...`: a
    /// connection the catalog knows, asked for at a time whose configuration did not declare it.
    init(connection: String, notDeclaredAsOf asOf: Timestamp) {
        description =
            "error: connection '\(Renderer.display(connection))' is not declared in the configuration as of \(asOf) "
            + "(that of the latest import at or before then); `conncat imports` lists the imports"
    }

    /// `error: no connection of connector 'Snow' in the catalog (did you mean 'ServiceNow'?); ...`:
    /// a connector that no connection of the catalog has, with the nearest of `known`.
    init(connector name: String, known: [String]) {
        var text = "error: no connection of connector '\(Renderer.display(name))' in the catalog"
        if let guess = Suggestion.closest(to: name, among: known), !name.isEmpty { text += " (did you mean '\(Renderer.display(guess))'?)" }
        description = text + "; `conncat connections` lists connections and their connectors"
    }

    /// The error for `name`, with a suggestion from the catalog's names.
    static func make(_ kind: CatalogNameKind, _ name: String, in store: Catalog) -> UnknownNameError {
        UnknownNameError(kind, name, known: (try? store.names(of: kind)) ?? [])
    }

    /// A library error about an unknown name, with a suggestion; other errors unchanged.
    static func suggesting(_ error: Error, in store: Catalog) -> Error {
        switch error as? CatalogError {
        case .unknownConnection(let name)?: return make(.connection, name, in: store)
        case .unknownEntityTypeMapping(let name)?: return make(.entityTypeMapping, name, in: store)
        case .unknownConnector(let name)?:
            return UnknownNameError(connector: name, known: Array(Set((try? store.connectionSummaries().compactMap(\.connector)) ?? [])).sorted())
        default: return error
        }
    }
}

/// The catalog's spelling of `connection`, or a one-line error with the nearest known name.
///
/// With `asOf`, a connection of the configuration as it was then; one the catalog knows from
/// another time is said so, not suggested to itself.
func requireConnection(_ connection: String, asOf: Timestamp? = nil, in store: Catalog) throws -> String {
    if let known = try store.knownConnection(connection, asOf: asOf) { return known }
    if let asOf, let other = try store.names(of: .connection).first(where: { Identifier($0) == Identifier(connection) }) {
        throw UnknownNameError(connection: other, notDeclaredAsOf: asOf)
    }
    throw UnknownNameError.make(.connection, connection, in: store)
}

/// The catalog's spelling of connection table `table`, or a one-line error with the nearest one.
func requireTable(_ table: String, in store: Catalog) throws -> String {
    guard let known = try store.knownTable(table) else { throw UnknownNameError.make(.table, table, in: store) }
    return known
}

/// Dynamic shell completions: names read from the catalog the command line names (`--database`,
/// else `CONNCAT_DATABASE`, else `./conncat.sqlite`); nothing when there is no catalog.
enum Completions {
    static func names(_ kind: CatalogNameKind) -> CompletionKind {
        .custom { words, _, prefix in
            (try? complete(kind, words: words, prefix: prefix)) ?? []
        }
    }

    static func complete(_ kind: CatalogNameKind, words: [String], prefix: String) throws -> [String] {
        var path: String?
        for (index, word) in words.enumerated() {
            if word == "--database", index + 1 < words.count { path = words[index + 1] }
            if word.hasPrefix("--database=") { path = String(word.dropFirst("--database=".count)) }
        }
        let catalogPath = CatalogOptions.resolvedPath(path)
        guard FileManager.default.fileExists(atPath: catalogPath) else { return [] }
        let store = try Catalog(path: catalogPath, access: .readOnly)
        defer { try? store.close() }
        let lowered = prefix.lowercased()
        return try store.names(of: kind).filter { lowered.isEmpty || $0.lowercased().hasPrefix(lowered) }
    }
}
