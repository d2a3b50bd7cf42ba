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
        guard let value = self[name]?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return value == "true" || value == "1"
    }

    /// The localised display name for language 1 (`DisplayName_L1`), falling back to `DisplayName`.
    public var displayName: String? { self["DisplayName_L1"] ?? self["DisplayName"] }
}

import Foundation
