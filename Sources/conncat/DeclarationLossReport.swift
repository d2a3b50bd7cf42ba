import ConnectionCatalog
import Foundation

/// What `import` says when the connections (and ConnectionTable elements) that the previous import
/// declared are no longer declared: a warning on standard error, and a line of the listing.
enum DeclarationLossReport {
    /// `A, B, C, D, E and 3 more`: the first `limit` names, then how many are left.
    static func bounded(_ names: [String], limit: Int) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }

    /// `4 of the 5 connections of import #1 are no longer declared: A, B, ...`, tables after;
    /// with `verbs: false`, `4 of the 5 connections of import #1: A, B, ...`.
    static func what(_ loss: DeclarationLoss, limit: Int, verbs: Bool = true) -> String {
        var parts: [String] = []
        let id = loss.previous.id.map { "#\($0)" } ?? ""
        func said(_ count: Int) -> String { verbs ? (count == 1 ? " is no longer declared" : " are no longer declared") : "" }
        if !loss.connections.isEmpty {
            let noun = loss.previousConnectionCount == 1 ? "connection" : "connections"
            parts.append(
                "\(loss.connections.count) of the \(loss.previousConnectionCount) \(noun) of import \(id)\(said(loss.connections.count)): "
                    + bounded(loss.connections, limit: limit))
        }
        if !loss.connectionTables.isEmpty {
            parts.append(
                "\(plural(loss.connectionTables.count, "ConnectionTable")) of import \(id)\(said(loss.connectionTables.count)): "
                    + bounded(loss.connectionTables, limit: limit))
        }
        return parts.joined(separator: "; ")
    }

    /// The warning line (standard error): how many and which, then what to do if it was a mistake.
    /// - Parameters:
    ///   - given: the folder as the user typed it.
    ///   - sourceFolder: the folder this import read (absolute).
    static func warning(_ loss: DeclarationLoss, given: String, sourceFolder: String) -> String {
        let samePlace =
            URL(fileURLWithPath: loss.previous.sourceFolder).standardizedFileURL.path
            == URL(fileURLWithPath: sourceFolder).standardizedFileURL.path
        let advice =
            samePlace
            ? "if this was a mistake, declare them again and import again (`conncat changes` lists what changed)"
            : "if \(given) is only part of the configuration, import the configuration's root folder instead (import #\(loss.previous.id ?? 0) read \(DisplayPath.shown(loss.previous.sourceFolder)))"
        return "conncat: warning: \(what(loss, limit: 5)); their schema history stays in the catalog; \(advice)"
    }

    /// The listing's line: `  no longer declared: ...`.
    static func listing(_ loss: DeclarationLoss) -> String {
        "  no longer declared: \(what(loss, limit: 10, verbs: false))"
    }
}
