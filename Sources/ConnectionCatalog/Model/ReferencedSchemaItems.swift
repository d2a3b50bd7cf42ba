/// The tables and columns that the mappings of a configuration name, lower-cased: the only
/// removed tables and columns a check looks up in the schema history. Reading the history of
/// these alone keeps a check's cost flat however many renames the history holds.
public struct ReferencedSchemaItems: Sendable, Equatable {
    /// Lower-cased table names as written and as keys (``TableName/key(_:)``: no `.csv`).
    public var tables: Set<String> = []
    /// Lower-cased column names by lower-cased table, under each spelling of the table.
    public var columns: [String: Set<String>] = [:]

    /// Nothing referenced.
    public init() {}

    /// The ConnectionTable of every entity type and association mapping, with the
    /// ConnectionColumn of each property mapping and the Column1/Column2 of each association.
    public init(mappingsOf configuration: Configuration) {
        func add(_ table: String?, _ columns: [String?]) {
            guard let table, !table.isEmpty else { return }
            let spellings = Set([table.lowercased(), TableName.key(table).lowercased()])
            tables.formUnion(spellings)
            for column in columns {
                guard let column, !column.isEmpty else { continue }
                for spelling in spellings { self.columns[spelling, default: []].insert(column.lowercased()) }
            }
        }
        for mapping in configuration.entityTypeMappings {
            add(mapping.connectionTable, mapping.properties.map(\.connectionColumn))
        }
        for mapping in configuration.entityAssociationMappings {
            add(mapping.connectionTable, [mapping.column1, mapping.column2])
        }
    }

    /// One key for `column` of `table` (both lower-cased).
    static func key(_ table: String, _ column: String) -> String { table + "\u{0}" + column }
}
