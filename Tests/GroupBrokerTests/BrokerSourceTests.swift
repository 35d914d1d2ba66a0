import Foundation
import GroupBroker
import GroupCore
import GroupSim
import KafkaWire
import Testing

/// The dashboard's source in broker mode: the wall clock cannot be sped up or paused, and on a real member only `k`
/// applies (issue 11, "Behaviour").
struct BrokerSourceTests {
    @Test func clockKeysAreRefusedWithAReason() throws {
        let fixture = try BrokerFixture()
        let source = BrokerSource(broker: fixture.broker)
        let reason = try #require(source.capabilities.refusal(for: .clock))
        #expect(reason.contains("wall clock"))
        #expect(source.capabilities.externalMemberFaults == [.crash])
        #expect(source.capabilities.refusal(for: .memberFault) == nil)
    }

    /// A topic a real client creates through Metadata gets `--default-partitions` partitions (Kafka:
    /// auto.create.topics.enable with num.partitions; MetadataRequest v4+ allow_auto_topic_creation). It has no simulated
    /// producer, so `+`/`-` on it are refused with a reason instead of trapping, while a scenario topic takes the rate.
    @Test func rateOnATopicARealClientCreatedIsRefusedWithAReason() throws {
        let fixture = try BrokerFixture(config: BrokerConfig(defaultPartitions: 3))
        let client = try RecordsOverTheWireTests.Client(port: fixture.port)
        let metadata = try client.call(
            MetadataRequest(topics: [.init(name: "my_topic")], allowAutoTopicCreation: true), version: 12)
        #expect(metadata.topics.first?.errorCode == 0)
        #expect(metadata.topics.first?.partitions.count == 3)
        let source = BrokerSource(broker: fixture.broker)
        do {
            try source.apply(.rate(topic: "my_topic", messagesPerSecond: 1))
            Issue.record("a rate on my_topic was accepted")
        } catch let error as CommandError {
            #expect(error.message.contains("created by a real client"))
        }
        try source.apply(.rate(topic: "quiet", messagesPerSecond: 10))
        #expect(fixture.events.contains { $0.type == "producer.rate" && $0.message.contains("quiet") })
        // The broker still serves.
        #expect(try client.listOffset(topic: "my_topic", partition: 2, timestamp: -1).0 == 0)
    }

    /// A real kafka-python member shows in the snapshot marked external, with its client.id and host, owning its
    /// partition; `hang` on it is refused, `crash` drops it and the coordinator expires it at its session timeout.
    @Test func realMemberIsShownAndOnlyCrashApplies() throws {
        guard Tools.available(Tools.python, for: "broker source with a real member") else { return }
        let fixture = try BrokerFixture()
        let code = """
            import sys
            from kafka import KafkaConsumer
            c = KafkaConsumer('quiet', group_id='watched', client_id='watched-app', bootstrap_servers=[sys.argv[1]],
                              session_timeout_ms=6000, heartbeat_interval_ms=1000)
            while True:
                c.poll(timeout_ms=200)
            """
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let consumer = try ChildProcess([Tools.python, script, fixture.bootstrap])
        defer { consumer.signal(SIGKILL) }
        #expect(fixture.waitForEvent(timeout: 30) { $0.type == "rebalance.completed" && $0.group == "watched" } != nil)
        let source = BrokerSource(broker: fixture.broker)
        let snapshot = source.snapshot()
        let group = try #require(snapshot.groups.first { $0.id == "watched" })
        let member = try #require(group.members.first)
        #expect(member.isExternal)
        #expect(member.clientId == "watched-app")
        #expect(member.host == "/127.0.0.1")
        #expect(member.partitions.count == 3)
        let quiet = try #require(snapshot.topics.first { $0.name == "quiet" })
        #expect(quiet.partitions.allSatisfy { $0.groups.first { $0.groupId == "watched" }?.owner == member.name })
        #expect(throws: CommandError.self) { try source.apply(.hang(member: member.name)) }
        try source.apply(.crash(member: member.name))
        let expired = fixture.waitForEvent(timeout: 15) { $0.type == "member.expired" && $0.group == "watched" }
        #expect(expired != nil)
    }

    /// The dashboard reads views the simulation's thread publishes (so a frame never waits behind requests being
    /// served): the run's events from its first (`broker.listening`, issue 11: the first thing the broker reports), and
    /// a command's effect in the very next snapshot.
    /// Issue 11, "Security": off loopback there is no authentication. The stderr line saying so scrolls away under the
    /// full-screen dashboard, so the header's address says it too — and a loopback address stays bare.
    @Test func headerSaysNoAuthenticationOffLoopback() throws {
        let exposed = try BrokerFixture(config: BrokerConfig(host: "0.0.0.0"))
        let exposedSource = BrokerSource(broker: exposed.broker)
        #expect(exposedSource.snapshot().listeningOn == "0.0.0.0:\(exposed.port) (no authentication)")
        let local = try BrokerFixture()
        #expect(BrokerSource(broker: local.broker).snapshot().listeningOn == "127.0.0.1:\(local.port)")
        #expect(BrokerConfig.exposureWarning(host: "127.0.0.1", port: local.port) == nil)
        let warning = try #require(BrokerConfig.exposureWarning(host: "0.0.0.0", port: exposed.port))
        #expect(warning.hasPrefix("listening on 0.0.0.0:\(exposed.port) without authentication"))
    }

    @Test func publishedViewsCarryEveryEventAndShowACommandAtOnce() throws {
        let fixture = try BrokerFixture(
            yaml: """
                name: published
                seed: 2
                duration: 1h
                topics:
                  - { name: orders, partitions: 2 }
                groups:
                  - { id: billing, topics: [orders], members: 2 }
                """)
        let source = BrokerSource(broker: fixture.broker)
        let events = source.events(from: 0)
        #expect(events.first?.type == "broker.listening")
        // The fixture asks for port 0: the snapshot names the port the clients connect to, for the header.
        #expect(fixture.port > 0)
        #expect(source.snapshot().listeningOn == fixture.bootstrap)
        #expect(events.map(\.sequence) == Array(0..<events.count))
        let member = try #require(source.snapshot().groups.first?.members.first)
        try source.apply(.crash(member: member.name))
        let after = try #require(source.snapshot().groups.first?.members.first { $0.name == member.name })
        #expect(after.status == .crashed)
        let later = source.events(from: events.count)
        #expect(later.first?.sequence == events.count)
    }
}
