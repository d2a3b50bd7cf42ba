/// Input that cannot be read: a malformed XML file, unparsable agent settings, an unreadable
/// folder. Thrown by the readers; the import stores nothing when one is thrown.
///
/// Its description is one line, `file:line:column: error: what is wrong; what to do`, and never
/// quotes the offending input text (which may hold a secret).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// What is wrong, in the product's terms.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// What kind of problem it is, set where it is thrown: callers act on it (a schema refresh
    /// records it), never on the message text.
    public var kind: Kind

    /// The kinds of unreadable input a caller may treat differently.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The input cannot be read or is malformed (the default).
        case unreadable
        /// The file holds nothing (after a byte order mark).
        case empty
        /// A CSV file has no header record (a blank first line, only separators).
        case noHeader
        /// A record is longer than the reader accepts.
        case tooLong
        /// Bytes that are not text in the file's encoding.
        case badEncoding
    }

    public init(_ location: SourceLocation, _ message: String, hint: String? = nil, kind: Kind = .unreadable) {
        self.location = location
        self.message = message
        self.hint = hint
        self.kind = kind
    }

    public var description: String {
        var text = "\(location): error: \(message)"
        if let hint { text += "; \(hint)" }
        return text
    }
}
