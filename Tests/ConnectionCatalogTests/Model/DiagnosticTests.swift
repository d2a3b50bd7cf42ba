import Testing

@testable import ConnectionCatalog

@Suite struct DiagnosticTests {
    /// One of each error the library throws, with every remedy that names something to run.
    static let errors: [any DiagnosticError] = [
        InputError(SourceLocation(file: "Conf/a.xml", line: 3, column: 7), "unclosed tag", hint: "close it"),
        InputError(SourceLocation(file: "Runtime/x.json"), "no such agent settings file", remedy: .checkGiven(.agentSettings)),
        InputError(SourceLocation(file: "Temp/Export"), "no such export folder", remedy: .checkGiven(.exportFolder)),
        CatalogError.newerCatalog(path: "c.sqlite", unknownMigrations: ["m0999_future", "m1000_later"]),
        CatalogError.notACatalog(path: "c.sqlite"),
        CatalogError.unusable(path: "c.sqlite", reason: "disk full"),
        CatalogError.damaged(path: "c.sqlite", reason: "malformed"),
        CatalogError.noCatalog(path: "c.sqlite"),
        CatalogError.unknownConnection("Nope"),
        CatalogError.unknownConnector("Nope"),
        CatalogError.unknownEntityTypeMapping("Nope"),
        CatalogError.noConfiguration(path: "c.sqlite"),
        HistoryError.noSuchRefresh(connection: "HR", refreshID: 9),
        HistoryError.notASuccess(connection: "HR", refreshID: 9, status: .failed),
        HistoryError.notEnoughSnapshots(connection: "HR", count: 1),
        ChangesError.notEnoughImports(count: 1),
        ChangesError.noSuchImport(4),
        ChangesError.notRecorded(4),
        FingerprintKeyError(path: "k.key", "the key is readable by others", hint: "restrict it to its owner (chmod 600)"),
        CatalogError.notWritable(path: "ro/c.sqlite", problem: .readOnlyFolder),
        CatalogError.notWritable(path: "c.sqlite", problem: .readOnlyFile),
        CatalogError.notWritable(path: "no/c.sqlite", problem: .noSuchFolder),
        TimeOrderError(given: "2026-11-01T08:00:00Z", latestAt: "2026-11-02T08:00:00Z", latestImportID: 3),
        TimeOrderError(given: "2026-11-01T08:00:00Z", latestAt: "2026-11-02T08:00:00Z", latestImportID: nil),
    ]

    /// The library's own text names no command or option: the program that shows a diagnostic
    /// words its remedy.
    @Test func libraryTextNamesNoCommandOrOption() {
        for error in Self.errors {
            let text = error.description
            #expect(!text.contains("--"), "\(text)")
            #expect(!text.contains("conncat"), "\(text)")
            #expect(!text.contains("`"), "\(text)")
        }
    }

    /// Every error is one line: location first when there is one, then severity, message, remedy.
    @Test func everyErrorIsOneLocatedLine() {
        for error in Self.errors {
            let diagnostic = error.diagnostic
            #expect(!error.description.contains("\n"))
            #expect(diagnostic.severity == .error)
            let prefix = diagnostic.location.map { "\($0): error: " } ?? "error: "
            #expect(error.description == prefix + diagnostic.message + (diagnostic.remedy.map { "; " + $0.text } ?? ""))
        }
        #expect(
            Self.errors[0].description == "Conf/a.xml:3:7: error: unclosed tag; close it")
        #expect(Self.errors[5].description == "c.sqlite: error: cannot use the catalog: disk full")
        #expect(Self.errors[8].description == "error: no connection 'Nope' in the catalog; list the connections to pick one")
        #expect(
            Self.errors[19].description
                == "ro/c.sqlite: error: cannot write the catalog: its folder is not writable (a catalog is written with files beside it); "
                + "make it writable, or choose a catalog in a writable folder")
        #expect(
            Self.errors[23].description
                == "error: the time given, 2026-11-01T08:00:00Z, is before the latest schema refresh (2026-11-02T08:00:00Z): "
                + "imports and schema refreshes are recorded in time order; give a time at or after 2026-11-02T08:00:00Z, or none to record now")
    }

    /// The kind is set where the error is made, one per case; an input error keeps its own kind.
    @Test func kindsTellTheErrorsApart() {
        let kinds = Self.errors.map(\.diagnostic.kind)
        #expect(
            kinds == [
                .unreadable, .unreadable, .unreadable, .newerCatalog, .notACatalog, .unusableCatalog, .damagedCatalog,
                .noCatalog, .unknownConnection, .unknownConnector, .unknownEntityTypeMapping, .noConfiguration,
                .noSuchRefresh, .notASuccess, .notEnoughSnapshots, .notEnoughImports, .noSuchImport, .importNotRecorded,
                .fingerprintKey, .unwritableCatalog, .unwritableCatalog, .unwritableCatalog, .timeBeforeLatestRecord,
                .timeBeforeLatestRecord,
            ])
        for kind in InputError.Kind.allCases {
            let error = InputError(SourceLocation(file: "a.csv", line: 1), "x", kind: kind)
            #expect(error.diagnostic.kind.rawValue == kind.rawValue)
        }
    }

    /// Remedies are data: the ones naming something to do carry what it concerns.
    @Test func remediesAreData() {
        #expect(HistoryError.noSuchRefresh(connection: "HR", refreshID: 9).diagnostic.remedy == .listRefreshes(connection: "HR"))
        #expect(CatalogError.noCatalog(path: "c.sqlite").diagnostic.remedy == .importFirstOrNameCatalog)
        #expect(CatalogError.unusable(path: "c.sqlite", reason: "x").diagnostic.remedy == nil)
        let input = InputError(SourceLocation(file: "a.xml", line: 2), "bad", hint: "fix it")
        #expect(input.remedy == .advice("fix it"))
        #expect(input.hint == "fix it")
    }
}
