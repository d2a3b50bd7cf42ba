/// One difference between two schema snapshots of a connection.
public struct SchemaChange: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, Equatable, Hashable, Codable {
        case tableAdded = "table_added"
        case tableRemoved = "table_removed"
        case columnAdded = "column_added"
        case columnRemoved = "column_removed"
        /// Same column, other place in the header (order only; never reported as removed and
        /// added): its order among the columns that both snapshots have changed. The columns kept
        /// in place are a longest common subsequence of the two orders, so moving one column is one
        /// change; a column whose position only shifted because another column was added or
        /// removed before it is not moved (the added or removed column is the change).
        case columnMoved = "column_moved"
    }

    public var change: Kind
    public var table: String
    /// `nil` for table changes.
    public var column: String?
    /// 1-based position: in the newer snapshot for added and moved columns, in the older one for
    /// removed columns; `nil` for table changes.
    public var position: Int?
    /// For a moved column: its 1-based position in the older snapshot.
    public var fromPosition: Int?
    /// For a removed column: the column added at the same place of the same table, which may be
    /// its new name (a hint, not a certainty; the added column is also listed as `column_added`).
    public var renamedTo: String?

    public init(
        _ change: Kind, table: String, column: String? = nil, position: Int? = nil, fromPosition: Int? = nil,
        renamedTo: String? = nil
    ) {
        self.change = change
        self.table = table
        self.column = column
        self.position = position
        self.fromPosition = fromPosition
        self.renamedTo = renamedTo
    }
}
