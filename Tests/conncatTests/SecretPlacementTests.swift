import Foundation
import Testing

/// Secrets placed where their name does not say so: inside URLs, query parameters and connection
/// strings of public settings and XML attributes, behind .NET `:` keys, and inside XML errors.
/// None may reach the catalog, its WAL, a backup, stdout or stderr of any command.
@Suite struct SecretPlacementTests {
    /// The agent settings members added to `Connections` (each value holds one fake secret).
    static let connectionSettings = #"""
            "LeakyLdap": {
              "Server": "ldaps://svc:FAKE-SECRET-p01@dc01.example.test",
              "BaseDN": "DC=example,DC=test",
              "Filter": "Data Source=db.example.test;Password=FAKE-SECRET-p02"
            },
            "LeakySnow": {
              "Server": "https://snow.example.test/api/now/table",
              "OAuth2Url": "https://svc:FAKE-SECRET-p03@snow.example.test/oauth_token.do",
              "AuthenticationUrl": "https://snow.example.test/auth?client_id=c&client_secret=FAKE-SECRET-p04",
              "ResponseUri": "https://snow.example.test/cb?access_token=FAKE-SECRET-p05&state=1",
              "CsvUrls": [ "https://files.example.test/a.csv?apikey=FAKE-SECRET-p06", "https://files.example.test/b.csv?sv=1&sig=FAKE-SECRET-p07" ],
              "Path": "https://svc:FAKE-SECRET-p08@files.example.test/export.csv",
              "ExportSettingsOptions": { "Users": "https://ev.example.test/api/users?api_key=FAKE-SECRET-p09" }
            },
            "LeakySql": {
              "Server": "Data Source=sql.example.test;User ID=u;Password=FAKE-SECRET-p10",
              "ConnectionString": "Data Source=https://svc:FAKE-SECRET-p11@api.example.test;Initial Catalog=Ledger",
              "Table": "User ID=scott/FAKE-SECRET-p12@orcl.example.test"
            },
            "SnowTicket:Options": { "Server": "FAKE-SECRET-p13" },
            "LeakyNested": { "Sub:Databases": { "Main": "FAKE-SECRET-p14" }, "Path": "D:/x.csv" },
        """#

    /// Top-level members written with .NET's `:` syntax.
    static let topLevelSettings = #"""
          "Connections:LeakyColon": { "Login": "FAKE-SECRET-p15", "Server": "ldap://svc:FAKE-SECRET-p16@dc02.example.test" },
          "Connections:LeakyColon2:Server": "svc:FAKE-SECRET-p17@dc03.example.test",
        """#

    /// Attributes added to the first `<Connection>` of the demo.
    static let xmlAttributes =
        #"ConnectionString="Data Source=db.example.test;Password=FAKE-SECRET-x01" Url="https://u:FAKE-SECRET-x02@h.example.test/api?token=FAKE-SECRET-x03" Credential="FAKE-SECRET-x04" Endpoint="https://h.example.test/cb?client_secret=FAKE-SECRET-x05" "#

    static func placedDemo(_ sandbox: Sandbox) throws -> URL {
        let demo = try sandbox.copyDemo()
        let settingsFile = demo.appendingPathComponent("Runtime/appsettings.agent.json")
        var settings = try String(contentsOf: settingsFile, encoding: .utf8)
        settings = settings.replacingOccurrences(of: "\"Connections\": {", with: "\"Connections\": {\n" + connectionSettings)
        settings = settings.replacingOccurrences(of: "\"SourcesRootPaths\"", with: topLevelSettings + "\n  \"SourcesRootPaths\"")
        try settings.write(to: settingsFile, atomically: true, encoding: .utf8)
        let xmlFile = demo.appendingPathComponent("Conf/Directory/Directory Connector.xml")
        let xml = try String(contentsOf: xmlFile, encoding: .utf8)
            .replacingOccurrences(of: "<Connection Identifier=\"ADExport\" ", with: "<Connection Identifier=\"ADExport\" " + xmlAttributes)
        try xml.write(to: xmlFile, atomically: true, encoding: .utf8)
        // An export header cell, and a configuration file holding a connection string that does not parse.
        let csvFile = demo.appendingPathComponent("Temp/ExportOutput/FinanceDb.csv")
        let csv = try String(contentsOf: csvFile, encoding: .utf8)
        let header = csv.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        try (header + ",https://u:FAKE-SECRET-h01@h.example.test" + csv.dropFirst(header.count)).write(to: csvFile, atomically: true, encoding: .utf8)
        try Data("<ConfigurationFile>\n  <Agent Identifier=\"Other\" ConnectionString=\"FAKE-SECRET-x06\" />\n</ConfigurationFile>\n".utf8)
            .write(to: demo.appendingPathComponent("Conf/Other.xml"))
        return demo
    }

    static func secrets(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "FAKE-SECRET-[a-z0-9-]+")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) }
    }

    @Test func noPlacedSecretReachesTheCatalogABackupOrAnyOutput() throws {
        let sandbox = try Sandbox()
        let demo = try Self.placedDemo(sandbox)
        var outputs: [RunResult] = []
        let imported = try sandbox.run(["import", demo.path])
        #expect(imported.status == 0 || imported.status == 2, "\(imported.stderr)")
        outputs.append(imported)
        #expect(imported.stdout.contains("https://u:<secret>@h.example.test"), "\(imported.stdout)")
        for command in ["connections", "tables", "columns", "settings", "audit"] {
            for format in ["table", "json", "csv"] { outputs.append(try sandbox.run([command, "--format", format])) }
        }
        for format in ["table", "json", "sarif"] { outputs.append(try sandbox.run(["check", "--format", format])) }
        outputs.append(try sandbox.run(["settings", "--connection", "LeakySnow", "--format", "json"]))
        outputs.append(try sandbox.run(["doctor"]))
        outputs.append(try sandbox.run(["history", "ADExport"]))
        let backup = sandbox.folder.appendingPathComponent("backup.sqlite").path
        outputs.append(try sandbox.run(["backup", backup]))
        // Imported a second time: the WAL and the history hold both imports.
        outputs.append(try sandbox.run(["import", demo.path, "--at", "2026-11-30T08:00:00Z"]))

        // The values stay readable around the secret.
        let settings = try sandbox.run(["settings", "--format", "json"]).stdout
        for readable in [
            "ldaps://svc:<secret>@dc01.example.test", "https://svc:<secret>@snow.example.test/oauth_token.do",
            "client_id=c&client_secret=<secret>", "access_token=<secret>&state=1", "apikey=<secret>", "sig=<secret>",
            "api_key=<secret>", "Data Source=sql.example.test;User ID=u;Password=<secret>",
            "Data Source=https://svc:<secret>@api.example.test;Initial Catalog=Ledger", "User ID=scott/<secret>@orcl.example.test",
            "ldap://svc:<secret>@dc02.example.test", "svc:<secret>@dc03.example.test",
        ] {
            #expect(settings.contains(readable), "settings should show \(readable)")
        }
        // .NET `:` keys land where their path says: under the connection, classified by position.
        let colon = try sandbox.run(["settings", "--connection", "SnowTicket", "--format", "csv"]).stdout
        #expect(colon.contains("SnowTicket,Options:Server,,true"), "\(colon)")
        let nested = try sandbox.run(["settings", "--connection", "LeakyNested", "--format", "csv"]).stdout
        #expect(nested.contains("LeakyNested,Sub:Databases:Main,,true"), "\(nested)")
        let login = try sandbox.run(["settings", "--connection", "LeakyColon", "--format", "csv"]).stdout
        #expect(login.contains("LeakyColon,Login,,true"), "\(login)")

        var stored = try sandbox.catalogBytes()
        stored.append(try Data(contentsOf: URL(fileURLWithPath: backup)))
        #expect(!stored.isEmpty)
        let storedText = String(decoding: stored, as: UTF8.self)
        #expect(Self.secrets(in: storedText).isEmpty, "catalog or backup holds \(Self.secrets(in: storedText))")
        #expect(storedText.contains("https://u:<secret>@h.example.test/api?token=<secret>"))
        for output in outputs {
            #expect(Self.secrets(in: output.stdout).isEmpty, "stdout shows \(Self.secrets(in: output.stdout))")
            #expect(Self.secrets(in: output.stderr).isEmpty, "stderr shows \(Self.secrets(in: output.stderr))")
        }
    }

    /// XML errors inside or after a secret attribute: the message is the product's own, it never
    /// quotes the input.
    @Test(arguments: [
        #"<Connection Identifier="X" Password="R&Dept2024FAKE;FAKE-SECRET-e1" />"#,
        #"<Connection Identifier="X" Password="pa" FAKE-SECRET-e2 />"#,
        #"<Connection Identifier="X" Password="FAKE-SECRET-e3 />"#,
        #"<Connection Identifier="X" Password="a<FAKE-SECRET-e4" />"#,
        #"<Connection Identifier="X" Password="FAKE-SECRET-e5" Password="FAKE-SECRET-e5b" />"#,
        #"<Connection Identifier="X" Password="&#0;FAKE-SECRET-e6" />"#,
        #"<Connection Identifier="X" Password=FAKE-SECRET-e7 />"#,
        #"<FAKE-SECRET-e8 Identifier="X"></FAKE-SECRET-e8x>"#,
        #"<uc:FAKE-SECRET-e9 Identifier="X" />"#,
    ])
    func xmlErrorsNeverQuoteTheInput(element: String) throws {
        let sandbox = try Sandbox()
        let demo = try sandbox.copyDemo()
        let file = demo.appendingPathComponent("Conf/Broken.xml")
        try Data("<?xml version=\"1.0\"?>\n<ConfigurationFile>\n  \(element)\n</ConfigurationFile>\n".utf8).write(to: file)
        let result = try sandbox.run(["import", demo.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("demo/Conf/Broken.xml:"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("FAKE") && !result.stderr.contains("Dept2024"), "\(result.stderr)")
    }
}
