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
    ])
    func parsesISO8601IntoUTC(_ input: String, _ expected: String) {
        #expect(Timestamp.parse(input) == expected)
    }

    @Test(arguments: ["yesterday", "2026-13-01", "2026-02-30", "2026-11-29T25:00", "29/11/2026", ""])
    func rejectsWhatIsNotATime(_ input: String) {
        #expect(Timestamp.parse(input) == nil)
    }
}
