import Foundation
import GroupBroker
import GroupCore
import GroupSim
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 11, tests 3–5: kafka-python 3.0.12 and confluent-kafka 2.16.1 (librdkafka 2.16) from the pinned venv.
@Suite(.serialized) struct PythonClientTests {
    /// The seed's example (its §5.1), character for character.
    static let seedExample = """
        from kafka import KafkaConsumer

        # 创建消费者组
        consumer = KafkaConsumer(
            'my_topic',
            group_id='my_group',
            bootstrap_servers=['localhost:9092']
        )

        # 消费消息
        for message in consumer:
            print(message.value)

        # 提交偏移量
        consumer.commit()
        """

    static func portIsFree(_ port: Int) -> Bool {
        guard let socket = try? RawSocket(port: port) else { return true }
        _ = socket
        return false
    }

    /// Test 3: the seed's example, unchanged, receives what kcat produces. On 9092 when it is free; otherwise on
    /// another port with the same code (only the port in the address differs).
    @Test func seedExampleReceivesWhatKcatProduces() throws {
        guard Tools.available(Tools.python, for: "seed example"), Tools.available(Tools.kcat, for: "seed example") else {
            return
        }
        var config = BrokerConfig(host: "127.0.0.1", port: 9092)
        if !Self.portIsFree(9092) {
            print("port 9092 is taken: the seed example runs on a free port instead, with the same code")
            config.port = 0
        }
        let fixture: BrokerFixture
        do { fixture = try BrokerFixture(config: config) } catch {
            print("cannot listen on 9092 (\(error)): the seed example runs on a free port instead, with the same code")
            fixture = try BrokerFixture()
        }
        let code = Self.seedExample.replacingOccurrences(of: "localhost:9092", with: "localhost:\(fixture.port)")
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let consumer = try ChildProcess([Tools.python, "-u", script])
        defer { consumer.signal(SIGKILL) }
        // The consumer starts at the log end (auto_offset_reset=latest): produce once it owns the partition.
        let joined = fixture.waitForEvent(timeout: 30) { $0.type == "rebalance.completed" && $0.group == "my_group" }
        #expect(joined != nil, "the seed consumer never joined: \(consumer.stderr)")
        Thread.sleep(forTimeInterval: 1.0)
        let lines = (1...20).map { "hello-\($0)" }
        let input = try Tools.temporaryFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let produced = try ChildProcess.run(
            [Tools.kcat, "-P", "-b", "localhost:\(fixture.port)", "-t", "my_topic", "-l", input], timeout: 20)
        #expect(produced.status == 0)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !lines.allSatisfy({ consumer.stdout.contains("b'\($0)'") }) { usleep(100_000) }
        for line in lines { #expect(consumer.stdout.contains("b'\(line)'\n"), "missing \(line): \(consumer.stdout)") }
    }

    static let cooperativeScenario = """
        name: cooperative-kill
        seed: 4
        duration: 1h
        topics:
          - { name: numbers, partitions: 6 }
        """

    /// Test 4: three confluent-kafka consumers (cooperative-sticky) and one producer of 20,000 numbered messages; one
    /// consumer is SIGKILLed midway. The coordinator expires it within session.timeout.ms, one rebalance hands its
    /// partitions to the survivors, and every number is consumed at least once.
    @Test func cooperativeStickySurvivesASigkill() throws {
        guard Tools.available(Tools.python, for: "confluent-kafka cooperative-sticky") else { return }
        let fixture = try BrokerFixture(yaml: Self.cooperativeScenario)
        let consumerCode = """
            import sys
            from confluent_kafka import Consumer
            c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'coop', 'client.id': sys.argv[2],
                          'partition.assignment.strategy': 'cooperative-sticky', 'session.timeout.ms': 6000,
                          'heartbeat.interval.ms': 500, 'auto.offset.reset': 'earliest', 'auto.commit.interval.ms': 200})
            c.subscribe(['numbers'])
            while True:
                m = c.poll(0.2)
                if m is None or m.error():
                    continue
                print(m.value().decode(), flush=True)
            """
        let producerCode = """
            import sys, time
            from confluent_kafka import Producer
            p = Producer({'bootstrap.servers': sys.argv[1], 'linger.ms': 5})
            for burst in range(40):
                for i in range(burst * 500, (burst + 1) * 500):
                    p.produce('numbers', key=str(i % 97), value=str(i))
                p.poll(0)
                time.sleep(0.25)
            p.flush(30)
            """
        let consumerScript = try Tools.temporaryFile(consumerCode, suffix: ".py")
        let producerScript = try Tools.temporaryFile(producerCode, suffix: ".py")
        defer {
            try? FileManager.default.removeItem(atPath: consumerScript)
            try? FileManager.default.removeItem(atPath: producerScript)
        }
        let consumers = try (1...3).map { try ChildProcess([Tools.python, consumerScript, fixture.bootstrap, "consumer-\($0)"]) }
        defer { for c in consumers { c.signal(SIGKILL) } }
        let formed = fixture.waitForEvent(timeout: 30) { event in
            guard event.type == "rebalance.completed", event.group == "coop",
                case .object(let assignment)? = event.details.first(where: { $0.key == "assignment" })?.value
            else { return false }
            return assignment.count == 3
        }
        #expect(formed != nil, "the three consumers never formed a group: \(consumers.map(\.stderr))")
        let producer = try ChildProcess([Tools.python, producerScript, fixture.bootstrap])
        defer { producer.signal(SIGKILL) }
        // Midway: once the victim has consumed something and about half the numbers are out.
        let victim = consumers[0]
        let midway = Date().addingTimeInterval(15)
        while Date() < midway, victim.stdout.split(separator: "\n").count < 100 || producerProgress(fixture) < 10_000 {
            usleep(50_000)
        }
        let killedAt = try fixture.broker.withSimulation { $0.now }
        victim.signal(SIGKILL)
        #expect(producer.wait(timeout: 40) == 0, "producer: \(producer.stderr)")
        let expired = fixture.waitForEvent(timeout: 15) { $0.type == "member.expired" && $0.group == "coop" }
        let expiredEvent = try #require(expired, "no member.expired: \(fixture.events.map(\.message))")
        #expect(expiredEvent.message.contains("consumer-1"))
        // Expired within the session timeout (6 s) of the kill, give or take a heartbeat interval.
        #expect(expiredEvent.time - killedAt <= 6_000 + 1_000)
        let survivorsOwnAll = fixture.waitForEvent(timeout: 15) { event in
            guard event.type == "rebalance.completed", event.group == "coop", event.time >= expiredEvent.time,
                case .object(let assignment)? = event.details.first(where: { $0.key == "assignment" })?.value
            else { return false }
            let owners = Set(assignment.map(\.0))
            let owned = assignment.reduce(0) { n, entry in
                if case .array(let list) = entry.1 { return n + list.count }
                return n
            }
            return owned == 6 && !owners.contains("consumer-1") && owners.count == 2
        }
        let handover = try #require(survivorsOwnAll, "survivors never owned all partitions: \(fixture.events.map(\.message))")
        // One rebalance after the expiry: every partition consumer-1 owned before the kill is named in the event.
        #expect(handover.time - expiredEvent.time <= 5_000)
        let lastBeforeKill = fixture.events.last { $0.type == "rebalance.completed" && $0.group == "coop" && $0.time <= killedAt }
        guard case .object(let before)? = lastBeforeKill?.details.first(where: { $0.key == "assignment" })?.value,
            case .array(let victimPartitions)? = before.first(where: { $0.0 == "consumer-1" })?.1
        else {
            Issue.record("no assignment of consumer-1 before the kill: \(fixture.events.map(\.message))")
            return
        }
        #expect(!victimPartitions.isEmpty)
        for case .string(let partition) in victimPartitions {
            #expect(handover.message.contains(partition), "\(partition) not named in: \(handover.message)")
        }
        // Every number consumed at least once, across the three processes.
        var seen = Set<Int>()
        let deadline = Date().addingTimeInterval(30)
        repeat {
            seen = Set(consumers.flatMap { $0.stdout.split(separator: "\n").compactMap { Int($0) } })
            if seen.count == 20_000 { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(seen.count == 20_000, "consumed \(seen.count) distinct numbers of 20000")
    }

    /// Records produced so far to the topic, from the simulation.
    func producerProgress(_ fixture: BrokerFixture) -> Int64 {
        (try? fixture.broker.withSimulation { simulation in
            (0..<6).reduce(Int64(0)) { $0 + (simulation.offsets(TopicPartition("numbers", Int32($1)))?.logEnd ?? 0) }
        }) ?? 0
    }

    static let mixedScenario = """
        name: mixed-group
        seed: 5
        duration: 1h
        topics:
          - { name: events, partitions: 6 }
        producers:
          - { topic: events, rate: 50 }
        groups:
          - id: mixed
            topics: [events]
            members: 2
            config: { partition.assignment.strategy: range, session.timeout.ms: 6000, heartbeat.interval.ms: 1000 }
        """

    /// Test 5: two simulated members and one kafka-python consumer in one group: the real consumer gets its range share
    /// (2 of 6 partitions), and `crash` works on both kinds of member.
    @Test func mixedGroupOfSimulatedAndRealMembers() throws {
        guard Tools.available(Tools.python, for: "mixed group") else { return }
        let fixture = try BrokerFixture(yaml: Self.mixedScenario)
        let code = """
            import sys
            from kafka import KafkaConsumer
            c = KafkaConsumer('events', group_id='mixed', client_id='real-1', bootstrap_servers=[sys.argv[1]],
                              session_timeout_ms=6000, heartbeat_interval_ms=1000, auto_offset_reset='earliest')
            while True:
                c.poll(timeout_ms=200)
                print('assignment', sorted(tp.partition for tp in c.assignment()), flush=True)
            """
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let consumer = try ChildProcess([Tools.python, script, fixture.bootstrap])
        defer { consumer.signal(SIGKILL) }
        let shared = fixture.waitForEvent(timeout: 30) { event in
            guard event.type == "rebalance.completed", event.group == "mixed",
                case .object(let assignment)? = event.details.first(where: { $0.key == "assignment" })?.value
            else { return false }
            return assignment.count == 3
        }
        let event = try #require(shared, "the real consumer never joined the group: \(consumer.stderr)")
        guard case .object(let assignment)? = event.details.first(where: { $0.key == "assignment" })?.value else { return }
        // Kafka's RangeAssignor: 6 partitions over 3 members sorted by member id → 2 each.
        for (member, partitions) in assignment {
            guard case .array(let list) = partitions else { continue }
            #expect(list.count == 2, "\(member) got \(list)")
        }
        let realName = try #require(assignment.map(\.0).first { $0.hasPrefix("real-1") })
        // The consumer itself sees its two partitions.
        func lastAssignment() -> String? { consumer.stdout.split(separator: "\n").last.map(String.init) }
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, lastAssignment()?.split(separator: ",").count != 2 { usleep(100_000) }
        // kafka-python prints e.g. "assignment [2, 3]".
        #expect(lastAssignment()?.split(separator: ",").count == 2, "\(consumer.stdout.suffix(200))")
        // crash works on both kinds.
        try fixture.broker.crash(member: "mixed-1")
        try fixture.broker.crash(member: realName)
        let simulatedExpired = fixture.waitForEvent(timeout: 15) { $0.type == "member.expired" && $0.message.contains("mixed-1") }
        let realExpired = fixture.waitForEvent(timeout: 15) { $0.type == "member.expired" && $0.message.contains(realName) }
        #expect(simulatedExpired != nil)
        #expect(realExpired != nil, "events: \(fixture.events.map(\.message).suffix(20))")
    }
}
