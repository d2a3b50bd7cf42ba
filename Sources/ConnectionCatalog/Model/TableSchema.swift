import Foundation

/// The header of one export file (a connection table): its name and ordered columns.
public struct TableSchema: Sendable, Equatable, Hashable, Codable {
    /// Table name: the file name without `.csv` (`ADExport_entries`).
    public var name: String
    /// Column names in file order, exactly as written in the header.
    public var columns: [String]
    /// Where the table comes from: the header of an export file, or a `ConnectionTable` element
    /// of the configuration (with its `Column` children in order).
    public var source: SchemaSource

    public init(name: String, columns: [String], source: SchemaSource = .exportOutput) {
        self.name = name
        self.columns = columns
        self.source = source
    }
}

/// A connection's schema at one moment: its tables, sorted by name (case-insensitively).
public struct SchemaSnapshot: Sendable, Equatable, Hashable, Codable {
    public var tables: [TableSchema]

    public init(tables: [TableSchema]) {
        self.tables = tables.sorted {
            let order = $0.name.lowercased().compare($1.name.lowercased())
            return order == .orderedSame ? $0.name < $1.name : order == .orderedAscending
        }
    }

    public var columnCount: Int { tables.reduce(0) { $0 + $1.columns.count } }
}
