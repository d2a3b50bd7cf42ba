import Foundation
import Testing

/// A working directory shaped like the documentation's (LDAP and CSV connections, a settings key
/// written in another case, a key that no connection declares, a credential inside a URL), as a
/// new user writes one: what `import`, `settings` and `check` say of its agent settings.
@Suite struct SettingsMatchingTests {
    static let settings = #"""
        {
          "Connections": {
            "OldConn": { "Server": "old.example.test" },
            "rhcsv": { "Path": "C:/Sources/rh.csv", "Separator": "," },
            "LdapExport": {
              "Servers": [ { "Server": "ldap.example.test", "BaseDN": "dc=example,dc=test" } ],
              "Url": "ldaps://svc:FAKE-SECRET-url-01@ldap.example.test",
              "Feed": "https://files.example.test/ldap.csv?sv=1&sig=FAKE-SECRET-sig-02",
              "Reporting": "Data Source=sql.example.test;Password=FAKE-SECRET-cs-03"
            }
          }
        }
        """#

    static let xml = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
          <Agent Identifier="Local" DisplayName_L1="Local agent" URI="https://agent.example.test" />
          <Connector Identifier="RH" DisplayName_L1="RH" Agent="Local" />
          <Connection Identifier="RhCsv" DisplayName_L1="RH CSV extract" Connector="RH" Package="Usercube.CSV@0000001" />
          <Connector Identifier="Annuaire" DisplayName_L1="Annuaire" Agent="Local" />
          <Connection Identifier="LdapExport" DisplayName_L1="LDAP export" Connector="Annuaire" Package="Usercube.LDAP@0000001" />
          <EntityType Identifier="Rh_Employe" DisplayName_L1="Employe">
            <Property Identifier="Matricule" DisplayName_L1="Matricule" Type="String" TargetColumnIndex="4" />
          </EntityType>
          <EntityTypeMapping Identifier="Rh_Employe" Connector="RH" ConnectionTable="RhCsv.csv">
            <Property Identifier="Matricule" ConnectionColumn="matricule" IsPrimaryKey="true" />
          </EntityTypeMapping>
          <ExportTask Identifier="RhCsv_Export" DisplayName_L1="RH export" Agent="Local" OpenIdClient="Job" Connection="RhCsv" />
          <ExportTask Identifier="LdapExport_Export" DisplayName_L1="LDAP export" Agent="Local" OpenIdClient="Job" Connection="LdapExport" />
        </ConfigurationFile>
        """#

    func imported() throws -> (Sandbox, RunResult) {
        let sandbox = try Sandbox()
        let root = sandbox.folder.appendingPathComponent("idm")
        for folder in ["Conf", "Runtime", "Temp/ExportOutput"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data(Self.xml.utf8).write(to: root.appendingPathComponent("Conf/Rh.xml"))
        try Data(Self.settings.utf8).write(to: root.appendingPathComponent("Runtime/appsettings.agent.json"))
        try Data("matricule,nom\n".utf8).write(to: root.appendingPathComponent("Temp/ExportOutput/RhCsv.csv"))
        try Data("dn,cn\n".utf8).write(to: root.appendingPathComponent("Temp/ExportOutput/LdapExport_entries.csv"))
        return (sandbox, try sandbox.run(["import", "idm"]))
    }

    @Test func settingsNameTheDeclaredConnectionAndTheImportCountsWhatMatches() throws {
        let (sandbox, result) = try imported()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "  agent settings: idm/Runtime/appsettings.agent.json: 2 of 2 connections have settings; 1 key under Connections matches no declared connection: OldConn\n"
            ), "\(result.stdout)")
        let json = try sandbox.run(["settings", "--connection", "RHCSV", "--format", "json"]).stdout
        #expect(
            json == """
                [
                  {"connection": "RhCsv", "settings_connection": "rhcsv", "key": "Path", "value": "C:/Sources/rh.csv", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null},
                  {"connection": "RhCsv", "settings_connection": "rhcsv", "key": "Separator", "value": ",", "secret": false, "state": "set", "kind": "plain", "changed_since_previous_import": null}
                ]

                """)
        // A key that no Connection declares keeps its name as written in both fields.
        let orphan = try sandbox.run(["settings", "--connection", "OldConn", "--format", "csv"]).stdout
        #expect(orphan.contains("OldConn,OldConn,Server,old.example.test,false,set,plain,\r\n"), "\(orphan)")
        // `RhCsv.csv` names the export file as the documentation writes it: no table-name-mismatch.
        #expect(try sandbox.run(["check", "--format", "json", "--rule", "table-name-mismatch"]).stdout == "[]\n")
    }

    @Test func aCredentialInsideAValueIsAPlainTextSecretAtItsLineNeverShown() throws {
        let (sandbox, _) = try imported()
        let json = try sandbox.run(["check", "--format", "json", "--rule", "plain-text-secret"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(
            rows.map { "\($0["file"] as? String ?? "-"):\($0["line"] as? Int ?? 0) \($0["subject"] as? String ?? "-")" } == [
                "Runtime/appsettings.agent.json:7 LdapExport:Url", "Runtime/appsettings.agent.json:8 LdapExport:Feed",
                "Runtime/appsettings.agent.json:9 LdapExport:Reporting",
            ])
        #expect(
            (rows.first?["message"] as? String)?.hasPrefix(
                "the value of 'Url' of connection 'LdapExport' holds a credential written in clear in appsettings.agent.json") == true)
        var outputs = [json]
        for format in ["table", "sarif"] { outputs.append(try sandbox.run(["check", "--format", format, "--rule", "plain-text-secret"])) }
        outputs.append(try sandbox.run(["settings", "--format", "json"]))
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(outputs[2].stdout.utf8)) as? [String: Any])
        let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for output in outputs {
            #expect(!output.stdout.contains("FAKE-SECRET") && !output.stderr.contains("FAKE-SECRET"), "\(output.stdout)")
        }
    }
}
