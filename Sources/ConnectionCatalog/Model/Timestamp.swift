import Foundation

/// A point in time to the second, in UTC: what the catalog records and what its queries take.
///
/// A `Timestamp` is Unix seconds (``secondsSince1970``). Its text form, used in every result, view
/// and JSON document, is ISO 8601 in UTC with second precision (`2026-11-29T19:34:51Z`, see
/// ``iso8601``), which sorts chronologically as text.
///
/// What the catalog file stores, table by table: the import tables hold the text form
/// (`import_run.imported_at`); the history tables hold Unix seconds as integers
/// (`refresh_attempt.at`, `refresh_file.modified_at`, `export_scan.at`), which keeps a long history
/// small. Every view shows the text form (`strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch')`).
///
/// Times a person types are read by ``init(parsing:dateOnly:)``: ISO 8601 with an optional UTC
/// offset, and a date alone read by a ``DateOnlyRule``.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z (Unix time, leap seconds not counted).
    public var secondsSince1970: Int64

    /// The time `secondsSince1970` Unix seconds after 1970-01-01T00:00:00Z.
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    /// `date` truncated to the whole second before it.
    public init(_ date: Date) { secondsSince1970 = Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// The current time, to the second.
    public static var now: Timestamp { Timestamp(Date()) }

    /// The same time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// ISO 8601 in UTC to the second: `2026-11-29T19:34:51Z`.
    public var iso8601: String { Self.format(seconds: secondsSince1970) }

    /// ``iso8601``.
    public var description: String { iso8601 }

    /// The time `seconds` later (earlier when negative).
    public func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSince1970: secondsSince1970 + seconds) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// How a date given without a time of day (`2026-11-29`) is read.
    public enum DateOnlyRule: Sendable {
        /// Its first second, 00:00:00 UTC: "from then on", "when it happened".
        case startOfDay
        /// Its last second, 23:59:59 UTC: "as it was on that day", an inclusive upper bound.
        case endOfDay
    }

    /// Reads a time a person typed: `2026-11-29`, `2026-11-29T10:00`, `2026-11-29T10:00:00`,
    /// `2026-11-29 10:00:00`, with optional fractional seconds (dropped) and a `Z` or `±hh:mm` /
    /// `±hhmm` offset (none means UTC; offsets up to ±18:00, as ISO 8601 and Foundation allow).
    /// Surrounding spaces are ignored. A date alone is read by `dateOnly`.
    ///
    /// Returns `nil` when `text` is not such a time (`yesterday`, `2026-02-30`, `+19:00`).
    public init?(parsing text: String, dateOnly: DateOnlyRule = .startOfDay) {
        guard let canonical = Self.parse(text), let seconds = Self.seconds(canonical) else { return nil }
        let isDateOnly = text.trimmingCharacters(in: .whitespaces).count == 10
        secondsSince1970 = isDateOnly && dateOnly == .endOfDay ? seconds + 86_399 : seconds
    }

    /// Reads a time in the catalog's text form (``iso8601``) or any form ``init(parsing:dateOnly:)``
    /// accepts (a date alone is its first second).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = Timestamp(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time")
        }
        self = time
    }

    /// Writes ``iso8601``.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    /// `date` in the catalog's text form.
    static func format(_ date: Date) -> String {
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

    /// The catalog's text form of a time ``init(parsing:dateOnly:)`` reads (a date alone is its
    /// first second), or `nil` when `text` is not such a time.
    static func parse(_ text: String) -> String? {
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
