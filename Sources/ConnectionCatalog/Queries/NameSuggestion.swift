/// Where a suggested table or column name comes from.
public enum SuggestionReason: String, Sendable, Equatable, Hashable, Codable {
    /// The schema history shows the name removed and another added at its place by the same
    /// refresh (the diff's `renamed_to`), and that name is in the schema in force.
    case renamed
    /// The nearest name of the same table (columns) or connection (tables): the same but for
    /// case, surrounding spaces or a `.csv` suffix, else a small edit distance.
    case similarName = "similar_name"
}

/// A name to write instead of one that the schema in force does not have.
public struct NameSuggestion: Sendable, Equatable, Hashable, Codable {
    /// The name as the schema in force spells it.
    public var name: String
    public var reason: SuggestionReason

    /// A suggestion of `name` for `reason`.
    public init(_ name: String, reason: SuggestionReason) {
        self.name = name
        self.reason = reason
    }

    /// The candidate nearest to `written`, or `nil` when none is near.
    ///
    /// Names are compared by their key: without surrounding white space and one trailing `.csv`,
    /// lower-cased. A candidate with the same key wins; otherwise the candidate with the smallest
    /// edit distance (insertions, deletions, substitutions and swaps of two neighbouring
    /// characters each count 1) within the allowance for the written name's length: 1 up to 7
    /// characters, 2 up to 11, then 3. Ties go to the earlier candidate (header order).
    /// `emial` finds `email`; `employee_number` finds nothing among `employee_no` and `email`.
    public static func nearest(to written: String, among candidates: [String]) -> String? {
        let key = Self.key(written)
        guard !key.isEmpty else { return nil }
        let keys = candidates.map(Self.key)
        if let index = keys.firstIndex(of: key) { return candidates[index] }
        let allowance = key.count <= 7 ? 1 : key.count <= 11 ? 2 : 3
        var best: (index: Int, distance: Int)?
        let target = Array(key.unicodeScalars)
        for (index, candidate) in keys.enumerated() where !candidate.isEmpty {
            let distance = editDistance(target, Array(candidate.unicodeScalars), limit: allowance)
            if distance <= allowance, distance < (best?.distance ?? Int.max) { best = (index, distance) }
        }
        return best.map { candidates[$0.index] }
    }

    /// `name` trimmed, without one trailing `.csv`, lower-cased.
    static func key(_ name: String) -> String {
        TableName.key(name).lowercased()
    }

    /// The optimal string alignment distance of `a` and `b`, or `limit + 1` when their lengths
    /// alone differ by more than `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
