/// A 1-based line and column in a text file; columns count Unicode scalars.
struct TextPosition: Sendable, Equatable {
    var line: Int
    var column: Int
}

/// A JSON value read from a .NET configuration file (`appsettings*.json`).
///
/// Unlike a `[String: Any]`, it keeps object members in file order with the position of each
/// key, and numbers as written (`5000`, `1.5e3`), which is what .NET configuration stores.
/// Internal to the import: it may hold secret values, which the readers must not let out.
indirect enum ConfigurationJSON: Sendable, Equatable {
    case object([Member])
    case array([ConfigurationJSON])
    case string(String)
    /// The number's text exactly as written in the file.
    case number(String)
    case bool(Bool)
    case null

    /// One `"key": value` of an object.
    struct Member: Sendable, Equatable {
        var key: String
        var value: ConfigurationJSON
        /// Where the key's opening quote is.
        var position: TextPosition
    }

    /// The member whose key equals `key` case-insensitively, as .NET configuration matches keys.
    func member(_ key: String) -> Member? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }
    }

    /// The text .NET configuration keeps for a scalar (`true`, `5000`, the string itself);
    /// `nil` for `null`, objects and arrays.
    var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let value): value ? "true" : "false"
        case .null, .object, .array: nil
        }
    }

    /// One leaf of a flattened value: its path below the flattened value and its scalar.
    struct Leaf: Sendable, Equatable {
        /// Keys and array indexes (`["Servers", "0", "Server"]`).
        var path: [String]
        /// A `.string`, `.number`, `.bool` or `.null` value.
        var value: ConfigurationJSON
        /// Where the key of the innermost member holding the leaf is (for an array element, the
        /// key of the array); `nil` when no member encloses it.
        var position: TextPosition? = nil
    }

    /// The leaves of this value in file order, the way .NET configuration flattens a section:
    /// object keys and array indexes become path segments (`Servers:0:Server`). Empty objects
    /// and arrays produce no leaf.
    /// - Parameter position: the position given to leaves that no member of this value encloses.
    func leaves(position: TextPosition? = nil) -> [Leaf] {
        var result: [Leaf] = []
        collectLeaves(prefix: [], position: position, into: &result)
        return result
    }

    private func collectLeaves(prefix: [String], position: TextPosition?, into result: inout [Leaf]) {
        switch self {
        case .object(let members):
            for member in members {
                member.value.collectLeaves(prefix: prefix + [member.key], position: member.position, into: &result)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                element.collectLeaves(prefix: prefix + [String(index)], position: position, into: &result)
            }
        case .string, .number, .bool, .null:
            result.append(Leaf(path: prefix, value: self, position: position))
        }
    }
}
