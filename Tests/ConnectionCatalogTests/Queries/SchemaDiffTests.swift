import ConncatFuzzing
import Testing

@testable import ConnectionCatalog

@Suite struct SchemaDiffTests {
    static let pool = (0..<12).map { "col\($0)" }
    static let tablePool = ["Crm_accounts", "Crm_teams", "Crm_members", "Crm_roles"]

    static func randomSnapshot(_ rng: inout SplitMix64) -> SchemaSnapshot {
        let tables = tablePool.filter { _ in Bool.random(using: &rng) }.map { name in
            TableSchema(name: name, columns: Array(pool.shuffled(using: &rng).prefix(Int.random(in: 1...8, using: &rng))))
        }
        return SchemaSnapshot(tables: tables)
    }

    @Test func diffOfASnapshotWithItselfIsEmpty() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<500 {
            let a = Self.randomSnapshot(&rng)
            #expect(a.diff(to: a).isEmpty)
        }
    }

    @Test func applyingTheDiffGivesTheNewerSnapshot() {
        var rng = SplitMix64(seed: 2)
        for round in 0..<2000 {
            let a = Self.randomSnapshot(&rng)
            let b = Self.randomSnapshot(&rng)
            let changes = a.diff(to: b)
            #expect(a.applying(changes) == b, "round \(round): \(a) -> \(b) via \(changes)")
        }
    }

    @Test func aMoveIsOneChangeNeverARemovalAndAnAddition() {
        let a = SchemaSnapshot(tables: [TableSchema(name: "T", columns: ["a", "b", "c", "d"])])
        let b = SchemaSnapshot(tables: [TableSchema(name: "T", columns: ["b", "c", "d", "a"])])
        #expect(a.diff(to: b) == [SchemaChange(.columnMoved, table: "T", column: "a", position: 4, fromPosition: 1)])
    }

    /// A column added or removed before others shifts their positions but moves none of them:
    /// only their order among the columns both headers have counts.
    @Test func aShiftByAnInsertionOrARemovalBeforeIsNoMove() {
        let a = SchemaSnapshot(tables: [TableSchema(name: "T", columns: ["id", "first", "last"])])
        let inserted = SchemaSnapshot(tables: [TableSchema(name: "T", columns: ["badge", "id", "first", "last"])])
        #expect(a.diff(to: inserted) == [SchemaChange(.columnAdded, table: "T", column: "badge", position: 1)])
        #expect(inserted.diff(to: a) == [SchemaChange(.columnRemoved, table: "T", column: "badge", position: 1)])
        // An insertion and a real move together: the move alone is `column_moved`.
        let both = SchemaSnapshot(tables: [TableSchema(name: "T", columns: ["badge", "id", "last", "first"])])
        let changes = a.diff(to: both)
        #expect(changes.filter { $0.change == .columnAdded } == [SchemaChange(.columnAdded, table: "T", column: "badge", position: 1)])
        #expect(changes.filter { $0.change == .columnMoved }.count == 1)
        #expect(changes.count == 2)
        let moved = changes.first { $0.change == .columnMoved }
        // Either of the two swapped columns is the one moved; its positions are its own.
        #expect(
            moved == SchemaChange(.columnMoved, table: "T", column: "first", position: 4, fromPosition: 2)
                || moved == SchemaChange(.columnMoved, table: "T", column: "last", position: 3, fromPosition: 3))
        #expect(a.applying(changes) == both)
    }

    /// `Email` that becomes `EMAIL` is one change in letter case, never a removal plus an addition.
    @Test func aCaseOnlyChangeIsOneChange() {
        let a = SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["id", "Email", "name"])])
        let b = SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["id", "EMAIL", "name"])])
        #expect(a.diff(to: b) == [SchemaChange(.columnCaseChanged, table: "HRFeed", column: "Email", position: 2, renamedTo: "EMAIL")])
        #expect(a.applying(a.diff(to: b)) == b)
        // Respelt and placed first: the older place is kept too; a real removal beside it stays one.
        let c = SchemaSnapshot(tables: [TableSchema(name: "HRFeed", columns: ["email", "id"])])
        #expect(
            a.diff(to: c) == [
                SchemaChange(.columnRemoved, table: "HRFeed", column: "name", position: 3),
                SchemaChange(.columnCaseChanged, table: "HRFeed", column: "Email", position: 1, fromPosition: 2, renamedTo: "email"),
            ])
        #expect(a.applying(a.diff(to: c)) == c)
    }

    /// The laws hold when names differ only in case, within a header too.
    @Test func theLawsHoldWithNamesThatDifferOnlyInCase() {
        let pool = ["id", "ID", "Id", "mail", "MAIL", "name", "Name", "x"]
        func snapshot(_ rng: inout SplitMix64) -> SchemaSnapshot {
            SchemaSnapshot(tables: [TableSchema(name: "T", columns: Array(pool.shuffled(using: &rng).prefix(Int.random(in: 1...6, using: &rng))))])
        }
        var rng = SplitMix64(seed: 3)
        for round in 0..<2000 {
            let a = snapshot(&rng)
            let b = snapshot(&rng)
            let changes = a.diff(to: b)
            #expect(a.diff(to: a).isEmpty)
            #expect(a.applying(changes) == b, "round \(round): \(a) -> \(b) via \(changes)")
            // No column is both removed and added in other letter case.
            let removed = Set(changes.filter { $0.change == .columnRemoved }.compactMap(\.column).map(Identifier.fold))
            let added = Set(changes.filter { $0.change == .columnAdded }.compactMap(\.column).map(Identifier.fold))
            #expect(removed.isDisjoint(with: added), "round \(round): \(changes)")
        }
    }

    @Test func tableChangesAndRenameHint() {
        let a = SchemaSnapshot(tables: [
            TableSchema(name: "HR", columns: ["id", "cost_center", "name"]),
            TableSchema(name: "Old", columns: ["x"]),
        ])
        let b = SchemaSnapshot(tables: [
            TableSchema(name: "hr", columns: ["id", "costcenter", "name"]),
            TableSchema(name: "New", columns: ["y", "z"]),
        ])
        #expect(
            a.diff(to: b) == [
                SchemaChange(.tableRemoved, table: "Old"),
                // Tables of the newer snapshot in name order: hr, then New.
                SchemaChange(.columnRemoved, table: "hr", column: "cost_center", position: 2, renamedTo: "costcenter"),
                SchemaChange(.columnAdded, table: "hr", column: "costcenter", position: 2),
                SchemaChange(.tableAdded, table: "New"),
                SchemaChange(.columnAdded, table: "New", column: "y", position: 1),
                SchemaChange(.columnAdded, table: "New", column: "z", position: 2),
            ])
    }
}
