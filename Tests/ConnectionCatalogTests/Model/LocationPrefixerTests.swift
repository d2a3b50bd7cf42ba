import Testing

@testable import ConnectionCatalog

@Suite struct LocationPrefixerTests {
    /// Each location gets the prefix before its own file, whether its file repeats the previous
    /// one or not; an empty prefix changes nothing.
    @Test func prefixesEveryLocationWithItsOwnFile() {
        var prefixer = LocationPrefixer("Conf/")
        let files = ["HR/HR.xml", "HR/HR.xml", "AD/AD.xml", "HR/HR.xml", "HR/HR.xml"]
        let prefixed = files.enumerated().map { index, file -> String in
            var location = SourceLocation(file: file, line: index + 1)
            prefixer.apply(to: &location)
            #expect(location.line == index + 1)
            return location.file
        }
        #expect(prefixed == ["Conf/HR/HR.xml", "Conf/HR/HR.xml", "Conf/AD/AD.xml", "Conf/HR/HR.xml", "Conf/HR/HR.xml"])

        var none = LocationPrefixer("")
        var location = SourceLocation(file: "HR/HR.xml", line: 3)
        none.apply(to: &location)
        #expect(location == SourceLocation(file: "HR/HR.xml", line: 3))
    }
}
