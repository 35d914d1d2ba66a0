// swift-tools-version:6.0
import PackageDescription

// Layers, arrows only downward:
//   groupscope (CLI) → GroupDash (dashboard) → GroupSim (simulation) → GroupCore (pure engine)
let package = Package(
    name: "GroupScope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "groupscope", targets: ["groupscope"]),
        .executable(name: "groupscope-bench", targets: ["groupscope-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Pure and deterministic: the log, the group coordinator, the consumer's membership logic, the assignors.
        .target(name: "GroupCore"),
        // Producers, consumer members and faults on the engine's virtual clock; scenario files.
        .target(name: "GroupSim", dependencies: ["GroupCore", .product(name: "Yams", package: "Yams")]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // Snapshot → cell grid layout (pure) and the thin ncurses painter.
        .target(name: "GroupDash", dependencies: ["GroupSim", "CNcurses"]),
        .executableTarget(
            name: "groupscope",
            dependencies: [
                "GroupDash", "GroupSim", "GroupCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "groupscope-bench",
            dependencies: [
                "GroupDash", "GroupSim", "GroupCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "GroupCoreTests", dependencies: ["GroupCore"]),
        .testTarget(name: "GroupSimTests", dependencies: ["GroupSim"]),
        .testTarget(name: "GroupDashTests", dependencies: ["GroupDash"]),
        // Depends on the executable so that `swift test` always builds the binary it drives in tmux.
        .testTarget(name: "EndToEndTests", dependencies: ["groupscope"]),
    ],
    swiftLanguageModes: [.v6]
)
