import Foundation
import Testing

@testable import ConnectionCatalog

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-29", "2026-11-29T00:00:00Z"),
        ("2026-11-29T10:15", "2026-11-29T10:15:00Z"),
        ("2026-11-29T10:15:30Z", "2026-11-29T10:15:30Z"),
        ("2026-11-29 10:15:30.250", "2026-11-29T10:15:30Z"),
        ("2026-11-29T10:15:30+01:00", "2026-11-29T09:15:30Z"),
        ("2026-11-29T00:30:00-0130", "2026-11-29T02:00:00Z"),
        ("  2026-11-29T10:15:30Z ", "2026-11-29T10:15:30Z"),
        ("2026-01-01T00:00:00+18:00", "2025-12-31T06:00:00Z"),
        ("2026-01-01T00:00:00-18:00", "2026-01-01T18:00:00Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
    ])
    func parsesISO8601IntoUTC(_ input: String, _ expected: String) {
        #expect(Timestamp(parsing: input)?.iso8601 == expected)
    }

    @Test(arguments: [
        "yesterday", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-29T25:00", "29/11/2026", "",
        "2026-01-01T00:00:00+18:01", "2026-01-01T00:00:00-19:00", "2026-01-01T00:00+1900", "2026-01-01T00:00:00+99:00",
        "2026-01-01T00:00:00+02:60", "2026-11-29T10:15:30\u{1B}[31m", "2026-11-29T10:15:30ZZ",
    ])
    func rejectsWhatIsNotATime(_ input: String) {
        #expect(Timestamp(parsing: input) == nil)
        #expect(Timestamp(parsing: input, dateOnly: .endOfDay) == nil)
    }

    /// A date alone is its first second, or its last one as an inclusive upper bound; a date
    /// with a time of day, even midnight, is that time under either rule.
    @Test func aDateAloneIsItsFirstOrLastSecond() {
        #expect(Timestamp(parsing: "2026-11-29")?.iso8601 == "2026-11-29T00:00:00Z")
        #expect(Timestamp(parsing: "2026-11-29", dateOnly: .startOfDay)?.iso8601 == "2026-11-29T00:00:00Z")
        #expect(Timestamp(parsing: "2026-11-29", dateOnly: .endOfDay)?.iso8601 == "2026-11-29T23:59:59Z")
        #expect(Timestamp(parsing: " 2024-12-31 ", dateOnly: .endOfDay)?.iso8601 == "2024-12-31T23:59:59Z")
        #expect(Timestamp(parsing: "2026-11-29T00:00", dateOnly: .endOfDay)?.iso8601 == "2026-11-29T00:00:00Z")
        #expect(Timestamp(parsing: "2026-11-29T00:00:00Z", dateOnly: .endOfDay)?.iso8601 == "2026-11-29T00:00:00Z")
    }

    @Test func comparesByTimeNotByText() throws {
        let plusOne = try #require(Timestamp(parsing: "2026-11-29T10:00:00+01:00"))
        let utc = try #require(Timestamp(parsing: "2026-11-29T09:30:00Z"))
        #expect(plusOne < utc)
        #expect(Timestamp(parsing: "2026-11-29T10:00:00+01:00") == Timestamp(parsing: "2026-11-29T09:00:00Z"))
        #expect(plusOne.adding(seconds: 1800) == utc)
        #expect([utc, plusOne].max() == utc)
    }

    @Test func unixSecondsAndTextAgree() {
        let time = Timestamp(secondsSince1970: 1_790_000_000)
        #expect(time.iso8601 == "2026-09-21T14:13:20Z")
        #expect(time.description == time.iso8601)
        #expect(Timestamp(parsing: time.iso8601) == time)
        #expect(Timestamp(time.date) == time)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_790_000_000.9)) == time)
        #expect(Timestamp(secondsSince1970: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(secondsSince1970: -1).iso8601 == "1969-12-31T23:59:59Z")
    }

    /// In JSON a time is its text form, as in every result and view.
    @Test func encodesAsItsTextForm() throws {
        let time = Timestamp(secondsSince1970: 1_790_000_000)
        let data = try JSONEncoder().encode([time])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-09-21T14:13:20Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [time])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp].self, from: Data(#"["soon"]"#.utf8)) }
    }
}
