/// Where a value came from: a file relative to the imported folder, and a line (1-based) and
/// column (1-based) within it, or a JSON path for agent settings.
///
/// Rendered as `file:line:column` (or `file:line`, `file`, `file (Connections:Crm:Path)`), the
/// form editors and CI annotations understand.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Path relative to the imported folder (or the file as the user named it), `/`-separated.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Colon-separated .NET configuration path (`Connections:CrmFiles:Servers:0:Server`), for JSON.
    public var jsonPath: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, jsonPath: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.jsonPath = jsonPath
    }

    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let jsonPath { text += " (\(jsonPath))" }
        return text
    }
}
