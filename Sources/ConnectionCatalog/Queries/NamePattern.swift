/// A glob pattern over names, compared case-insensitively: `*` is any run of characters
/// (none included), `?` one character, `[abc]` or `[a-z]` one of a set (`[!abc]` or `[^abc]`
/// one outside it); any other character stands for itself. `employee_*` matches
/// `Employee_Number`; a pattern without wildcards matches only the name itself (in any case).
public struct NamePattern: Sendable, Equatable {
    /// The pattern as given.
    public let text: String
    private let tokens: [Token]

    private enum Token: Sendable, Equatable {
        case literal(Character)
        case any
        case anyRun
        case set([ClosedRange<Character>], negated: Bool)
    }

    /// Parses `text`. A `[` without its `]` stands for itself.
    public init(_ text: String) {
        self.text = text
        let characters = Array(text.lowercased())
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                tokens.append(.any)
            case "[":
                if let (set, end) = Self.set(characters, from: index) {
                    tokens.append(set)
                    index = end
                } else {
                    tokens.append(.literal(character))
                }
            default:
                tokens.append(.literal(character))
            }
            index += 1
        }
        self.tokens = tokens
    }

    /// The set starting at `characters[start]` (a `[`) and the index of its `]`.
    private static func set(_ characters: [Character], from start: Int) -> (Token, Int)? {
        var index = start + 1
        var negated = false
        if index < characters.count, characters[index] == "!" || characters[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while index < characters.count {
            let character = characters[index]
            if character == "]", !first { return (.set(ranges, negated: negated), index) }
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]",
                character <= characters[index + 2]
            {
                ranges.append(character...characters[index + 2])
                index += 3
            } else {
                ranges.append(character...character)
                index += 1
            }
            first = false
        }
        return nil
    }

    /// `true` when `name` matches the whole pattern, ignoring case.
    public func matches(_ name: String) -> Bool {
        let characters = Array(name.lowercased())
        // Greedy matching with one backtrack point (the latest `*`): linear in practice.
        var t = 0
        var c = 0
        var star: (token: Int, character: Int)?
        while c < characters.count {
            if t < tokens.count {
                switch tokens[t] {
                case .anyRun:
                    star = (t, c)
                    t += 1
                    continue
                case .any:
                    t += 1
                    c += 1
                    continue
                case .literal(let expected) where expected == characters[c]:
                    t += 1
                    c += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains(where: { $0.contains(characters[c]) }) != negated:
                    t += 1
                    c += 1
                    continue
                default:
                    break
                }
            }
            guard let last = star else { return false }
            star = (last.token, last.character + 1)
            t = last.token + 1
            c = last.character + 1
        }
        while t < tokens.count, tokens[t] == .anyRun { t += 1 }
        return t == tokens.count
    }
}
