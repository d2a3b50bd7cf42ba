import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through the SQLite C API, for the import's hot insert
/// loops. Boxing every value in `StatementArguments` costs about a third of the insert time
/// (355-405k rows/s against 545-650k for raw binding); this binds straight from the
/// values' bytes. Prepare one per SQL text before a loop, then per row: `bind` each parameter in
/// order, `execute()`.
///
/// Only for statements that return no row (INSERT, UPDATE, DELETE), inside a transaction that
/// GRDB opened: GRDB still sees the transaction, the row ids and the changes.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private var index: Int32 = 0

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress, utf8.count > 0 {
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    /// Binds UTF-8 bytes as text (e.g. JSON written into a reused buffer).
    mutating func bindText(_ utf8: [UInt8]) {
        index += 1
        let (handle, index) = (self.handle, self.index)
        utf8.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    /// Runs the statement with the values bound since the last execution, then resets it.
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint violation...).
    mutating func execute() throws {
        index = 0
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
        }
    }
}
