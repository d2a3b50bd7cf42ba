import Testing

@testable import ConnectionCatalog

@Suite struct NameTextTests {
    @Test func onlyNamesWithInvisibleSpacesAreQuoted() {
        #expect(NameText.quoted("HRFeed") == "HRFeed")
        #expect(NameText.quoted("job title") == "job title")
        #expect(NameText.quoted("HRFeed ") == "'HRFeed '")
        #expect(NameText.quoted(" Label") == "' Label'")
        #expect(NameText.quoted("Label\t") == "'Label\t'")
        #expect(NameText.quoted("") == "''")
        #expect(!NameText.needsQuotes("a b") && NameText.needsQuotes(" "))
    }
}
