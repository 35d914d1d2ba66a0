import Foundation
import Testing

/// `groupscope watch` in tmux on a cluster served by `groupscope serve` (another process): the topics and the group
/// appear, and when a member of the served cluster dies, the screen shows it leaving, its partition moving and the
/// rebalance (issue 12: "tmux end to end"). Without tmux this skips with a message, except in CI, where it fails.
@Suite(.serialized, .enabled(if: Tmux.shouldRun, Comment(rawValue: Tmux.skipReason)))
struct WatchEndToEndTests {
    /// Three roundrobin members over three partitions; billing-2 crashes at 12 s and the coordinator expires it when
    /// its 6 s session runs out (Kafka's minimum group.min.session.timeout.ms), at about 18 s. The crash is late
    /// enough that a slow start of `watch` still sees the group whole first.
    static let scenario = """
        name: watch-e2e
        seed: 3
        duration: 10m
        topics:
          - name: orders
            partitions: 3
        producers:
          - topic: orders
            rate: 300
            keys: uniform
            key-space: 1000
        groups:
          - id: billing
            topics: [orders]
            members: 3
            processing-rate: 400
            config:
              partition.assignment.strategy: roundrobin
              session.timeout.ms: 6000
              heartbeat.interval.ms: 2000
        events:
          - { at: 12s, crash: billing-2 }
        """

    /// Member names as the monitor shows them: the client id the simulated member sends (`billing-002`).
    static func owned(_ screen: String) -> [String: Set<String>] {
        Dictionary(
            uniqueKeysWithValues: ["billing-001", "billing-002", "billing-003"].map {
                ($0, ScreenText.partitions(of: $0, in: screen))
            })
    }

    @Test func aMemberKilledInTheServedClusterShowsAsLeftMovedAndRebalanced() throws {
        try Tmux.requireAvailable()
        let binary = try Tmux.binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gs-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("watch-e2e.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)

        let served = try BackgroundProcess([
            binary, "serve", "--listen", "127.0.0.1:0", "--scenario", file.path, "--format", "json",
        ])
        defer { served.stop() }
        // The first line is the broker.listening event, with the port the kernel picked.
        let first = try #require(served.firstLine(within: DashboardEndToEndTests.startup), "serve printed nothing")
        let event = try #require(
            try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any], "not JSON: \(first)")
        #expect(event["type"] as? String == "broker.listening")
        let address = try #require(event["address"] as? String, "no address in \(first)")

        let tmux = try Tmux(command: "'\(binary)' watch --bootstrap-server \(address) --interval 250ms", width: 120, height: 45)
        // Kafka's RoundRobinAssignor deals the partitions in order over the members sorted by member id (which sort as
        // the client ids do here): member n owns orders-(n-1).
        let whole = tmux.waitFor(timeout: DashboardEndToEndTests.startup, interval: 0.2) { screen in
            ScreenText.groupRow("billing", in: screen)?.contains("Stable") == true
                && Self.owned(screen) == ["billing-001": ["orders-0"], "billing-002": ["orders-1"], "billing-003": ["orders-2"]]
        }
        try #require(whole.matched, "billing never showed Stable with its three members:\n\(whole.screen)")
        let topics = ScreenText.pane("Topics", in: whole.screen)
        #expect(topics.contains { $0.hasPrefix("orders  3 partitions") }, "\(topics)")
        // The header names what is watched and how often, not a speed or a seed; DescribeGroups has no generation.
        let header = whole.screen.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("watch \(address)") && header.contains("refresh 250ms"), "\(header)")
        #expect(!header.contains("speed") && !header.contains("seed"), "\(header)")
        #expect(ScreenText.groupRow("billing", in: whole.screen)?.contains("gen ?") == true)

        // billing-2 crashes at 12 s; its session expires about 6 s later.
        let (screen, matched) = tmux.waitFor(timeout: 45, interval: 0.2) { screen in
            let events = ScreenText.events(in: screen)
            guard let left = events.firstIndex(where: { $0.contains("member.left") }) else { return false }
            return events[...left].contains { $0.contains("rebalance.completed") }
                && ScreenText.groupRow("billing", in: screen)?.contains("Stable") == true
        }
        try #require(matched, "no member.left followed by a completed rebalance:\n\(screen)")
        let events = ScreenText.events(in: screen)
        let leftIndex = try #require(events.firstIndex { $0.contains("member.left") })
        #expect(events[leftIndex].contains("billing: billing-002 left (client id billing-002, host "), "\(events[leftIndex])")
        let completed = try #require(events[...leftIndex].last { $0.contains("rebalance.completed") && $0.contains("billing:") })
        // With two members left, RoundRobinAssignor deals orders-0 → billing-001, orders-1 → billing-003,
        // orders-2 → billing-001: orders-1 and orders-2 change hands.
        let moves = ScreenText.moves(in: completed)
        #expect(moves.contains { $0 == ("orders-1", "billing-002", "billing-003") }, "\(completed)")
        #expect(moves.contains { $0 == ("orders-2", "billing-003", "billing-001") }, "\(completed)")
        #expect(Self.owned(screen) == ["billing-001": ["orders-0", "orders-2"], "billing-002": [], "billing-003": ["orders-1"]])
        #expect(!ScreenText.pane("Groups", in: screen).contains { $0.contains("billing-002") }, "\(screen)")
        #expect(!ScreenText.pane("Topics", in: screen).contains { $0.contains("billing-002") }, "\(screen)")
        // The group commits: Burrow's status has something to judge, so the STATUS column is there.
        #expect(ScreenText.pane("Topics", in: screen).contains { $0.contains("LAG STATUS") }, "\(screen)")

        // The watcher ends with q; the served cluster is stopped by the defer, tmux by its deinit.
        tmux.send("q")
        let ended = tmux.waitFor(timeout: 10) { $0.contains("EXIT=") }
        #expect(ended.screen.contains("EXIT=0"), "\(ended.screen)")
    }
}
