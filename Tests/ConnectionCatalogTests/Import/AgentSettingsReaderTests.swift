import Foundation
import Testing

@testable import ConnectionCatalog

private let fileName = "appsettings.agent.json"

private func parse(_ text: String) throws -> AgentSettings {
    try AgentSettingsReader.parse(Data(text.utf8), file: fileName)
}

/// The error parsing `bytes` throws, or `nil` when it parses.
private func parseError(_ bytes: [UInt8]) -> InputError? {
    do {
        _ = try AgentSettingsReader.parse(Data(bytes), file: fileName)
        return nil
    } catch {
        return error as? InputError
    }
}

private func parseError(_ text: String) -> InputError? { parseError(Array(text.utf8)) }

private func setting(_ connection: String, _ key: String, _ value: String?, secret: Bool = false) -> ConnectionSetting {
    ConnectionSetting(key: key, value: value, isSecret: secret, jsonPath: "Connections:\(connection):\(key)")
}

@Suite struct AgentSettingsReaderTests {
    @Test func readsConnectionsWithCommentsTrailingCommasAndBOM() throws {
        let text = """
            // Agent settings of the Paris agent
            {
              "OpenId": { "AgentIdentifier": "AgentParis", "OpenIdClients": { "Job": "x" }, "DefaultOpenIdClient": "Job" },
              /* connections, in the order
                 the agent reads them */
              "Connections": {
                "DirParisExport": {
                  "Servers": [ { "Server": "dc01.example.test", "BaseDN": "DC=example,DC=test" },
                               { "Server": "dc02.example.test", "BaseDN": "DC=example,DC=test", }, ],
                  "AuthType": "Basic", // Negotiate in production
                  "Login": "svc-idm",
                  "EnableSSL": true,
                  "RetryDelay": 5000,
                  "RequestTimeout": 1.5e1,
                  "Controls": [ "PagedResult", "DomainScope" ],
                },
                "CrmFiles": { "Path": "D:/feeds/crm_accounts.csv", "Separator": ";", "Encoding": null,
                              "ValuesToTrim": [ "N/A", "-" ], "Empty": {}, "None": [] },
              },
            }
            """
        let settings = try AgentSettingsReader.parse(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)), file: fileName)
        let expected = AgentSettings(
            file: fileName,
            connections: [
                ConnectionSettings(
                    connection: "DirParisExport",
                    settings: [
                        setting("DirParisExport", "Servers:0:Server", "dc01.example.test"),
                        setting("DirParisExport", "Servers:0:BaseDN", "DC=example,DC=test"),
                        setting("DirParisExport", "Servers:1:Server", "dc02.example.test"),
                        setting("DirParisExport", "Servers:1:BaseDN", "DC=example,DC=test"),
                        setting("DirParisExport", "AuthType", "Basic"),
                        setting("DirParisExport", "Login", nil, secret: true),
                        setting("DirParisExport", "EnableSSL", "true"),
                        setting("DirParisExport", "RetryDelay", "5000"),
                        setting("DirParisExport", "RequestTimeout", "1.5e1"),
                        setting("DirParisExport", "Controls:0", "PagedResult"),
                        setting("DirParisExport", "Controls:1", "DomainScope"),
                    ], location: SourceLocation(file: fileName, line: 7, jsonPath: "Connections:DirParisExport")),
                ConnectionSettings(
                    connection: "CrmFiles",
                    settings: [
                        setting("CrmFiles", "Path", "D:/feeds/crm_accounts.csv"),
                        setting("CrmFiles", "Separator", ";"),
                        setting("CrmFiles", "Encoding", nil),
                        setting("CrmFiles", "ValuesToTrim:0", "N/A"),
                        setting("CrmFiles", "ValuesToTrim:1", "-"),
                    ], location: SourceLocation(file: fileName, line: 17, jsonPath: "Connections:CrmFiles")),
            ],
            agentIdentifier: "AgentParis",
            secrets: [
                SecretSetting(
                    connection: nil, key: "OpenId:OpenIdClients:Job", jsonPath: "OpenId:OpenIdClients:Job",
                    reason: .position, state: .set, kind: .plain,
                    location: SourceLocation(file: fileName, line: 3, jsonPath: "OpenId:OpenIdClients:Job"),
                    plainTextLine: 3),
                SecretSetting(
                    connection: "DirParisExport", key: "Login", jsonPath: "Connections:DirParisExport:Login",
                    reason: .unlisted, state: .set, kind: .plain,
                    location: SourceLocation(file: fileName, line: 11, jsonPath: "Connections:DirParisExport:Login")),
            ])
        #expect(settings == expected)
        #expect(settings.settings(for: "dirparisexport")?.value("servers:1:server") == "dc02.example.test")
    }

    @Test func keepsKeyOrderAndMatchesSectionsCaseInsensitively() throws {
        let settings = try parse(
            """
            {"openid": {"agentidentifier": "A1"},
             "CONNECTIONS": {"Zeta": {"Timeout": "30"}, "alpha": {"SqlCommand": "select 1", "PageSize": 200}, "Mid": null}}
            """)
        #expect(settings.agentIdentifier == "A1")
        #expect(settings.connections.map(\.connection) == ["Zeta", "alpha", "Mid"])
        #expect(
            settings.connections[1].settings == [
                setting("alpha", "SqlCommand", "select 1"), setting("alpha", "PageSize", "200"),
            ])
        #expect(settings.connections[2].settings == [])
        #expect(settings.connections[2].location == SourceLocation(file: fileName, line: 2, jsonPath: "Connections:Mid"))
    }

    @Test func noConnectionsSectionGivesNoConnections() throws {
        #expect(try parse(#"{"OpenId": {"AgentIdentifier": "A"}}"#) == AgentSettings(file: fileName, agentIdentifier: "A"))
        #expect(try parse(#"{"Connections": {}}"#) == AgentSettings(file: fileName))
    }

    @Test func readsUTF16WithByteOrderMark() throws {
        let text = "{\n  \"Connections\": { \"Crmé\": { \"Path\": \"C:/données/日本.csv\" } }\n}"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let settings = try AgentSettingsReader.parse(Data(bytes), file: fileName)
        #expect(
            settings.connections == [
                ConnectionSettings(
                    connection: "Crmé", settings: [setting("Crmé", "Path", "C:/données/日本.csv")],
                    location: SourceLocation(file: fileName, line: 2, jsonPath: "Connections:Crmé"))
            ])
    }

    @Test func decodesStringEscapes() throws {
        let settings = try parse(#"{"Connections": {"C": {"Separator": "\t", "Path": "C:\\x\/y \u00e9\ud83d\ude00\"q\""}}}"#)
        #expect(settings.connections[0].value("Separator") == "\t")
        #expect(settings.connections[0].value("Path") == "C:\\x/y é😀\"q\"")
    }

    @Test func duplicateKeysThatDifferOnlyByCaseAreAnError() {
        let error = parseError(
            """
            {
              "Connections": {
                "Crm": { "Path": "a.csv",
                         "path": "b.csv" }
              }
            }
            """)
        #expect(
            error?.description
                == "appsettings.agent.json:4:14: error: duplicate key 'path' (also 'Path' at line 3); .NET configuration compares keys case-insensitively; keep only one of them"
        )
        #expect(error?.location == SourceLocation(file: fileName, line: 4, column: 14))
    }

    @Test(arguments: [
        ("{\n  'Connections': {}\n}", "appsettings.agent.json:2:3: error: single-quoted object key; JSON keys must be in double quotes"),
        ("{\"A\": 'x'}", "appsettings.agent.json:1:7: error: single-quoted string; JSON strings must be in double quotes"),
        ("{\n  Connections: {}\n}", "appsettings.agent.json:2:3: error: unquoted object key; JSON keys must be in double quotes"),
        ("{\"A\": 0x1F}", "appsettings.agent.json:1:7: error: invalid number; write numbers in plain decimal JSON form (no hexadecimal, leading zeros or '+')"),
        ("{\"A\": 012}", "appsettings.agent.json:1:7: error: invalid number; write numbers in plain decimal JSON form (no hexadecimal, leading zeros or '+')"),
        ("{\"A\": +1}", "appsettings.agent.json:1:7: error: invalid number; write numbers in plain decimal JSON form, without a leading '+' or '.'"),
        (
            "{\"A\": NaN}",
            "appsettings.agent.json:1:7: error: unquoted text where a value was expected; put strings in double quotes; NaN, Infinity and undefined are not JSON values"
        ),
        (
            "{\"A\": -Infinity}",
            "appsettings.agent.json:1:7: error: invalid number; write numbers in plain decimal JSON form (no hexadecimal, leading zeros or '+')"
        ),
        (
            "{\"A\": Infinity}",
            "appsettings.agent.json:1:7: error: unquoted text where a value was expected; put strings in double quotes; NaN, Infinity and undefined are not JSON values"
        ),
        (
            "{\"A\": truee}",
            "appsettings.agent.json:1:7: error: unquoted text where a value was expected; put strings in double quotes; NaN, Infinity and undefined are not JSON values"
        ),
        ("{\"A\": [1,,2]}", "appsettings.agent.json:1:10: error: unexpected ',' where an array element was expected; remove the extra comma"),
        ("{,}", "appsettings.agent.json:1:2: error: unexpected ',' where an object key was expected; remove the extra comma"),
        ("{\"A\" 1}", "appsettings.agent.json:1:6: error: expected ':' after an object key; fix the JSON syntax at that position"),
        ("{\"A\": 1 \"B\": 2}", "appsettings.agent.json:1:9: error: expected ',' or '}' after an object member; fix the JSON syntax at that position"),
        ("[1 2]", "appsettings.agent.json:1:4: error: expected ',' or ']' after an array element; fix the JSON syntax at that position"),
        ("{} {}", "appsettings.agent.json:1:4: error: unexpected content after the end of the top-level value; remove it, or fix the JSON syntax before it"),
        ("{\"A\": \"x\\q\"}", "appsettings.agent.json:1:9: error: invalid escape sequence in a string; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
        (
            "{\"A\": \"\\ud800x\"}",
            "appsettings.agent.json:1:14: error: unpaired surrogate in a \\u escape; escape a character outside the BMP as a surrogate pair"
        ),
        ("{\"A\": \"a\tb\"}", "appsettings.agent.json:1:9: error: control character inside a string; escape it, for example \\t for a tab"),
        ("{\"A\": 1} /", "appsettings.agent.json:1:10: error: unexpected '/'; start comments with // or /*"),
        ("  \n // only a comment\n", "appsettings.agent.json:3:1: error: the file holds no JSON value; write the settings as one JSON object, { ... }"),
        ("", "appsettings.agent.json:1:1: error: the file holds no JSON value; write the settings as one JSON object, { ... }"),
    ])
    func rejectsWhatDotNetRejects(text: String, expected: String) {
        #expect(parseError(text)?.description == expected)
    }

    @Test func unterminatedStringObjectAndCommentAreLocated() {
        #expect(
            parseError("{\n  \"Connections\": {\n    \"Crm\": { \"Path\": \"D:/feeds\n  }\n}")?.description
                == "appsettings.agent.json:3:22: error: string not closed before the end of the line; add the closing '\"' (write a line break inside a string as \\n)"
        )
        #expect(
            parseError("{\n  \"A\": \"abc")?.description
                == "appsettings.agent.json:2:8: error: string not closed before the end of the file; add the closing '\"'")
        #expect(
            parseError("{\n  \"Connections\": {\n    \"Crm\": { \"Path\": \"x\" }\n")?.description
                == "appsettings.agent.json:4:1: error: unexpected end of file inside the object opened at line 2, column 18; close it with '}'")
        #expect(
            parseError("[\n 1,\n 2")?.description
                == "appsettings.agent.json:3:3: error: unexpected end of file inside the array opened at line 1, column 1; close it with ']'")
        #expect(
            parseError("{ \"A\": 1 }\n  /* never\n closed")?.description
                == "appsettings.agent.json:2:3: error: comment not closed before the end of the file; close it with */")
    }

    @Test func columnsCountCharactersNotBytesAndSkipTheBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"é日\": 1 2}".utf8)
        #expect(parseError(bytes)?.location == SourceLocation(file: fileName, line: 1, column: 10))
    }

    @Test func invalidUTF8IsLocated() {
        let bytes = Array("{\n  \"Connections\": { \"Cr".utf8) + [0xC3, 0x28] + Array("m\": {} }\n}".utf8)
        #expect(
            parseError(bytes)?.description
                == "appsettings.agent.json:2:23: error: bytes that are not valid UTF-8; save the file as UTF-8")
        // An overlong encoding of '/' and a lone surrogate encoded in UTF-8.
        #expect(parseError([0x7B, 0xC0, 0xAF, 0x7D])?.location == SourceLocation(file: fileName, line: 1, column: 2))
        #expect(parseError([0x7B, 0x0A, 0xED, 0xA0, 0x80, 0x7D])?.location == SourceLocation(file: fileName, line: 2, column: 1))
        // UTF-16 with an unpaired surrogate.
        #expect(
            parseError([0xFF, 0xFE, 0x7B, 0x00, 0x00, 0xD8, 0x7D, 0x00])?.location
                == SourceLocation(file: fileName, line: 1, column: 2))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let error = parseError(String(repeating: "[", count: 10_000))
        #expect(
            error?.description
                == "appsettings.agent.json:1:65: error: objects and arrays nested deeper than 64 levels; flatten the structure; .NET configuration refuses deeper nesting"
        )
        let objects = String(repeating: "{\"a\":", count: 10_000)
        #expect(parseError(objects)?.location == SourceLocation(file: fileName, line: 1, column: 5 * 64 + 1))
        let sixtyFour = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseError(sixtyFour) != nil)  // top-level is an array, not an object
        #expect(parseError(sixtyFour)?.message == "the top-level value is not an object")
    }

    @Test func topLevelMustBeAnObject() {
        #expect(
            parseError("[]")?.description
                == "appsettings.agent.json:1: error: the top-level value is not an object; write the agent settings as one JSON object, { \"Connections\": { ... } }"
        )
        #expect(
            parseError("{\"Connections\": [1]}")?.description
                == "appsettings.agent.json:1:2 (Connections): error: 'Connections' is not an object; write it as an object keyed by connection identifier, \"Connections\": { \"<identifier>\": { ... } }"
        )
        #expect(
            parseError("{\"Connections\": {\"Crm\": \"x\"}}")?.location
                == SourceLocation(file: fileName, line: 1, column: 18, jsonPath: "Connections:Crm"))
    }

    @Test func readsAFileAndReportsAMissingOne() throws {
        let folder = try ReaderTestFolder()
        let url = try folder.write("appsettings.agent.json", #"{"Connections": {"C": {"Path": "x.csv"}}}"#)
        let settings = try AgentSettingsReader.read(file: url, displayName: "agent/appsettings.agent.json")
        #expect(settings.file == "agent/appsettings.agent.json")
        #expect(settings.connections.first?.location.file == "agent/appsettings.agent.json")
        #expect(settings.connections.first?.value("path") == "x.csv")

        #expect(
            throws: InputError(
                SourceLocation(file: "missing.json"), "file not found",
                hint: "check the path of appsettings.agent.json (it lives in the agent's runtime folder)")
        ) {
            try AgentSettingsReader.read(file: folder.url.appendingPathComponent("missing.json"), displayName: "missing.json")
        }
        #expect(throws: InputError.self) {
            try AgentSettingsReader.read(file: folder.url, displayName: "folder")
        }
    }

    /// A credential inside a value is in clear whatever the value's name: a URL's password, a
    /// password, token or signature parameter, a connection string's password. Each is reported at
    /// the line of its key, as a credential inside the value, and the message never holds it.
    @Test func credentialsInsideValuesOfAnyNameAreReportedInClearAtTheirKey() throws {
        let settings = try parse(
            """
            {
              "Connections": {
                "LdapExport": {
                  "Login": "cn=svc,dc=example,dc=test",
                  "Url": "ldaps://svc:FAKE-SECRET-456@ldap.example.test",
                  "Feed": "https://files.example.test/export.csv?sv=1&sig=FAKE-SECRET-457",
                  "Callback": "https://idm.example.test/cb?token=FAKE-SECRET-458&state=1",
                  "Reporting": "Data Source=sql.example.test;User ID=u;Password=FAKE-SECRET-459",
                  "Server": "ldaps://svc:FAKE-SECRET-460@ldap.example.test",
                  "Options": { "Endpoint": "https://api.example.test/?password=FAKE-SECRET-461" },
                  "Home": "https://ldap.example.test/login?user=svc",
                  "Password": "FAKE-SECRET-462"
                }
              }
            }
            """)
        let found = settings.plainTextSecrets
        #expect(
            found.map { "\($0.key):\($0.location.line ?? 0):\($0.credentialInValue)" } == [
                "Url:5:true", "Feed:6:true", "Callback:7:true", "Reporting:8:true", "Server:9:true", "Options:Endpoint:10:true",
                "Password:12:false",
            ])
        #expect(
            found[0].message
                == "the value of 'Url' of connection 'LdapExport' holds a credential written in clear in appsettings.agent.json (a URL password, a password, token or signature parameter, or a connection string password)"
        )
        #expect(found[6].message == "'Password' of connection 'LdapExport' is written in clear in appsettings.agent.json")
        for secret in found { #expect(!secret.message.contains("FAKE-SECRET")) }
        // A login and a URL without a credential are withheld (unlisted) but not reported.
        #expect(!found.contains { $0.key == "Login" || $0.key == "Home" })
    }
}
