/// How a name from the input (a connection, table, column or settings key) is written inside a
/// sentence: as it is, or in single quotes when a space would be invisible there: an empty name,
/// or one with a leading or trailing white space (`'Label '`, `' HRFeed'`). Finding messages
/// and refresh warnings use it; conncat quotes names it shows by the same rule.
public enum NameText {
    /// Whether `name` is empty or starts or ends with white space.
    public static func needsQuotes(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last else { return true }
        return first.isWhitespace || last.isWhitespace
    }

    /// `name`, in single quotes when ``needsQuotes(_:)``.
    public static func quoted(_ name: String) -> String {
        needsQuotes(name) ? "'\(name)'" : name
    }
}
