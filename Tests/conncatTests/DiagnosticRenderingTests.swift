import ConnectionCatalog
import Testing

@testable import conncat

/// conncat words the library's remedies with its own commands and options.
@Suite struct DiagnosticRenderingTests {
    @Test func remediesNameConncatsCommandsAndOptions() {
        let cases: [(any DiagnosticError, String)] = [
            (
                InputError(SourceLocation(file: "Temp/Out"), "no such export folder", remedy: .checkGiven(.exportFolder)),
                "Temp/Out: error: no such export folder; check --export-dir"
            ),
            (
                InputError(SourceLocation(file: "x.json"), "no such agent settings file", remedy: .checkGiven(.agentSettings)),
                "x.json: error: no such agent settings file; check --agent-settings"
            ),
            (
                CatalogError.noCatalog(path: "c.sqlite"),
                "c.sqlite: error: no catalog here; run `conncat import PATH` first, or name the catalog with --database or CONNCAT_DATABASE"
            ),
            (
                CatalogError.damaged(path: "c.sqlite", reason: "malformed"),
                "c.sqlite: error: the catalog is damaged (malformed); restore it from a backup (`conncat backup`) or import again into a new catalog"
            ),
            (
                HistoryError.notASuccess(connection: "HR", refreshID: 3, status: .failed),
                "error: refresh 3 of HR is failed, not a success: a failed attempt has no schema to compare; pick a successful refresh_id from `conncat history HR`"
            ),
            (
                ChangesError.noSuchImport(7),
                "error: there is no import 7; list the imports to pick one (`conncat imports` lists them)"
            ),
            (
                ChangesError.notEnoughImports(count: 1),
                "error: the catalog has 1 import; comparing needs two; import the configuration again after it changed (`conncat import PATH`)"
            ),
        ]
        for (error, line) in cases { #expect(DiagnosticRendering.line(error.diagnostic) == line) }
    }
}
