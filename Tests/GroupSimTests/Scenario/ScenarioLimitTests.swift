import Testing

@testable import GroupSim

/// Inputs that once trapped, looped or allocated without bound: each now fails with one located line.
/// Kafka's own rules are named where a bound comes from Kafka.
@Suite struct ScenarioLimitTests: ScenarioErrorChecking {
    /// ConsumerConfig's ConfigDef declares these as Type.INT: a value beyond Integer.MAX_VALUE is not an INT.
    @Test(arguments: [
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "max.poll.records", "auto.commit.interval.ms",
    ])
    func kafkaIntConfigsAre32Bit(key: String) {
        let column = key.count + 9
        #expect(
            error(Self.group + "    config:\n      \(key): 2147483648\n")
                == "bad.yaml:9:\(column): invalid value 2147483648 for \(key): Kafka's \(key) is an INT (32-bit), at most 2147483647"
        )
    }

    /// GroupCoordinatorConfig: group.min.session.timeout.ms defaults to 6000, group.max.session.timeout.ms to
    /// 1800000; GroupMetadataManager answers a JoinGroup outside them with INVALID_SESSION_TIMEOUT.
    @Test func sessionTimeoutWithinTheBrokerBounds() {
        let bounds =
            "is outside the broker's group.min.session.timeout.ms…group.max.session.timeout.ms (6000…1800000): every JoinGroup would fail with INVALID_SESSION_TIMEOUT"
        #expect(
            error(Self.group + "    config:\n      session.timeout.ms: 5000\n      heartbeat.interval.ms: 1000\n")
                == "bad.yaml:9:27: session.timeout.ms 5000 \(bounds)")
        #expect(
            error(Self.group + "    config:\n      session.timeout.ms: 1800001\n")
                == "bad.yaml:9:27: session.timeout.ms 1800001 \(bounds)")
        #expect(
            error(Self.group + "    config:\n      session.timeout.ms: 6000\n      heartbeat.interval.ms: 2000\n").hasPrefix(
                "no error"))
        #expect(error(Self.group + "    config:\n      session.timeout.ms: 1800000\n").hasPrefix("no error"))
    }

    /// Kafka's LONG retention.ms: Long.MAX_VALUE is legal and means "keep for ever" here, one more is not a LONG.
    @Test func retentionUpToLongMax() throws {
        let forever = try Scenario.parse(
            yaml: "topics:\n  - name: orders\n    partitions: 1\n    retention.ms: 9223372036854775807\n", file: "ok.yaml")
        #expect(forever.topics[0].retentionMs == nil)
        let sim = Simulation(scenario: forever)
        sim.run(until: 60_000)  // retention arithmetic (now - retention.ms) must not overflow
        #expect(
            error("topics:\n  - name: orders\n    partitions: 1\n    retention.ms: 9223372036854775808\n")
                == "bad.yaml:4:19: retention.ms must be between -1 and 9223372036854775807, not 9223372036854775808")
    }

    @Test func ratesAreBounded() {
        #expect(
            error(Self.topic + "producers:\n  - topic: orders\n    rate: 1e20\n")
                == "bad.yaml:6:11: rate 1e+20 is above the limit of 10000000 msg/s")
        #expect(
            error(Self.topic + "producers:\n  - topic: orders\n    rate: 1e300000\n")
                == "bad.yaml:6:11: rate must be a number, not '1e300000'")
        #expect(
            error(Self.group + "    processing-rate: 10000001\n")
                == "bad.yaml:8:22: processing-rate 10000001 is above the limit of 10000000 msg/s")
        #expect(
            error(
                Self.topic
                    + "producers:\n  - topic: orders\n    rate: 1000\n    pattern: { type: bursts, factor: 1e9, length: 1s, every: 10s }\n"
            )
                == "bad.yaml:7:14: this pattern peaks at 1000000000000 msg/s, above the limit of 10000000 msg/s")
        #expect(
            error(Self.group + "events:\n  - at: 1s\n    rate: { topic: orders, rate: 2e7 }\n")
                == "bad.yaml:10:34: rate 20000000 is above the limit of 10000000 msg/s")
        #expect(
            error(Self.group + "events:\n  - at: 1s\n    slow: { member: billing-1, rate: 1e12 }\n")
                == "bad.yaml:10:38: rate 1000000000000 is above the limit of 10000000 msg/s")
    }

    /// The `rate` and `slow` commands from the dashboard or a console check the same bound.
    @Test func rateCommandsAreBounded() throws {
        let sim = Simulation(scenario: try Scenario.parse(yaml: Self.group, file: "ok.yaml"))
        #expect(throws: CommandError.self) { try sim.apply(.rate(topic: "orders", messagesPerSecond: 1e20)) }
        #expect(throws: CommandError.self) { try sim.apply(.slow(member: "billing-1", rate: .infinity)) }
        #expect(throws: CommandError.self) { try sim.apply(.pause(member: "billing-1", seconds: 1e300)) }
        try sim.apply(.rate(topic: "orders", messagesPerSecond: ScenarioLimits.maxRate))
    }

    /// Kafka's Topic.validate (clients/.../common/internals/Topic.java): ≤ 249 of [a-zA-Z0-9._-], not "." or "..".
    @Test func topicNamesFollowKafkasRule() {
        let long = String(repeating: "t", count: 250)
        #expect(
            error("topics:\n  - name: \(long)\n    partitions: 1\n")
                == "bad.yaml:2:11: topic name '\(String(repeating: "t", count: 60))…' is illegal: the length of the name (250) is longer than the max allowed length 249"
        )
        #expect(error("topics:\n  - name: \(String(repeating: "t", count: 249))\n    partitions: 1\n").hasPrefix("no error"))
        #expect(
            error("topics:\n  - name: '..'\n    partitions: 1\n")
                == "bad.yaml:2:11: topic name '..' is illegal: '..' is not allowed")
        #expect(
            error("topics:\n  - name: orders/eu\n    partitions: 1\n")
                == "bad.yaml:2:11: topic name 'orders/eu' is illegal: it contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        )
    }

    @Test func groupIdsAndNamesAreBounded() {
        let long = String(repeating: "g", count: 250)
        #expect(
            error(Self.topic + "groups:\n  - id: \(long)\n    topics: [orders]\n")
                == "bad.yaml:5:9: id is 250 characters long; at most 249 are allowed")
        #expect(
            error(Self.group + "events:\n  - at: 1s\n    crash: \(String(repeating: "x", count: 5_000))\n")
                == "bad.yaml:10:12: unknown member '\(String(repeating: "x", count: 60))…' (members then: billing-1…billing-3)")
        #expect(
            error("name: \"a\\nb\"\n" + Self.topic) == "bad.yaml:1:7: name 'a\u{FFFD}b' contains control characters")
    }

    @Test func countsAreBoundedBeforeAllocation() {
        #expect(
            error("topics:\n  - name: orders\n    partitions: 99999999999\n")
                == "bad.yaml:3:17: partitions must be at most 100000 (got 99999999999)")
        #expect(
            error("topics:\n  - name: orders\n    partitions: 999999999999999999999999\n")
                == "bad.yaml:3:17: partitions must be between 1 and 100000, not 999999999999999999999999"
        )
        let manyTopics = (0..<11).map { "  - { name: t\($0), partitions: 100000 }\n" }.joined()
        #expect(
            error("topics:\n" + manyTopics)
                == "bad.yaml:12:30: the topics so far have 1100000 partitions; a scenario has at most 1000000")
        let tooMany = "topics:\n" + (0...ScenarioLimits.maxTopics).map { "  - { name: t\($0), partitions: 1 }\n" }.joined()
        #expect(error(tooMany) == "bad.yaml:2:3: topics has 10001 entries; at most 10000 are allowed")
        #expect(
            error(Self.topic + "groups:\n  - id: g\n    topics: [orders]\n    members: 10001\n")
                == "bad.yaml:7:14: members must be between 0 and 10000 (got 10001)")
    }

    @Test func durationsAreBounded() {
        #expect(
            error("duration: 400d\n" + Self.topic)
                == "bad.yaml:1:11: duration must be a duration with a unit (ms, s, m or h, e.g. 30s), not '400d'")
        #expect(error("duration: 9000h\n" + Self.topic) == "bad.yaml:1:11: duration 9000h is longer than the limit of 8760h")
        // Too long to be a Double of milliseconds worth converting: still "too long", not "not a duration".
        #expect(
            error("duration: 99999999999999h\n" + Self.topic)
                == "bad.yaml:1:11: duration 99999999999999h is longer than the limit of 8760h")
        #expect(
            error("duration: \(String(repeating: "9", count: 400))s\n" + Self.topic).hasSuffix(
                "is longer than the limit of 8760h"))
    }

    /// Yams composes nodes recursively: nesting is refused before it can exhaust the stack.
    @Test func deepNestingIsRefused() {
        #expect(error("topics: " + String(repeating: "[", count: 200_000)) == "bad.yaml:1:73: nested deeper than 64 levels")
        #expect(
            error("topics:\n" + String(repeating: "- ", count: 100_000) + "x\n") == "bad.yaml:2:257: nested deeper than 64 levels"
        )
        // Quotes and comments do not hide brackets that follow them on the same or the next line.
        #expect(
            error("name: it's\ntopics: " + String(repeating: "[", count: 100) + "\n")
                == "bad.yaml:2:73: nested deeper than 64 levels")
        #expect(
            error("name: 'a\ntopics: " + String(repeating: "[", count: 100) + "\n")
                == "bad.yaml:2:73: nested deeper than 64 levels")
        // Brackets inside a quoted name are text, not nesting.
        #expect(error("name: '" + String(repeating: "[", count: 100) + "'\n" + Self.topic).hasPrefix("no error"))
    }

    @Test func hugeInputIsRefusedBeforeParsing() {
        let text = String(repeating: "#", count: ScenarioLimits.maxFileBytes + 1)
        #expect(error(text) == "bad.yaml:1:1: the scenario has 4194305 bytes; a scenario has at most 4194304")
    }
}
