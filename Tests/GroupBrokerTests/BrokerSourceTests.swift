import Foundation
import GroupBroker
import GroupCore
import GroupSim
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
        #expect(events.map(\.sequence) == Array(0..<events.count))
        let member = try #require(source.snapshot().groups.first?.members.first)
        try source.apply(.crash(member: member.name))
        let after = try #require(source.snapshot().groups.first?.members.first { $0.name == member.name })
        #expect(after.status == .crashed)
        let later = source.events(from: events.count)
        #expect(later.first?.sequence == events.count)
    }
}
