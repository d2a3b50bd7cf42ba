import Foundation

/// One attribute of a configuration element, exactly as written (after XML unescaping).
public struct XMLAttribute: Sendable, Equatable, Hashable, Codable {
    /// Local name, case-sensitive as XML is (`DisplayName_L1`).
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The attributes of an element in document order, with look-up by name.
public struct XMLAttributes: Sendable, Equatable, Hashable, Codable, ExpressibleByDictionaryLiteral {
    public var items: [XMLAttribute]

    public init(_ items: [XMLAttribute] = []) { self.items = items }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.items = elements.map { XMLAttribute(name: $0.0, value: $0.1) }
    }

    /// The value of the attribute named exactly `name`, or `nil` when absent.
    public subscript(_ name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// `true`/`True`/`1` are true; anything else, or absence, is `false` (XML booleans as the
    /// documentation's examples write them).
    public func bool(_ name: String) -> Bool {
        guard var raw = self[name] else { return false }
        // ASCII values (all but pathological ones): trim spaces and tabs, the only ASCII members
        // of `.whitespaces`, and compare without Foundation.
        if let ascii = raw.withUTF8({ utf8 -> Bool? in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            var trimmed = utf8[...]
            while let b = trimmed.first, b == 0x20 || b == 0x09 { trimmed = trimmed.dropFirst() }
            while let b = trimmed.last, b == 0x20 || b == 0x09 { trimmed = trimmed.dropLast() }
            if trimmed.elementsEqual("1".utf8) { return true }
            return trimmed.count == 4 && zip(trimmed, "true".utf8).allSatisfy { $0 | 0x20 == $1 }
        }) {
            return ascii
        }
        let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        return value == "true" || value == "1"
    }

    /// The localised display name for language 1 (`DisplayName_L1`), falling back to `DisplayName`.
    public var displayName: String? { self["DisplayName_L1"] ?? self["DisplayName"] }
}
