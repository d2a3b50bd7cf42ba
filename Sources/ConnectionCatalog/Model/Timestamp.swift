import Foundation

/// Times in the catalog: ISO 8601 in UTC with second precision (`2026-11-29T19:34:51Z`), which
/// sorts chronologically as text.
public enum Timestamp {
    /// The current time.
    public static func now() -> String { format(Date()) }

    /// `date` in the catalog's form.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Unix seconds of a time in the catalog's form, or `nil` when `text` is not in that form.
    public static func seconds(_ text: String) -> Int64? {
        // Times read from the catalog or recorded by conncat are already canonical: checking the
        // form here spares `parse` (a regular expression and a calendar) on every recorded row.
        let u: [UInt8]
        if let fields = canonicalFields(text) {
            u = fields
        } else {
            guard let canonical = parse(text) else { return nil }
            u = Array(canonical.utf8)
        }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let (y, m, d) = (number(0..<4), number(5..<7), number(8..<10))
        // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days) * 86_400 + Int64(number(11..<13) * 3600 + number(14..<16) * 60 + number(17..<19))
    }

    /// The UTF-8 of `text` when it is already in the catalog's form and a valid time
    /// (`parse(text) == text`), else `nil`.
    static func canonicalFields(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count == 20, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), u[10] == UInt8(ascii: "T"),
            u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"), u[19] == UInt8(ascii: "Z")
        else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !(48...57).contains(u[i]) { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let (y, m, d) = (number(0..<4), number(5..<7), number(8..<10))
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        // From 1600 on, where Foundation's Gregorian calendar (Julian before 1582) agrees with the arithmetic.
        guard y >= 1600, (1...12).contains(m), (1...days[m - 1]).contains(d), number(11..<13) <= 23,
            number(14..<16) <= 59, number(17..<19) <= 59
        else { return nil }
        return u
    }

    /// The catalog's form of Unix `seconds`.
    public static func format(seconds: Int64) -> String {
        civilFormat(seconds: seconds) ?? format(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// ``format(seconds:)`` by arithmetic (Howard Hinnant's civil-from-days), for years 1600-9999
    /// where it equals the calendar's answer; `nil` outside them.
    static func civilFormat(seconds: Int64) -> String? {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        guard (1600...9999).contains(y) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(y, 4)
        out.append(UInt8(ascii: "-"))
        digits(m, 2)
        out.append(UInt8(ascii: "-"))
        digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a user-given time: `2026-11-29`, `2026-11-29T10:00`, `2026-11-29T10:00:00`,
    /// `2026-11-29 10:00:00`, with optional fractional seconds and `Z` or `±hh:mm` offset
    /// (no offset means UTC; offsets up to ±18:00). Returns the catalog's form, or `nil` when `text`
    /// is not such a time.
    public static func parse(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed))
        else { return nil }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: trimmed) else { return nil }
            return String(trimmed[range])
        }
        var components = DateComponents()
        components.year = Int(group(1)!)
        components.month = Int(group(2)!)
        components.day = Int(group(3)!)
        components.hour = group(4).flatMap { Int($0) } ?? 0
        components.minute = group(5).flatMap { Int($0) } ?? 0
        components.second = group(6).flatMap { Int($0) } ?? 0
        var offsetSeconds = 0
        if let zone = group(7), zone != "Z" {
            let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
            // ISO 8601 and Foundation allow offsets up to ±18:00.
            guard let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)), minutes <= 59,
                hours * 60 + minutes <= 18 * 60
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        calendar.timeZone = zone
        guard (1...12).contains(components.month!), (1...31).contains(components.day!),
            (0...23).contains(components.hour!), (0...59).contains(components.minute!), (0...59).contains(components.second!),
            let date = calendar.date(from: components),
            calendar.component(.day, from: date) == components.day  // rejects 2026-02-30
        else { return nil }
        return format(date)
    }
}
