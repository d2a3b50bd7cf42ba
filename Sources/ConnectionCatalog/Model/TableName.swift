import Foundation

/// How ConnectionTable values written in mappings are compared with export file names.
///
/// The documentation's own examples write `ConnectionTable="LDAPExport_entries.csv"` and differ in
/// case from the file names (`LDAPExport_Entries`); the product matches the file name without
/// `.csv` (`docs/identitymanager/6.1/integration-guide/connectors/configuration-details/connections/index.md`).
public enum TableName {
    /// `value` without surrounding white space and without one trailing `.csv` (any case).
    /// Compare keys case-insensitively.
    public static func key(_ value: String) -> String {
        // Most values are ASCII without surrounding blanks: no Foundation trimming for them.
        let utf8 = value.utf8
        let plain =
            utf8.allSatisfy { $0 < 0x80 } && utf8.first.map { $0 != 0x20 && $0 != 0x09 } ?? true
            && utf8.last.map { $0 != 0x20 && $0 != 0x09 } ?? true
        let trimmed = plain ? value : value.trimmingCharacters(in: .whitespaces)
        if trimmed.count > 4, trimmed.lowercased().hasSuffix(".csv") {
            return String(trimmed.dropLast(4))
        }
        return trimmed
    }

    /// `true` for the incremental command column (`command`, `Command`...), which is technical:
    /// it carries the change kind, not data to map.
    public static func isCommandColumn(_ column: String) -> Bool {
        CaseInsensitive.equal(column, "command")
    }
}
