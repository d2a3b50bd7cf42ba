import Foundation
import Testing
@testable import ConnectionCatalog

/// The scanner reads modification times with lstat(2) and formats them by arithmetic; they must
/// read as `ISO8601DateFormatter` wrote them from URL resource values, to the second.
@Suite struct ExportOutputScannerTimeTests {
    @Test func modificationTimesReadAsISO8601DateFormatterWritesThem() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var rng = SystemRandomNumberGenerator()
        var samples: [(Int64, Int64)] = [(0, 0), (1_700_000_000, 999_500_000), (1_700_000_000, 999_499_999),
                                         (1_795_985_940, 999_968_083), (1_795_985_940, 999_398_529), (951_782_400, 0),
                                         (4_102_444_799, 999_999_999)]
        for _ in 0..<2000 {
            samples.append((Int64.random(in: 0...4_000_000_000, using: &rng), Int64.random(in: 0..<1_000_000_000, using: &rng)))
        }
        for (seconds, nanoseconds) in samples {
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
            let shown = ExportOutputScanner.displayedSeconds(seconds: seconds, nanoseconds: nanoseconds)
            #expect(ExportOutputScanner.formatModificationTime(shown) == formatter.string(from: date), "\(seconds).\(nanoseconds)")
        }
    }
}
