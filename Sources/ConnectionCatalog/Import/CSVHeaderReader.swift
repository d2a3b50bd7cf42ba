import Foundation

/// The header record of an export file.
public struct CSVHeader: Sendable, Equatable {
    public var columns: [String]
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`.
    public var encoding: String
    public var separator: Character
}

/// Reads only the first record of a CSV file.
public enum CSVHeaderReader {
    public static func read(url: URL, separator: Character? = nil, encoding: String? = nil) throws -> CSVHeader {
        fatalError("TODO")
    }
}
