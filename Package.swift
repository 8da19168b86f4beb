// swift-tools-version:6.1
// Greenroom — a keyboard-driven terminal desk for creator-operations teams.
// Module lanes (DESIGN.md §5): only GreenroomTerminal imports CNcursesw, only
// GreenroomStore imports GRDB, and GreenroomTUI (pure: model, update, view) does not
// depend on the store or sync at all: GreenroomApp runs its commands against them.
// The compiler enforces the TUI's lane; `LaneTests` checks the rest by reading the sources.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "greenroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "greenroom", targets: ["greenroom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "GreenroomCore",
            swiftSettings: swiftSettings
        ),
        // `malloc_trim` (glibc's malloc.h is not in the Glibc module): see CMemory.h.
        .target(name: "CMemory", path: "Sources/CMemory"),
        .target(
            name: "GreenroomStore",
            dependencies: [
                "GreenroomCore",
                "CMemory",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GreenroomSync",
            dependencies: ["GreenroomCore", "GreenroomStore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GreenroomTUI",
            dependencies: [
                "GreenroomCore",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // The runtime: the Elm loop and the effects that reach the store and the sync folder.
        .target(
            name: "GreenroomApp",
            dependencies: ["GreenroomCore", "GreenroomStore", "GreenroomSync", "GreenroomTUI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GreenroomTerminal",
            dependencies: ["CNcursesw", "GreenroomTUI"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "greenroom",
            dependencies: [
                "GreenroomCore",
                "GreenroomStore",
                "GreenroomSync",
                "GreenroomTUI",
                "GreenroomApp",
                "GreenroomTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomCoreTests",
            dependencies: ["GreenroomCore"],
            swiftSettings: swiftSettings
        ),
        // A second, plain implementation of the KPIs over `greenroom export --format json`
        // (Foundation only, no code of the app) that the KPI tests compare the engine with.
        .target(
            name: "KPIOracle",
            path: "Tests/KPIOracle",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomStoreTests",
            dependencies: ["GreenroomCore", "GreenroomStore", "KPIOracle", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomSyncTests",
            dependencies: ["GreenroomCore", "GreenroomStore", "GreenroomSync", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomTUITests",
            dependencies: ["GreenroomCore", "GreenroomTUI"],
            // Expected screens (golden files) beside each feature's tests, read through #filePath.
            exclude: ["App/__golden__", "Campaigns/__golden__", "Programs/__golden__", "KPIs/__golden__", "Pipeline/__golden__", "Tickets/__golden__", "Today/__golden__"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomAppTests",
            dependencies: ["GreenroomCore", "GreenroomStore", "GreenroomTUI", "GreenroomApp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GreenroomTerminalTests",
            dependencies: ["GreenroomTerminal", "GreenroomTUI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["greenroom", "GreenroomCore", "GreenroomStore", "GreenroomSync", "KPIOracle"],
            // The bench regression check's committed p99s, read through #filePath.
            exclude: ["__baseline__"],
            swiftSettings: swiftSettings
        ),
    ]
)
