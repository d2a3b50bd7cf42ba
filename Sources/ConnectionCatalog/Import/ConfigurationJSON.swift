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

    /// This value with every key that holds `:` split into nested objects, the way .NET
    /// configuration reads it: `"SnowTicket:Options": {...}` under `Connections` is
    /// `Connections:SnowTicket:Options`, exactly as `"SnowTicket": {"Options": {...}}`. Objects
    /// reached by two spellings are merged (keys compared case-insensitively), the later value of
    /// a key winning, as the configuration's flat key/value store does. Values without such keys
    /// are returned unchanged.
    ///
    /// Source: Microsoft.Extensions.Configuration (a configuration key is a `:`-separated path;
    /// the JSON provider joins nested keys with `:`), as the agent settings page writes keys
    /// (`docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/appsettings-agent/index.md`).
    func expandingKeyPaths() -> ConfigurationJSON {
        switch self {
        case .object(let members):
            guard members.contains(where: { $0.key.utf8.contains(0x3A) || $0.value.isContainer }) else { return self }
            var result: [Member] = []
            result.reserveCapacity(members.count)
            var index: [String: Int] = [:]
            for member in members {
                var value = member.value.expandingKeyPaths()
                let parts = member.key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                for part in parts.dropFirst().reversed() {
                    value = .object([Member(key: part, value: value, position: member.position)])
                }
                Self.merge(Member(key: parts[0], value: value, position: member.position), into: &result, index: &index)
            }
            return .object(result)
        case .array(let elements):
            return .array(elements.map { $0.expandingKeyPaths() })
        case .string, .number, .bool, .null:
            return self
        }
    }

    private var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    private var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }

    /// Adds `member` to `members`, merging it into a member of the same key (case-insensitive).
    private static func merge(_ member: Member, into members: inout [Member], index: inout [String: Int]) {
        let folded = member.key.lowercased()
        guard let existing = index[folded] else {
            index[folded] = members.count
            members.append(member)
            return
        }
        // An array is an object keyed by index (`Servers:0`) once merged with an object.
        func asObject(_ value: ConfigurationJSON, _ position: TextPosition) -> [Member]? {
            switch value {
            case .object(let members): members
            case .array(let elements): elements.enumerated().map { Member(key: String($0.offset), value: $0.element, position: position) }
            default: nil
            }
        }
        if members[existing].value.isContainer, member.value.isContainer, members[existing].value.isObject || member.value.isObject,
            var inner = asObject(members[existing].value, members[existing].position), let added = asObject(member.value, member.position)
        {
            var innerIndex: [String: Int] = [:]
            for (i, m) in inner.enumerated() { innerIndex[m.key.lowercased()] = i }
            for m in added { merge(m, into: &inner, index: &innerIndex) }
            members[existing].value = .object(inner)
        } else {
            members[existing].value = member.value
            members[existing].position = member.position
        }
    }
}
