import GroupCore
import GroupSim
import KafkaWire
import Testing

@testable import GroupMonitor

/// `watch`'s source: unreachable at start it says so with the retry countdown; when the broker answers the data
/// arrives, the broker is reported back; a broker that goes away leaves the data, marked stale. Every command is
/// refused as read-only. Waits are bounded at 60 s: under the full parallel suite on two cores the cooperative pool
/// the refresher runs on can be starved for tens of seconds by other suites' blocking waits.
@Suite struct MonitorSourceTests {
    static let broker = BrokerAddress(host: "127.0.0.1", port: 9_001)

    func waitFor(_ condition: () -> Bool, seconds: Double = 60) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func unreachableThenBackThenStale() async throws {
        let transport = ScriptedTransport()
        transport.unreachable = [Self.broker]
        transport.on(Self.broker, .apiVersions, ScriptedTransport.everyVersion)
        var metadata = ClusterReaderTests.metadata(leaders: [1, 1, 1, 1, 1, 1])
        metadata.brokers.removeLast(2)  // a one-broker cluster
        transport.on(Self.broker, .metadata, ScriptedTransport.encoded(metadata))
        transport.on(Self.broker, .listGroups, ScriptedTransport.encoded(KafkaWire.ListGroupsResponse()))
        transport.onListOffsets(Self.broker, nodeId: 1, leaders: [1, 1, 1, 1, 1, 1])
        let source = MonitorSource(
            settings: MonitorSource.Settings(
                bootstrap: [Self.broker], interval: 250, selection: ReadSelection(), evaluator: LagEvaluator()))
        source.start(transport: transport)
        defer { source.stop() }

        try await waitFor { source.snapshot().sourceStatus?.hasPrefix("connecting to 127.0.0.1:9001… (retry in ") == true }
        let connecting = source.snapshot()
        #expect(connecting.sourceStatus?.hasPrefix("connecting to 127.0.0.1:9001… (retry in ") == true)
        #expect(connecting.sourceStatus?.hasSuffix("): connection refused") == true)
        #expect(connecting.topics.isEmpty)
        // The header's source line: what is watched and how often, and no refresh landed yet.
        #expect(connecting.liveSource == LiveSourceInfo(target: "127.0.0.1:9001", refreshInterval: 250, lastRefresh: nil))

        // The metadata names node 1 at 127.0.0.1:9001, the address the source was given.
        transport.unreachable = []
        try await waitFor({ !source.snapshot().topics.isEmpty }, seconds: 60)
        let live = source.snapshot()
        #expect(live.sourceStatus == nil)
        #expect(live.topics.map(\.name) == ["orders"])
        #expect(live.topics.first?.partitions.map(\.logEndOffset) == [7, 107, 207, 307, 407, 507])
        let landed = try #require(live.liveSource?.lastRefresh, "no refresh time after data arrived")
        #expect(landed <= live.time)
        let types = source.events(from: 0).map(\.type)
        #expect(types.prefix(3) == ["broker.unreachable", "broker.back", "cluster.connected"])

        transport.unreachable = [Self.broker]
        try await waitFor({ source.snapshot().sourceStatus?.hasPrefix("stale ") == true }, seconds: 60)
        let stale = source.snapshot()
        #expect(
            stale.sourceStatus?.contains("cannot reach 127.0.0.1:9001: connection refused (retry in ") == true,
            "\(stale.sourceStatus ?? "nil")")
        #expect(stale.topics.map(\.name) == ["orders"])

        #expect(throws: CommandError.self) { try source.apply(.crash(member: "billing-1")) }
        #expect(source.capabilities.refusal(for: .memberFault) == MonitorSource.readOnlyReason)
    }
}
