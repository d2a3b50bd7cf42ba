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
