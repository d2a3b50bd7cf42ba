import Foundation
import GRDB
import Testing

@testable import ConnectionCatalog

@Suite struct BatchedInsertTests {
    /// Every announced row is in the table once the last is added, in order, whatever the
    /// number of rows relative to a batch (none, fewer, exactly one batch, one more, several
    /// batches and a rest): a full batch when its last row is added, the rest row by row. NULL
    /// and long text (bound without a copy) survive the batching.
    @Test(arguments: [0, 1, 15, 16, 17, 40])
    func writesEveryAnnouncedRowInOrder(rows: Int) throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT, kind INTEGER CHECK (kind IN (1, 2, 3)))")
            var insert = BatchedInsert(db, "INSERT INTO t (id, name, note, kind) VALUES", width: 4, rows: rows)
            let inBatches = rows - rows % BatchedInsert.batchSize
            for index in 0..<rows {
                // Rows of a batch are not in the table before its last one is added; the rest
                // (fewer than a batch) are written one by one.
                let written = index < inBatches ? index - index % BatchedInsert.batchSize : index
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == written)
                try insert.add { statement in
                    statement.bind(Int64(index + 1))
                    statement.bind("row \(index) with a name longer than fifteen bytes")
                    statement.bind(index.isMultiple(of: 3) ? nil : "n\(index)")
                    statement.bind(index % 3 + 1)
                }
            }
            #expect(insert.added == rows)
            let stored = try Row.fetchAll(db, sql: "SELECT id, name, note, kind FROM t ORDER BY id")
            #expect(stored.count == rows)
            for (index, row) in stored.enumerated() {
                #expect(row[0] as Int64 == Int64(index + 1))
                #expect(row[1] as String == "row \(index) with a name longer than fifteen bytes")
                #expect(row[2] as String? == (index.isMultiple(of: 3) ? nil : "n\(index)"))
                #expect(row[3] as Int == index % 3 + 1)
            }
        }
    }

    @Test func refusesARowBeyondThoseAnnounced() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (name TEXT)")
            var insert = BatchedInsert(db, "INSERT INTO t (name) VALUES", width: 1, rows: 1)
            try insert.add { $0.bind("a") }
            #expect(throws: DatabaseError.self) { try insert.add { $0.bind("b") } }
            #expect(try String.fetchAll(db, sql: "SELECT name FROM t") == ["a"])
        }
    }

    /// A constraint broken by one row of a batch fails the batch's execution with SQLite's error.
    @Test func aBrokenConstraintFailsItsBatch() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (kind INTEGER CHECK (kind IN (1, 2, 3)))")
            var insert = BatchedInsert(db, "INSERT INTO t (kind) VALUES", width: 1, rows: 2)
            try insert.add { $0.bind(1) }
            #expect(throws: DatabaseError.self) { try insert.add { $0.bind(9) } }
        }
    }
}
