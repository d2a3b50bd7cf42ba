/// The secrets written in clear in `appsettings.agent.json` at the latest import, for the
/// configuration check (domain rule 10: a warning recommending the encrypted file, Azure Key Vault
/// or CyberArk; `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/index.md`,
/// `.../agent-configuration/cyberark-application-access-manager-credential-providers/index.md`).
///
/// Reported: a value whose name says password, secret, token or key, an OpenID client secret,
/// and a connection string with a non-empty password part — also when an overlay overrides it,
/// since the clear text still sits in the file. Not reported: values withheld only by caution
/// (names not on the list of documented non-secret names, PowerShell `Options`).
public enum PlainTextSecrets {
    /// - Returns: one value per secret in clear, in file order, located in `appsettings.agent.json`
    ///   (file, line of the key, JSON path).
    public static func run(in catalog: Catalog) throws -> [PlainTextSecret] {
        try catalog.plainTextSecrets()
    }
}
