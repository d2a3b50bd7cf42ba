/// A schema change as `diff`, `refresh-schema`, `import` and `changes` write it in JSON (the
/// `diff` format), decoded by the tests of every command that prints one.
struct DiffChange: Decodable, Equatable {
    let change: String
    let table: String
    let column: String?
    let position: Int?
    let from_position: Int?
    let renamed_to: String?

    init(change: String, table: String, column: String?, position: Int?, from_position: Int? = nil, renamed_to: String? = nil) {
        self.change = change
        self.table = table
        self.column = column
        self.position = position
        self.from_position = from_position
        self.renamed_to = renamed_to
    }
}
