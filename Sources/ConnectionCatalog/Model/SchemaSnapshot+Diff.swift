extension SchemaSnapshot {
    /// The changes that turn `self` into `newer`.
    ///
    /// Tables are matched by name case-insensitively (as the product matches ConnectionTable);
    /// columns by exact name, and a column removed while one spelt the same but for letter case
    /// (``Identifier/fold(_:)``) is added is one `column_case_changed`. An added table is reported with its columns (`table_added`, then one
    /// `column_added` each) so that ``applying(_:)`` can rebuild it; a removed table is one
    /// `table_removed`. Within a table, columns kept in both are `column_moved` when they are not
    /// part of a longest common subsequence of the two orders, so a single move is one change.
    ///
    /// Laws (tested): `a.diff(to: a)` is empty; `a.applying(a.diff(to: b)) == b`.
    public func diff(to newer: SchemaSnapshot) -> [SchemaChange] {
        // The usual case of a refresh: nothing changed (no need to compare column orders).
        if self == newer { return [] }
        var changes: [SchemaChange] = []
        let old = Dictionary(tables.map { (Identifier.fold($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(newer.tables.map { (Identifier.fold($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        for table in tables where new[Identifier.fold(table.name)] == nil {
            changes.append(SchemaChange(.tableRemoved, table: table.name))
        }
        for table in newer.tables {
            guard let before = old[Identifier.fold(table.name)] else {
                changes.append(SchemaChange(.tableAdded, table: table.name))
                for (index, column) in table.columns.enumerated() {
                    changes.append(SchemaChange(.columnAdded, table: table.name, column: column, position: index + 1))
                }
                continue
            }
            changes += Self.columnChanges(from: before.columns, to: table.columns, table: table.name)
        }
        return changes
    }

    static func columnChanges(from old: [String], to new: [String], table: String) -> [SchemaChange] {
        if old == new { return [] }
        let newSet = Set(new)
        let oldSet = Set(old)
        let keptOld = old.filter(newSet.contains)
        let keptNew = new.filter(oldSet.contains)
        let stable = Set(longestCommonSubsequence(keptOld, keptNew))
        var removed: [SchemaChange] = []
        var others: [SchemaChange] = []
        for (index, column) in old.enumerated() where !newSet.contains(column) {
            removed.append(SchemaChange(.columnRemoved, table: table, column: column, position: index + 1))
        }
        // A removed column whose name comes back in other letter case is one case change.
        var respelt: [String: [Int]] = [:]
        for (index, change) in removed.enumerated() {
            if let column = change.column { respelt[Identifier.fold(column), default: []].append(index) }
        }
        var caseChanged: Set<Int> = []
        var added: [Int: String] = [:]
        for (index, column) in new.enumerated() {
            if !oldSet.contains(column) {
                if let r = respelt[Identifier.fold(column)]?.first {
                    respelt[Identifier.fold(column)]?.removeFirst()
                    caseChanged.insert(r)
                    let from = removed[r].position
                    others.append(
                        SchemaChange(
                            .columnCaseChanged, table: table, column: removed[r].column, position: index + 1,
                            fromPosition: from == index + 1 ? nil : from, renamedTo: column))
                    continue
                }
                others.append(SchemaChange(.columnAdded, table: table, column: column, position: index + 1))
                added[index + 1] = column
            } else if !stable.contains(column) {
                others.append(
                    SchemaChange(
                        .columnMoved, table: table, column: column, position: index + 1,
                        fromPosition: old.firstIndex(of: column).map { $0 + 1 }))
            }
        }
        removed = removed.enumerated().filter { !caseChanged.contains($0.offset) }.map(\.element)
        // Rename hint: a column removed where another was added at the same position.
        for index in removed.indices {
            if let position = removed[index].position, let candidate = added[position] {
                removed[index].renamedTo = candidate
            } else if removed.count == 1, added.count == 1 {
                removed[index].renamedTo = added.values.first
            }
        }
        return removed + others
    }

    /// A longest common subsequence of two sequences of distinct names.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        // A common prefix and suffix belong to every longest common subsequence: only the middle
        // needs the quadratic table (a header of 2,000 columns with one change is a small middle).
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        if prefix > 0 || suffix > 0 {
            return Array(a[..<prefix]) + longestCommonSubsequence(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
                + Array(a[(a.count - suffix)...])
        }
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// `self` with `changes` (from ``diff(to:)``) applied.
    public func applying(_ changes: [SchemaChange]) -> SchemaSnapshot {
        var byName = Dictionary(tables.map { (Identifier.fold($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        let grouped = Dictionary(grouping: changes, by: { Identifier.fold($0.table) })
        for (key, tableChanges) in grouped {
            if tableChanges.contains(where: { $0.change == .tableRemoved }) {
                byName[key] = nil
                continue
            }
            let name = tableChanges.first(where: { $0.change == .tableAdded })?.table ?? byName[key]?.name ?? tableChanges[0].table
            let old = byName[key]?.columns ?? []
            // A case change removes the older spelling and places the newer one.
            let respelt = tableChanges.filter { $0.change == .columnCaseChanged }
            let removed = Set(tableChanges.filter { $0.change == .columnRemoved }.compactMap(\.column) + respelt.compactMap(\.column))
            var placed: [Int: String] = [:]
            for change in tableChanges where change.change == .columnAdded || change.change == .columnMoved {
                if let column = change.column, let position = change.position { placed[position] = column }
            }
            for change in respelt {
                if let column = change.renamedTo, let position = change.position { placed[position] = column }
            }
            let movedNames = Set(tableChanges.filter { $0.change == .columnMoved }.compactMap(\.column))
            var stable = old.filter { !removed.contains($0) && !movedNames.contains($0) }.makeIterator()
            let count = old.count - removed.count + tableChanges.filter { $0.change == .columnAdded }.count + respelt.count
            var columns: [String] = []
            for position in 1...max(count, 1) where position <= count {
                if let column = placed[position] { columns.append(column) } else if let next = stable.next() { columns.append(next) }
            }
            byName[key] = TableSchema(name: name, columns: columns)
        }
        return SchemaSnapshot(tables: Array(byName.values))
    }
}
