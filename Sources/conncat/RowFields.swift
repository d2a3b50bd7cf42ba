import ConnectionCatalog

/// One field of a rendered row, declared once: its name (the JSON key, the CSV and table header)
/// and how a row gives its value.
struct RowField<Row>: Sendable {
    let name: String
    let value: @Sendable (Row) -> Cell

    /// A field named by the library's JSON key for it (a result type's `CodingKeys`), so that the
    /// name has one declaration.
    init<Key: CodingKey>(_ key: Key, _ value: @escaping @Sendable (Row) -> Cell) {
        self.name = key.stringValue
        self.value = value
    }

    /// A field of a row that only conncat shows (no library result type declares its name).
    init(_ name: String, _ value: @escaping @Sendable (Row) -> Cell) {
        self.name = name
        self.value = value
    }
}

/// A ``Renderable`` whose field names and cells come from one list of ``RowField``s, so that a
/// field cannot be renamed, added or moved in one of them only.
protocol FieldListed: Renderable {
    static var fieldList: [RowField<Self>] { get }
}

extension FieldListed {
    static var fields: [String] { fieldList.map(\.name) }
    var cells: [Cell] { Self.fieldList.map { $0.value(self) } }
}
