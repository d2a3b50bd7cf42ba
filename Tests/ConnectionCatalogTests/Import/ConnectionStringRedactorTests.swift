import Testing

@testable import ConnectionCatalog

@Suite struct ConnectionStringRedactorTests {
    @Test(arguments: [
        ("Data Source=x.example.test;Password=FAKE-SECRET-1;User ID=u", "Data Source=x.example.test;Password=<secret>;User ID=u", true),
        ("Server=db;Database=R;Pwd={FAKE-SECRET-2;x}", "Server=db;Database=R;Pwd=<secret>", true),
        ("Server=db; PWD = 'FAKE-SECRET-''3' ; Encrypt=True;", "Server=db; PWD = <secret> ; Encrypt=True;", true),
        ("Server=db;Password=\"FAKE;SECRET\"\"4\"", "Server=db;Password=<secret>", true),
        ("Data Source=db;Jet OLEDB:Database Password=FAKE-SECRET-5", "Data Source=db;Jet OLEDB:Database Password=<secret>", true),
        ("RunAs=App;AppId=a;TenantId=t;AppKey=FAKE-SECRET-6", "RunAs=App;AppId=a;TenantId=t;AppKey=<secret>", true),
        ("Endpoint=sb://x;SharedAccessKeyName=n;SharedAccessKey=FAKE-SECRET-7", "Endpoint=sb://x;SharedAccessKeyName=n;SharedAccessKey=<secret>", true),
        ("Server=db;Integrated Security=SSPI", "Server=db;Integrated Security=SSPI", false),
        ("Server=db;Password=;", "Server=db;Password=<secret>;", false),
        (";;Server=db;;", ";;Server=db;;", false),
        ("", "", false),
    ])
    func keepsTheOtherPartsAsWritten(text: String, redacted: String, hasSecret: Bool) {
        #expect(ConnectionStringRedactor.redact(text) == .init(redacted: redacted, hasSecretValue: hasSecret))
    }

    @Test(arguments: [
        "FAKE-SECRET-plain-text",  // not key=value
        "Server=db;FAKE-SECRET-9",  // a part without '='
        "Server=db;Password='FAKE-SECRET-10",  // quote not closed
        "Server=db;Password='FAKE-SECRET-11' trailing",  // text after the quote
        "Server=db,Password=FAKE-SECRET-12",  // a mistyped ';' hides the password in a kept value
        "Server=db;FAKE-SECRET-13=x",  // a keyword that is not a word
        "=FAKE-SECRET-14",  // no keyword
        "Server=db;Password{=FAKE-SECRET-15",  // a brace in a keyword
        "Server=my-token-db",  // a kept value that says secret
    ])
    func withholdsWhatIsNotAConnectionString(text: String) {
        #expect(ConnectionStringRedactor.redact(text) == nil)
    }
}
