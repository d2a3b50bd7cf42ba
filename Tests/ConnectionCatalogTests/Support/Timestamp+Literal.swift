import ConnectionCatalog

/// Times in tests written as text (`"2026-11-29T08:00:00Z"`); a literal that is not a time stops
/// the test run at once.
extension Timestamp: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let time = Timestamp(parsing: value) else { preconditionFailure("not a time: \(value)") }
        self = time
    }
}
