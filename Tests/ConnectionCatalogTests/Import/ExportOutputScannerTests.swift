import Foundation
import Testing

@testable import ConnectionCatalog

@Suite struct ExportOutputScannerTests {
    let folder: ReaderTestFolder

    init() throws { folder = try ReaderTestFolder() }

    /// Creates files named `names` (content: the name itself) and scans the folder.
    private func scan(_ names: [String], connections: [String]) throws -> ExportOutputScan {
        for name in names { try folder.write(name, name) }
        return try ExportOutputScanner.scan(folder: folder.url, connections: connections)
    }

    private func fileNames(_ scan: ExportOutputScan) -> [String: [String]] {
        scan.filesByConnection.mapValues { $0.map(\.fileName) }
    }

    /// A folder holds an export file when the scan would read one, whichever connection it
    /// belongs to: not for other files, prepare-synchronization outputs, hidden files or folders.
    @Test func holdsExportFileOnlyForAFileTheScanReads() throws {
        #expect(try ExportOutputScanner.holdsExportFile(folder: folder.url) == false)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("AD_sub.csv"), withIntermediateDirectories: false)
        for name in ["AD_cookie.bin", "AD_entries.sorted.csv", "AD.duplicates.csv", ".AD_hidden.csv", "readme.txt", "AD_sub.csv/AD_entries.csv"] {
            try folder.write(name, name)
        }
        #expect(try ExportOutputScanner.holdsExportFile(folder: folder.url) == false)
        try folder.write("Nobody_table.CSV", "a,b\n")
        #expect(try ExportOutputScanner.holdsExportFile(folder: folder.url) == true)
        let missing = folder.url.appendingPathComponent("absent")
        #expect(throws: InputError.self) { try ExportOutputScanner.holdsExportFile(folder: missing) }
    }

    @Test func attributesFilesToTheLongestMatchingIdentifier() throws {
        let result = try scan(
            [
                "Snow_sys_user.csv", "SnowCmdb_sys_user_grmember.csv", "SnowCmdb_sys_user.csv",
                "ADExport.csv", "ADExport_entries.csv", "ADExportOld_entries.csv", "adexport_MEMBER.CSV",
                "Legacy.HRFeed.csv", "Legacy_x.csv", "Snowy.csv",
            ], connections: ["Snow", "SnowCmdb", "ADExport", "Legacy.HRFeed", "Legacy", "Unused"])
        #expect(
            fileNames(result) == [
                "Snow": ["Snow_sys_user.csv"],
                "SnowCmdb": ["SnowCmdb_sys_user.csv", "SnowCmdb_sys_user_grmember.csv"],
                "ADExport": ["ADExport.csv", "ADExport_entries.csv", "adexport_MEMBER.CSV"],
                "Legacy.HRFeed": ["Legacy.HRFeed.csv"],
                "Legacy": ["Legacy_x.csv"],
                "Unused": [],
            ])
        #expect(result.unattributed == ["ADExportOld_entries.csv", "Snowy.csv"])
        #expect(result.filesByConnection["ADExport"]?.map(\.tableName) == ["ADExport", "ADExport_entries", "adexport_MEMBER"])
        #expect(result.filesByConnection["Legacy.HRFeed"]?.first?.tableName == "Legacy.HRFeed")
    }

    @Test func matchesIdentifiersCaseInsensitivelyAndKeepsTheGivenSpelling() throws {
        let result = try scan(["HRFEED.csv", "hrfeed_Extra.CSV", "Other.csv"], connections: ["HrFeed", "HRFEED"])
        #expect(fileNames(result) == ["HrFeed": ["HRFEED.csv", "hrfeed_Extra.CSV"], "HRFEED": []])
        #expect(result.unattributed == ["Other.csv"])
    }

    @Test func requiresDotCSVOrUnderscoreRightAfterTheIdentifier() throws {
        let result = try scan(["Crm.csv", "Crm-old.csv", "Crm.backup.csv", "Crm_.csv", "CrmX.csv"], connections: ["Crm"])
        #expect(fileNames(result) == ["Crm": ["Crm.csv", "Crm_.csv"]])
        #expect(result.unattributed == ["Crm-old.csv", "Crm.backup.csv", "CrmX.csv"])
    }

    @Test func ignoresOtherFilesPrepareSynchronizationOutputsAndFolders() throws {
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("AD_sub.csv"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("previous"), withIntermediateDirectories: false)
        try folder.write("previous/AD_entries.csv", "nested")
        let result = try scan(
            [
                "AD_entries.csv", "AD_cookie.bin", "AD_entries.sorted.csv", "AD_entries.SORTED.CSV",
                "AD_entries.duplicates.csv", "AD_entries.nullpk.csv", "AD_entries.sorted.delta", "AD.csv.bak",
                "AD_readme.txt", ".csv", ".AD_hidden.csv", "Stray.sorted.csv",
            ], connections: ["AD"])
        #expect(fileNames(result) == ["AD": ["AD_entries.csv"]])
        #expect(result.unattributed == [])
    }

    @Test func reportsSizeAndModificationTimeInUTC() throws {
        let url = try folder.write("AD_entries.csv", "Command,dn\n")
        let date = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
        let result = try ExportOutputScanner.scan(folder: folder.url, connections: ["AD"])
        let file = try #require(result.filesByConnection["AD"]?.first)
        #expect(
            file
                == ExportFile(
                    fileName: "AD_entries.csv", tableName: "AD_entries", url: file.url,
                    size: 11, modifiedAt: "2023-11-14T22:13:20Z"))
        #expect(file.url.standardizedFileURL.path == url.standardizedFileURL.path)
    }

    @Test func sortsFilesByName() throws {
        let result = try scan(["AD_b.csv", "AD_A.csv", "AD_a.csv", "AD_C.csv", "z.csv", "B.csv", "a.csv"], connections: ["AD"])
        #expect(fileNames(result) == ["AD": ["AD_A.csv", "AD_a.csv", "AD_b.csv", "AD_C.csv"]])
        #expect(result.unattributed == ["a.csv", "B.csv", "z.csv"])
    }

    @Test func reportsAMissingFolder() {
        let missing = folder.url.appendingPathComponent("ExportOutput")
        #expect(
            throws: InputError(
                SourceLocation(file: missing.path), "export folder not found",
                hint: "give the agent's ExportOutput folder (<TempFolderPath>/ExportOutput), where the export tasks write their CSV files")
        ) {
            try ExportOutputScanner.scan(folder: missing, connections: ["AD"])
        }
        #expect(throws: InputError.self) {
            try ExportOutputScanner.scan(folder: folder.write("file.csv", "a"), connections: [])
        }
    }
}
