// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ConnectionCatalog",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ConnectionCatalog", targets: ["ConnectionCatalog"]),
        .executable(name: "conncat", targets: ["conncat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        libxml2Headers,
        .target(
            name: "ConnectionCatalog",
            dependencies: [
                "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, for raw binding in the import's insert loops (RawStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [
                // Migrations are embedded in the binary: a release binary copied
                // alone to another folder must still be able to create a catalog.
                .embedInCode("../../Migrations/m0001_catalog.sql"),
                .embedInCode("../../Migrations/m0002_secrets.sql"),
                .embedInCode("../../Migrations/m0003_performance.sql"),
                .embedInCode("../../Migrations/m0004_check.sql"),
                .embedInCode("../../Migrations/m0005_migration_checksum.sql"),
                .embedInCode("../../Migrations/m0006_refresh_file_warning.sql"),
                .embedInCode("../../Migrations/m0009_configuration_history.sql"),
                .embedInCode("../../Migrations/m0012_readable_views.sql"),
                .embedInCode("../../Migrations/m0013_export_role.sql"),
                .embedInCode("../../Migrations/m0014_history_indexes.sql"),
                .embedInCode("../../Migrations/m0015_import_inputs.sql"),
                .embedInCode("../../Migrations/m0018_refresh_attempt_changed.sql"),
                .embedInCode("../../Migrations/m0020_attributes_unchecked.sql"),
            ],
            swiftSettings: libxml2HeaderPath
        ),
        // The HTML of `conncat report` (presentation only; its data comes from CatalogReport).
        .target(
            name: "ConncatReport",
            dependencies: ["ConnectionCatalog", .product(name: "Plot", package: "Plot")],
            swiftSettings: libxml2HeaderPath
        ),
        .executableTarget(
            name: "conncat",
            dependencies: [
                "ConnectionCatalog",
                "ConncatReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: libxml2HeaderPath + startupSwiftSettings,
            linkerSettings: startupLinkerSettings
        ),
        // Robustness tooling (docs/ROBUSTNESS.md): the readers' mutation fuzzer and the large
        // working directories of the durability scripts, shared with the tests.
        .target(
            name: "ConncatFuzzing",
            dependencies: ["ConnectionCatalog"],
            path: "Fuzz/Sources/ConncatFuzzing",
            swiftSettings: libxml2HeaderPath
        ),
        .executableTarget(
            name: "conncat-fuzz",
            dependencies: ["ConncatFuzzing"],
            path: "Fuzz/Sources/conncat-fuzz",
            swiftSettings: libxml2HeaderPath
        ),
        // The benchmark's in-process measurements (Benchmarks/run.sh); never run by `swift test`.
        .executableTarget(
            name: "conncat-bench",
            dependencies: ["ConnectionCatalog", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/Sources/conncat-bench",
            swiftSettings: libxml2HeaderPath
        ),
        // The floor of the one-query process time (Benchmarks/README.md, P3): the same stack
        // (argument parser, GRDB, Foundation, linked as conncat is) running the same SELECT, and
        // nothing else.
        .executableTarget(
            name: "conncat-floor",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/Sources/conncat-floor",
            swiftSettings: startupSwiftSettings,
            linkerSettings: startupLinkerSettings
        ),
        .testTarget(
            name: "ConnectionCatalogTests",
            dependencies: ["ConnectionCatalog", "ConncatFuzzing"],
            swiftSettings: libxml2HeaderPath
        ),
        .testTarget(
            name: "conncatTests",
            dependencies: ["conncat", "ConnectionCatalog", "ConncatFuzzing", "ConncatReport", "CLibXML2"],
            // Golden outputs are read from the source tree by path (assertGolden), not bundled.
            exclude: ["Golden"],
            swiftSettings: libxml2HeaderPath,
            // The HTML checks parse the report with libxml2 directly.
            linkerSettings: [.linkedLibrary("xml2")]
        ),
    ]
)

/// The release executables on Linux are linked at a fixed address (not position-independent): a
/// position-independent one has about 100,000 pointers to relocate at every start, and every page
/// they sit on is copied when written; that was about 1.5 ms and 240 page faults of every command
/// (Benchmarks/README.md, P3).
///
/// They export no symbols (`--no-export-dynamic`; the static Swift runtime asks for
/// `-export-dynamic`): nothing loads them as a library, and the runtime looks its own path up
/// with `dladdr` at every start, a scan of every exported symbol (16,000). And the C++ library and
/// SQLite are linked in, from the system's own static libraries (`Linker/libstdc++.so` and
/// `Linker/libsqlite3.so` are linker scripts naming `libstdc++.a` and `libsqlite3.a`, found before
/// the shared libraries): loading the shared ones cost about 0.5 ms and 80 page faults at every
/// start (their relocations and symbol look-ups). The executable then needs only libc, libm and
/// libgcc_s (libxml2 is loaded when the first XML file is read).
var startupLinkerSettings: [LinkerSetting] {
    [
        .unsafeFlags(
            ["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic", "-L", Context.packageDirectory + "/Linker"],
            .when(platforms: [.linux], configuration: .release))
    ]
}

/// The executables' own generic types (the argument parser's `Option<String?>`, the decoders'
/// `KeyedDecodingContainer<CodingKeys>`...) are made through their metadata accessors, with the
/// conformances the compiler knows, rather than from their mangled names: the runtime checks each
/// generic requirement of a mangled name by scanning every conformance record of the binary
/// (about 7,500) the first time, and that was most of what parsing a command line cost
/// (Benchmarks/README.md, P3).
var startupSwiftSettings: [SwiftSetting] {
    [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))]
}

/// libxml2's headers, for its types and constants; the library itself is loaded with `dlopen` the
/// first time an XML file is read (`LibXML2.swift`), so the executables do not load it, nor the
/// ICU, lzma and zlib it depends on, at every start (Benchmarks/README.md, P3). On Linux the
/// module takes no `pkgConfig`: SwiftPM would add pkg-config's `-lxml2` to every link. Its
/// dependants find the headers at the path every Linux distribution's libxml2 package uses.
#if os(Linux)
    var libxml2Headers: Target { .systemLibrary(name: "CLibXML2", providers: [.apt(["libxml2-dev"])]) }
    var libxml2HeaderPath: [SwiftSetting] { [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])] }
#else
    var libxml2Headers: Target {
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])])
    }
    var libxml2HeaderPath: [SwiftSetting] { [] }
#endif
