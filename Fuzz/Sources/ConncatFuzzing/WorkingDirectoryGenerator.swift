import Foundation

/// Writes a large, deterministic Identity Manager working directory (`Conf/`,
/// `Runtime/appsettings.agent.json`, `Temp/ExportOutput/`) for durability and concurrency tests:
/// big enough that an import takes a noticeable time, and in two variants whose import or
/// schema refresh give different catalogs.
///
/// Each generated connection `GenNNNNN` has one XML file (connector, CSV connection, entity type,
/// entity type mapping, export task), one agent settings entry (`;` separator) and one export
/// file whose header has `columns` columns. Variant `b` adds one column to every export header
/// and one property to every entity type and mapping, and renames the display names.
public enum WorkingDirectoryGenerator {
    /// Which of the two configurations to write: `b` has one more column per export table and
    /// one more property per entity type and mapping, and other display names.
    public enum Variant: String, Sendable, CaseIterable {
        case a, b
    }

    /// Creates the working directory at `root` (which must not exist yet).
    /// - Parameters:
    ///   - connections: how many connections to generate.
    ///   - columns: export columns per connection in variant `a`.
    public static func generate(at root: URL, connections: Int, columns: Int = 24, variant: Variant) throws {
        let fm = FileManager.default
        let conf = root.appendingPathComponent("Conf/Generated")
        let runtime = root.appendingPathComponent("Runtime")
        let exports = root.appendingPathComponent("Temp/ExportOutput")
        for folder in [conf, runtime, exports] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
        try write(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Agent Identifier="GenAgent" DisplayName_L1="Generated agent" URI="https://agent.example.test" />
            </ConfigurationFile>

            """, to: root.appendingPathComponent("Conf/Agents.xml"))
        let columnCount = columns + (variant == .b ? 1 : 0)
        var settings = "{\n  \"OpenId\": { \"AgentIdentifier\": \"GenAgent\" },\n  \"Connections\": {\n"
        for index in 1...max(1, connections) {
            let name = "Gen" + String(format: "%05d", index)
            try write(xml(name, columnCount: columnCount, variant: variant), to: conf.appendingPathComponent("\(name).xml"))
            let header = (1...columnCount).map { column(name, $0) }
            var csv = header.joined(separator: ";") + "\r\n"
            for row in 1...3 { csv += (1...columnCount).map { "v\(row)_\($0)" }.joined(separator: ";") + "\r\n" }
            try write(csv, to: exports.appendingPathComponent("\(name).csv"))
            settings += "    \"\(name)\": { \"Path\": \"D:/Sources/\(name).csv\", \"Separator\": \";\", \"Encoding\": \"UTF-8\" }"
            settings += index == max(1, connections) ? "\n" : ",\n"
        }
        settings += "  }\n}\n"
        try write(settings, to: runtime.appendingPathComponent("appsettings.agent.json"))
    }

    static func column(_ connection: String, _ index: Int) -> String {
        "\(connection.lowercased())_col_\(String(format: "%03d", index))"
    }

    static func xml(_ name: String, columnCount: Int, variant: Variant) -> String {
        let label = variant == .a ? "Generated" : "Regenerated"
        var text = """
            <?xml version="1.0" encoding="utf-8"?>
            <ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
              <Connector Identifier="\(name)Connector" DisplayName_L1="\(label) connector \(name)" Agent="GenAgent" />
              <Connection Identifier="\(name)" DisplayName_L1="\(label) connection \(name)" Connector="\(name)Connector" Package="Usercube.CSV@0000001" />
              <EntityType Identifier="\(name)_Account" DisplayName_L1="\(label) account \(name)">

            """
        for index in 1...columnCount {
            let key = index == 1 ? " IsKey=\"true\"" : ""
            text +=
                "    <Property Identifier=\"P\(index)\" DisplayName_L1=\"\(label) property \(index)\" Type=\"String\"\(key) TargetColumnIndex=\"\(index + 3)\" />\n"
        }
        text += "  </EntityType>\n  <EntityTypeMapping Identifier=\"\(name)_Account\" Connector=\"\(name)Connector\" ConnectionTable=\"\(name)\">\n"
        for index in 1...columnCount {
            let key = index == 1 ? " IsPrimaryKey=\"true\"" : ""
            text += "    <Property Identifier=\"P\(index)\" ConnectionColumn=\"\(column(name, index))\"\(key) />\n"
        }
        text += "  </EntityTypeMapping>\n"
        text +=
            "  <ExportTask Identifier=\"\(name)_Export\" DisplayName_L1=\"Export \(name)\" Agent=\"GenAgent\" OpenIdClient=\"Job\" Connection=\"\(name)\" />\n"
        text += "</ConfigurationFile>\n"
        return text
    }

    private static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }
}
