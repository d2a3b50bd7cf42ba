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
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // fixed seed: the same samples on every run
        func next(_ bound: UInt64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 11) % bound)
        }
        var samples: [(Int64, Int64)] = [
            (0, 0), (1_700_000_000, 999_500_000), (1_700_000_000, 999_499_999),
            (1_795_985_940, 999_968_083), (1_795_985_940, 999_398_529), (951_782_400, 0),
            (4_102_444_799, 999_999_999),
        ]
        for _ in 0..<2000 {
            samples.append((next(4_000_000_001), next(1_000_000_000)))
        }
        for (seconds, nanoseconds) in samples {
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
            let shown = ExportOutputScanner.displayedSeconds(seconds: seconds, nanoseconds: nanoseconds)
            #expect(ExportOutputScanner.formatModificationTime(shown) == formatter.string(from: date), "\(seconds).\(nanoseconds)")
        }
    }
}
