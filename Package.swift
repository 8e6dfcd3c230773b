// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "scencat",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "scencat", targets: ["scencat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure catalogue logic: entities, ids, quarters, validation rules, compute arithmetic.
        .target(name: "CatalogCore"),
        // Pinyin of Chinese text (pypinyin's tables, phrase-aware): sort keys, matching, index words.
        .target(name: "ChineseText"),
        // YAML reading with positions, canonical writing, catalogue layout, atomic writes.
        .target(name: "CatalogFiles", dependencies: [
            "CatalogCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The derived SQLite index: schema, incremental indexing, queries, search.
        .target(name: "CatalogIndex", dependencies: [
            "CatalogCore", "CatalogFiles", "ChineseText",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // git: plan, commit, fetch/merge, push, and the entity-level 3-way merge (runs the git CLI, never a shell).
        .target(name: "CatalogSync", dependencies: ["CatalogCore", "CatalogFiles", "CatalogIndex", "Wording"]),
        // Quarterly lists: selection, renderers, diff between quarters, Ed25519 signing and verification.
        .target(name: "Publishing", dependencies: [
            "CatalogCore", "CatalogFiles", "CatalogIndex", "Spreadsheet", "Wording",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Spreadsheets in and out (xlsx through ZIPFoundation and XMLParser, CSV in UTF-8 or GB18030); knows nothing of the catalogue.
        .target(name: "Spreadsheet", dependencies: [
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Catalogue lists to sheets and submission sheets to scenarios: export tables, import plans, header synonyms.
        .target(name: "CatalogSheets", dependencies: ["CatalogCore", "CatalogFiles", "CatalogIndex", "Spreadsheet", "Wording"]),
        // Every text a person reads, one table per language; the language in effect (docs/0020).
        .target(name: "Wording", dependencies: ["CatalogCore"]),
        // Terminal-independent UI: cell buffer, display widths, widgets, Backend, TestBackend.
        .target(name: "TerminalKit"),
        // What screen tests share: plain-text snapshots of rendered screens (not part of the app).
        .target(name: "TerminalKitTestSupport"),
        // For the test targets only: catalogue files several test targets write alike.
        .target(name: "CatalogTestSupport"),
        // ncursesw, reached through a tiny C shim (Swift 6 cannot touch curses globals).
        .target(name: "CNCursesW",
                cSettings: [.define("_XOPEN_SOURCE", to: "700"), .define("_DEFAULT_SOURCE")],
                linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CursesBackend", dependencies: ["TerminalKit", "CNCursesW"]),
        .target(name: "ScencatApp", dependencies: ["TerminalKit", "Wording", "ChineseText", "CatalogCore", "CatalogFiles", "CatalogIndex", "CatalogSync", "Publishing", "Spreadsheet", "CatalogSheets"]),
        .executableTarget(name: "scencat", dependencies: [
            "CatalogCore", "CatalogFiles", "CatalogIndex", "CatalogSync", "Publishing", "ScencatApp", "CursesBackend", "TerminalKit",
            "Spreadsheet", "CatalogSheets", "Wording",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CatalogCoreTests", dependencies: ["CatalogCore"]),
        .testTarget(name: "ChineseTextTests", dependencies: ["ChineseText"]),
        .testTarget(name: "CatalogFilesTests", dependencies: ["CatalogFiles", "CatalogCore", "CatalogTestSupport"]),
        .testTarget(name: "CatalogIndexTests", dependencies: ["CatalogIndex", "CatalogFiles", "CatalogCore"]),
        .testTarget(name: "CatalogSyncTests", dependencies: ["CatalogSync", "CatalogIndex", "CatalogFiles", "CatalogCore", "Wording"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "CatalogIndex", "CatalogFiles", "CatalogCore", "Spreadsheet", "TerminalKitTestSupport", "CatalogTestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "WordingTests", dependencies: ["Wording", "CatalogCore"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"]),
        .testTarget(name: "CatalogSheetsTests", dependencies: ["CatalogSheets", "Wording", "Spreadsheet", "CatalogIndex", "CatalogFiles", "CatalogCore", "CatalogTestSupport"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "TerminalKitTestSupport", "CNCursesW"]),
        .testTarget(name: "ScencatAppTests", dependencies: ["ScencatApp", "Wording", "ChineseText", "TerminalKit", "TerminalKitTestSupport", "CatalogIndex", "CatalogFiles", "CatalogCore", "CatalogSync", "CatalogSheets", "Spreadsheet", "CatalogTestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Wording", "CatalogTestSupport"]),
    ]
)
