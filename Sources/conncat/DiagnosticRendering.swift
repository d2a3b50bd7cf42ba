import ConnectionCatalog

/// How conncat words a library ``Diagnostic``: the library's remedies become advice that names
/// conncat's commands and options.
enum DiagnosticRendering {
    /// The diagnostic as one line: `file:line:column: error: what is wrong; what to do`. The
    /// file (as the user named it, or under the folder given) is shown as every command shows
    /// files: relative to the current directory when under it, absolute otherwise.
    static func line(_ diagnostic: Diagnostic) -> String {
        var diagnostic = diagnostic
        if let file = diagnostic.location?.file, !file.isEmpty { diagnostic.location?.file = DisplayPath.shown(file) }
        return diagnostic.line(remedyText: diagnostic.remedy.map(wording))
    }

    /// The remedy in conncat's words.
    static func wording(_ remedy: Remedy) -> String {
        switch remedy {
        case .advice(let text): text
        case .checkGiven(.agentSettings): "check --agent-settings"
        case .checkGiven(.exportFolder): "check --export-dir"
        case .upgradeOrChooseAnotherCatalog: "upgrade conncat or use another --database"
        case .chooseAnotherCatalog: "choose another file with --database"
        case .importFirstOrNameCatalog: "run `conncat import PATH` first, or name the catalog with --database or CONNCAT_DATABASE"
        case .nameCatalogFile: "give a file name with --database"
        case .importFirst: "run `conncat import PATH` first"
        case .restoreFromBackup: "restore it from a backup (`conncat backup`) or import again into a new catalog"
        case .listConnections: "run `conncat connections` to list them"
        case .listConnectors: "run `conncat connections` to list connections and their connectors"
        case .listRefreshes(let connection): "run `conncat history \(connection)` to list them"
        case .pickSuccessfulRefresh(let connection): "pick a successful refresh_id from `conncat history \(connection)`"
        case .refreshSchemaAgain: "refresh the schema again later (`conncat refresh-schema`)"
        case .listImports: "list the imports to pick one (`conncat imports` lists them)"
        case .importAgainAfterChange: "import the configuration again after it changed (`conncat import PATH`)"
        case .giveExportOutputFolder:
            "give the ExportOutput folder the export tasks write their CSV files to (<TempFolderPath>/ExportOutput) with --export-dir DIR"
        case .createFolderOrChooseCatalog: "create the folder, or give another path with --database"
        case .makeWritableOrChooseCatalog: "make it writable for this user, or give a catalog in a writable folder with --database"
        case .giveTimeAtOrAfter(let time): "give --at \(time) or later, or leave --at out to record now"
        }
    }
}
