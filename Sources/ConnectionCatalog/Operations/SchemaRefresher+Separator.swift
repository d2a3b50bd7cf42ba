extension SchemaRefresher {
    /// Separators export files commonly use, in the order a tie is decided: `,`, `;`, tab, `|`.
    static let commonSeparators: [Character] = [",", ";", "\t", "|"]

    /// The common separator (``commonSeparators``) other than `configured` that occurs most
    /// often in `cell`, the single header cell that `configured` read; `nil` when none occurs.
    static func likelySeparator(in cell: String, besides configured: Character) -> Character? {
        var best: (separator: Character, count: Int)?
        for candidate in commonSeparators where candidate != configured {
            let count = cell.reduce(0) { $1 == candidate ? $0 + 1 : $0 }
            if count > 0, count > (best?.count ?? 0) { best = (candidate, count) }
        }
        return best?.separator
    }

    /// The warning on an export file whose header the connection's `Separator` (`configured`)
    /// reads as a single column while the file seems to use `seen`: what was read, and what to
    /// do (make the setting and the export agree). `readWith` is the separator the header was
    /// finally read with, `nil` when it was kept as one column. Holds no header text (a header
    /// cell may hold a credential) and no control character (a tab is written `tab`).
    static func separatorWarning(configured: Character, seen: Character, readWith: Character?) -> String {
        let read = readWith.map { "read with \(shown($0))" } ?? "recorded as one column"
        return "the connection's Separator \(shown(configured)) reads the header as one column, but the file seems to use \(shown(seen)): "
            + "\(read); fix the connection's Separator setting (appsettings.agent.json) or the export, so that they agree"
    }

    /// `';'`, or `tab`.
    private static func shown(_ separator: Character) -> String {
        separator == "\t" ? "tab" : "'\(separator)'"
    }
}
