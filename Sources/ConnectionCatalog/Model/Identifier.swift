/// An Identity Manager identifier (of a connection, connector, entity type, mapping...), which
/// the product compares case-insensitively, compared exactly as the catalog's `COLLATE NOCASE`
/// columns compare it: only the ASCII letters A-Z fold to a-z. `HRFeed` and `hrfeed` are one
/// identifier; `Éclair` and `éclair` are two, as SQLite's `UNIQUE COLLATE NOCASE` sees them.
///
/// Use it (or ``fold(_:)``) for identity: dictionary keys, equality, duplicates. Keep Unicode
/// `lowercased()` for fuzziness shown to a person (did-you-mean suggestions, search).
public struct Identifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier as written.
    public let text: String
    /// ``text`` folded as NOCASE folds it: the key of its identity.
    public let folded: String

    /// The identifier `text`, as written.
    public init(_ text: String) {
        self.text = text
        folded = Self.fold(text)
    }

    public static func == (lhs: Identifier, rhs: Identifier) -> Bool { lhs.folded == rhs.folded }
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }
    /// NOCASE's order: the folded UTF-8 bytes compared one by one.
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.folded.utf8.lexicographicallyPrecedes(rhs.folded.utf8) }
    /// ``text``.
    public var description: String { text }

    /// `text` with the ASCII letters A-Z lowered to a-z and every other character kept, as
    /// SQLite's NOCASE collation folds it before comparing. Two texts are one identifier exactly
    /// when their folds are equal.
    public static func fold(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
