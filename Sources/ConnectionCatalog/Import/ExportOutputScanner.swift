import Foundation

/// One `*.csv` file of an ExportOutput folder.
public struct ExportFile: Sendable, Equatable {
    public var fileName: String
    /// File name without `.csv`.
    public var tableName: String
    public var url: URL
    public var size: Int64
    /// ISO 8601 UTC.
    public var modifiedAt: String?
}

/// The `*.csv` files of an ExportOutput folder, attributed to connections.
public struct ExportOutputScan: Sendable, Equatable {
    /// Files per connection identifier (as given to the scanner), sorted by file name.
    public var filesByConnection: [String: [ExportFile]]
    /// CSV files that belong to no connection, sorted.
    public var unattributed: [String]
}

public enum ExportOutputScanner {
    /// Attributes each `*.csv` of `folder` to the connection whose identifier is the longest
    /// case-insensitive prefix of the file name followed by `.csv` or `_`.
    public static func scan(folder: URL, connections: [String]) throws -> ExportOutputScan {
        fatalError("TODO")
    }
}
