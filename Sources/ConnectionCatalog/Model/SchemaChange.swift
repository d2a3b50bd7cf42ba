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
        /// Same column, its name spelt in other letter case (`Email` became `EMAIL`): one change,
        /// never a removed plus an added column. ``SchemaChange/column`` is the older spelling,
        /// ``SchemaChange/renamedTo`` the newer, ``SchemaChange/position`` its place in the newer
        /// header and ``SchemaChange/fromPosition`` its place in the older one when that differs.
        ///
        /// It is still a schema change: the documentation says nothing on whether Identity Manager
        /// matches a mapping's `ConnectionColumn` with the export's columns ignoring case (Entity
        /// Type Mapping page, `Property` > `ConnectionColumn`: "the corresponding column in the entity
        /// type data source",
        /// https://docs.netwrix.com/docs/identitymanager/6.2/integration-guide/toolkit/xml-configuration/connectors/entitytypemapping),
        /// and where it speaks of an export's column names it calls them case-sensitive (Connection
        /// page, `Transformation` > `Column` and `InputColumn`: "Column (case-sensitive)",
        /// https://docs.netwrix.com/docs/identitymanager/6.2/integration-guide/toolkit/xml-configuration/connectors/connection).
        /// The check's `column-name-case` rule reports a mapping that matches only when case is ignored.
        case columnCaseChanged = "column_case_changed"
    }

    public var change: Kind
    public var table: String
    /// `nil` for table changes.
    public var column: String?
    /// 1-based position: in the newer snapshot for added and moved columns, in the older one for
    /// removed columns; `nil` for table changes.
    public var position: Int?
    /// For a moved column: its 1-based position in the older snapshot; for a column whose case
    /// changed, its older position when that differs.
    public var fromPosition: Int?
    /// For a removed column: the column added at the same place of the same table, which may be
    /// its new name (a hint, not a certainty; the added column is also listed as `column_added`).
    /// For a column whose case changed: its newer spelling (a certainty).
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
