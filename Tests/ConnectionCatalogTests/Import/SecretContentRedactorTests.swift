import Testing

@testable import ConnectionCatalog

@Suite struct SecretContentRedactorTests {
    @Test(arguments: [
        // URL userinfo
        ("ldaps://svc:FAKE-SECRET-c1@dc01.example.test", "ldaps://svc:<secret>@dc01.example.test"),
        ("ldaps://svc:FAKE-SECRET-c2@dc01.example.test:636/DC=example,DC=test", "ldaps://svc:<secret>@dc01.example.test:636/DC=example,DC=test"),
        ("https://FAKE-SECRET-c3@git.example.test/repo", "https://<secret>@git.example.test/repo"),
        ("https://svc:FAKE/SECRET?c4#x@h.example.test/p", "https://svc:<secret>@h.example.test/p"),
        ("https://svc:FAKE@SECRET-c5@h.example.test", "https://svc:<secret>@h.example.test"),
        ("see https://u:FAKE-SECRET-c6@a.example.test and https://b.example.test", "see https://u:<secret>@a.example.test and https://b.example.test"),
        // Query and fragment parameters
        (
            "https://snow.example.test/oauth_token.do?client_secret=FAKE-SECRET-c7&grant_type=password",
            "https://snow.example.test/oauth_token.do?client_secret=<secret>&grant_type=password"
        ),
        ("https://h.example.test/cb?access_token=FAKE-SECRET-c8", "https://h.example.test/cb?access_token=<secret>"),
        ("https://h.example.test/api?apikey=FAKE-SECRET-c9&x=1", "https://h.example.test/api?apikey=<secret>&x=1"),
        ("https://h.example.test/api?api_key=FAKE-SECRET-c10", "https://h.example.test/api?api_key=<secret>"),
        (
            "https://acct.blob.example.test/c?sv=2022-11-02&se=2026-01-01&sp=r&sig=FAKE-SECRET-c11",
            "https://acct.blob.example.test/c?sv=2022-11-02&se=2026-01-01&sp=r&sig=<secret>"
        ),
        ("https://h.example.test/cb#id_token=FAKE-SECRET-c12&state=1", "https://h.example.test/cb#id_token=<secret>&state=1"),
        ("https://h.example.test/cb?code=FAKE-SECRET-c13", "https://h.example.test/cb?code=<secret>"),
        (
            "https://h.example.test/?X-Amz-Credential=FAKE-SECRET-c14&X-Amz-Signature=FAKE-SECRET-c15",
            "https://h.example.test/?X-Amz-Credential=<secret>&X-Amz-Signature=<secret>"
        ),
        ("https://h.example.test/?pass%77ord=FAKE-SECRET-c16", "https://h.example.test/?pass%77ord=<secret>"),
        // Connection strings under any name
        ("Data Source=sql01.example.test;User ID=u;Password=FAKE-SECRET-c17", "Data Source=sql01.example.test;User ID=u;Password=<secret>"),
        ("Server=db;Pwd=FAKE-SECRET-c18;", "Server=db;Pwd=<secret>;"),
        ("Data Source=https://svc:FAKE-SECRET-c19@api.example.test;Initial Catalog=x", "Data Source=https://svc:<secret>@api.example.test;Initial Catalog=x"),
        ("User ID=scott/FAKE-SECRET-c20@orcl.example.test", "User ID=scott/<secret>@orcl.example.test"),
        ("Data Source=orcl;User Id=scott/FAKE-SECRET-c21", "Data Source=orcl;User Id=scott/<secret>"),
        ("Server=db,Password=FAKE-SECRET-c22,Timeout=3", "Server=db,Password=<secret>"),
        ("Url=https://h.example.test/x?token=FAKE-SECRET-c23;Timeout=3", "Url=https://h.example.test/x?token=<secret>;Timeout=3"),
        // Oracle and scheme-less logins
        ("scott/FAKE-SECRET-c24@orcl.example.test:1521/HR", "scott/<secret>@orcl.example.test:1521/HR"),
        ("svc:FAKE-SECRET-c25@dc01.example.test", "svc:<secret>@dc01.example.test"),
    ])
    func credentialsAreReplacedAndTheRestKept(value: String, expected: String) {
        #expect(SecretContentRedactor.redact(value) == expected)
        // Redacting again changes nothing.
        #expect(SecretContentRedactor.redact(expected) == nil)
    }

    @Test(arguments: [
        "ldaps://dc01.example.test:636",
        "https://graph.example.test/v1.0/users/admin@example.test",
        "https://h.example.test:8443/users/x@example.test",
        "https://h.example.test/api?format=json&page=2",
        "admin@example.test",
        "mailto:admin@example.test",
        "C:/Exports/x@y.csv",
        "SELECT account_id, login FROM dbo.fin_accounts WHERE deleted = 0",
        "(&(objectClass=user)(pwdLastSet=0))",
        "sys_user#active=true",
        "Server=db;Integrated Security=SSPI",
        "C#:person:return person.Login == null ? \"a\" : person.Login;",
        "x >= 1 && y != 2",
        "plain value without marks",
        "",
    ])
    func ordinaryValuesAreKept(value: String) {
        #expect(SecretContentRedactor.redact(value) == nil)
    }

    @Test func valuesWithoutAtOrEqualsAreNotParsed() {
        #expect(!SecretContentRedactor.mayHoldCredential("https://h.example.test/path/x"))
        #expect(SecretContentRedactor.mayHoldCredential("a=b"))
        #expect(SecretContentRedactor.mayHoldCredential("a@b"))
    }

    @Test func aConnectionStringKeepsItsURLPartsReadable() throws {
        let redaction = try #require(ConnectionStringRedactor.redact("Data Source=https://svc:FAKE-SECRET-d1@h.example.test;Password=FAKE-SECRET-d2"))
        #expect(redaction.redacted == "Data Source=https://svc:<secret>@h.example.test;Password=<secret>")
        #expect(redaction.hasSecretValue)
    }
}
