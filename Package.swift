// swift-tools-version:6.0
import PackageDescription

// Layers, arrows only downward:
//   groupscope (CLI) → GroupDash (dashboard), GroupBroker and GroupMonitor (swift-nio network edges, dashboard sources)
//     → GroupSim (simulation, snapshot and event model) → GroupCore (pure engine)
//   KafkaWire (pure wire codec) sits beside GroupCore and depends on nothing of GroupScope's.
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
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
    ],
    targets: [
        // Pure and deterministic: the log, the group coordinator, the consumer's membership logic, the assignors.
        .target(
            name: "GroupCore",
            dependencies: [
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        // Producers, consumer members and faults on the engine's virtual clock; scenario files.
        .target(
            name: "GroupSim",
            dependencies: [
                "GroupCore", .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]),
        // Kafka's record compression codecs, from Debian's -dev packages.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // The Kafka wire protocol as a pure codec: frames, headers, messages, record batches. Nothing of GroupScope's.
        .target(name: "KafkaWire", dependencies: ["CZlib", "CSnappy", "CLZ4", "CZstd"]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // glibc's malloc tunables (mallopt), which Glibc's Swift module does not export.
        .systemLibrary(name: "CMalloc"),
        // Snapshot → cell grid layout (pure) and the thin ncurses painter.
        .target(
            name: "GroupDash",
            dependencies: ["GroupSim", "GroupCore", "CNcurses", .product(name: "DequeModule", package: "swift-collections")]),
        // Broker mode: the simulated cluster served over the Kafka protocol (swift-nio on top of KafkaWire and GroupSim).
        .target(
            name: "GroupBroker",
            dependencies: [
                "KafkaWire", "GroupSim", "GroupCore", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]),
        // Monitor mode: a read-only Kafka client (NIO) feeding a pure observed-cluster model that produces the
        // simulation's snapshots and events, so the dashboard shows a real cluster.
        .target(
            name: "GroupMonitor",
            dependencies: [
                "KafkaWire", "GroupCore", "GroupSim", "CMalloc", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "groupscope",
            dependencies: [
                "GroupDash", "GroupSim", "GroupCore", "GroupBroker", "GroupMonitor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "groupscope-bench",
            dependencies: [
                "GroupDash", "GroupSim", "GroupCore", "KafkaWire", "GroupMonitor", "GroupBroker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "KafkaWireTests", dependencies: ["KafkaWire"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GroupCoreTests", dependencies: ["GroupCore"]),
        .testTarget(name: "GroupSimTests", dependencies: ["GroupSim", "GroupCore"]),
        .testTarget(name: "GroupDashTests", dependencies: ["GroupDash", "GroupSim", "GroupCore"]),
        .testTarget(
            name: "GroupBrokerTests",
            dependencies: [
                "GroupBroker", "KafkaWire", "GroupSim", "GroupCore", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                // The serve tests drive the real binary.
                "groupscope",
            ]),
        .testTarget(
            name: "GroupMonitorTests",
            dependencies: [
                "GroupMonitor", "KafkaWire", "GroupCore", "GroupSim",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            exclude: ["Scripts"]),
        // Depends on the executable so that `swift test` always builds the binary it drives in tmux.
        .testTarget(name: "EndToEndTests", dependencies: ["groupscope"]),
    ],
    swiftLanguageModes: [.v6]
)
