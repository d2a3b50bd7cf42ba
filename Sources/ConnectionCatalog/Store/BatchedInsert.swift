import GRDB

/// A known number of rows of one table inserted through multi-row statements (`INSERT INTO t
/// (a, b) VALUES (?,?),(?,?),...`), ``batchSize`` rows to an execution, each row bound raw
/// (``RawStatement``) straight into the statement that writes it.
///
/// SQLite pays a fixed cost for every execution of a statement (reset, transaction and cursor
/// set-up, halt), and builds the value list of every `CHECK (x IN (...))` of three values or more
/// once per execution (about 10,000 instructions). A table written row by row pays them for each
/// row; written in batches, once per batch.
///
/// The number of rows is given first, so that the rows past the last full batch (fewer than a
/// batch) are written one by one: nothing is copied or held back, and a table has two prepared
/// statements, not one per size of a rest (each cached statement holds its program: a statement
/// per size and table took 8 MB more at 50 MiB). A batch is written as soon as its last row is
/// bound; once ``rows`` rows were added, every one is in the table. Rows that
/// refer to rows of another table (a child and its parent) are added once the batch holding their
/// parent was written: callers add parents a batch at a time.
struct BatchedInsert {
    /// Rows written by one execution.
    static let batchSize = 16

    private let db: Database
    /// The statements of a full batch and of one row.
    private let fullBatch: String
    private let oneRow: String
    /// The rows to add in all, and added so far.
    let rows: Int
    private(set) var added = 0
    /// The statement being bound (its batch not yet full), and how many rows it takes.
    private var statement: RawStatement?
    private var capacity = 0
    private var bound = 0

    /// - Parameters:
    ///   - head: the statement up to `VALUES` (`INSERT INTO t (a, b) VALUES`); table and column
    ///     names are constants of the caller, never input.
    ///   - width: the number of values of one row.
    ///   - rows: the number of rows that will be added.
    init(_ db: Database, _ head: String, width: Int, rows: Int) {
        self.db = db
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        fullBatch = head + " " + Array(repeating: tuple, count: Self.batchSize).joined(separator: ",")
        oneRow = head + " " + tuple
        self.rows = rows
    }

    /// Binds one row (`bind` binds its values in the order of the columns) and writes its batch
    /// when the row is the batch's last.
    /// - Throws: `DatabaseError` of the batch's execution, or of a row added past ``rows``.
    mutating func add(_ bind: (inout RawStatement) -> Void) throws {
        guard added < rows else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "more rows added than announced")
        }
        if statement == nil {
            capacity = rows - added >= Self.batchSize ? Self.batchSize : 1
            statement = try RawStatement(db, capacity == 1 ? oneRow : fullBatch)
            bound = 0
        }
        bind(&statement!)
        bound += 1
        added += 1
        if bound == capacity {
            try statement!.execute()
            statement = nil
        }
    }
}

extension Catalog {
    /// The id the next row of `table` gets when none is given (SQLite's choice for an
    /// `INTEGER PRIMARY KEY`: one more than the largest), for rows inserted with their id so that
    /// rows referring to them can be written in batches of their own. `table` is a constant of
    /// the caller, never input.
    static func nextRowID(of table: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM \(table)") ?? 1
    }
}
