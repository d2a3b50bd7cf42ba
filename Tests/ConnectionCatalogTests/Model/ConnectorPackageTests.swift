import Testing

@testable import ConnectionCatalog

@Suite struct ConnectorPackageTests {
    /// A package is found by its identifier or its display name, case-insensitively.
    @Test func aPackageIsFoundByIdentifierOrDisplayName() {
        #expect(ConnectorPackage.named("directory/active directory")?.identifier == "Usercube.AD@0000001")
        #expect(ConnectorPackage.named("usercube.ad@0000001")?.displayName == "Directory/Active Directory")
        #expect(ConnectorPackage.named("Directory/No Such Package") == nil)
    }
}
