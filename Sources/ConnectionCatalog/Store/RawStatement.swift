import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through the SQLite C API, for the import's hot insert
/// loops. Boxing every value in `StatementArguments` costs about a third of the insert time
/// (355-405k rows/s against 545-650k for raw binding); this binds straight from the
/// values' bytes. Prepare one per SQL text before a loop, then per row: `bind` each parameter in
/// order, `execute()`.
///
/// Text longer than a small string (more than 15 UTF-8 bytes) is bound without a copy
/// (`SQLITE_STATIC`): the statement holds the value itself until `execute()` has stepped it,
/// then clears its bindings. Shorter text lives inside the `String` value (no storage to point
/// at) and is copied by SQLite.
///
/// For statements that return no row (INSERT, UPDATE, DELETE) or one integer
/// (``fetchInt64()``), inside a transaction that GRDB opened: GRDB still sees the transaction, the row ids and the changes.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private var index: Int32 = 0
    /// The values bound without a copy since the last execution: kept alive until it.
    private var keptText: [String] = []
    private var keptBytes: [[UInt8]] = []

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The longest text a Swift string holds inline (a small string): its bytes have no storage
    /// that outlives `withUTF8`, so it is copied.
    private static let inlineUTF8 = 15

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let (handle, index) = (self.handle, self.index)
        // A longer string's bytes are in its storage (or in the binary, for a literal): the
        // pointer stays valid while `keptText` holds the value.
        let kept = value.utf8.count > Self.inlineUTF8
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress, utf8.count > 0 {
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), kept ? nil : Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
        if kept { keptText.append(value) }
    }

    /// Binds UTF-8 bytes as text (e.g. JSON written into a reused buffer), without a copy: the
    /// array is held until `execute()`, so the buffer is not written before the statement ran.
    mutating func bindText(_ utf8: [UInt8]) {
        index += 1
        let (handle, index) = (self.handle, self.index)
        utf8.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
        if !utf8.isEmpty { keptBytes.append(utf8) }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    /// Runs a query of one integer column (an id) with the values bound since the last
    /// execution, then resets it.
    /// - Returns: the first row's value, `nil` when there is no row.
    /// - Throws: `DatabaseError` with SQLite's code and message.
    mutating func fetchInt64() throws -> Int64? {
        index = 0
        let code = sqlite3_step(handle)
        defer { finishExecution() }
        if code == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        guard code == SQLITE_DONE else { throw error(code) }
        return nil
    }

    /// Runs the statement with the values bound since the last execution, then resets it.
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint violation...).
    mutating func execute() throws {
        index = 0
        let code = sqlite3_step(handle)
        defer { finishExecution() }
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Resets the statement and clears its bindings: no binding outlives the values held for it.
    private mutating func finishExecution() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        keptText.removeAll(keepingCapacity: true)
        keptBytes.removeAll(keepingCapacity: true)
    }

    /// The error of a step that returned `code`.
    private func error(_ code: Int32) -> DatabaseError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
    }
}
