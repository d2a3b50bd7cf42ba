import Testing
@testable import ConnectionCatalog

@Test func packageLookup() {
    #expect(ConnectorPackage.named("directory/active directory")?.identifier == "Usercube.AD@0000001")
}
