/// A credential written in clear outside `appsettings.agent.json`, found by its content (a URL's
/// `user:password@`, a `password`, `token` or `sig` query parameter, a connection string's
/// `Password=`) and redacted by the import: where it is, never what it is.
public struct ClearCredential: Sendable, Equatable, Codable {
    /// Where in its file the credential sits.
    public enum Place: Sendable, Equatable, Codable {
        /// An attribute of an XML configuration element: `Agent` (``ConfigurationElementKind/name``),
        /// its identifier when it has one, and the attribute's name (`URI`).
        case xmlAttribute(element: String, identifier: String?, attribute: String)
        /// A cell of an export file's header record: the table (the file name without `.csv`)
        /// and the cell's 1-based position.
        case exportHeader(table: String, position: Int)
    }

    /// The XML file and the element's line, or the export file and line 1 (its header).
    public var location: SourceLocation
    public var place: Place

    public init(location: SourceLocation, place: Place) {
        self.location = location
        self.place = place
    }
}
