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

    public init(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        self.location = location; self.message = message; self.hint = hint
    }

    public var description: String {
        var text = "\(location): error: \(message)"
        if let hint { text += "; \(hint)" }
        return text
    }
}
