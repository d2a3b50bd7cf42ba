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
        var text = "error: no \(noun) '\(Renderer.display(name))' \(kind == .entityTypeMapping ? "is mapped in" : "in") the catalog"
        if let guess = Suggestion.closest(to: name, among: known) { text += " (did you mean '\(Renderer.display(guess))'?)" }
        description = text + "; \(listing)"
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
        default: return error
        }
    }
}

/// The catalog's spelling of `connection`, or a one-line error with the nearest known name.
func requireConnection(_ connection: String, in store: Catalog) throws -> String {
    guard let known = try store.knownConnection(connection) else { throw UnknownNameError.make(.connection, connection, in: store) }
    return known
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
