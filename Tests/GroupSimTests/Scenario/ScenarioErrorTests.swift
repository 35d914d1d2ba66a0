import Testing

@testable import GroupSim

/// One test per error class: each checks the exact `FILE:LINE:COLUMN: message` line.
@Suite struct ScenarioErrorTests: ScenarioErrorChecking {
    @Test func yamlSyntax() {
        #expect(
            error("topics:\n  - name: orders\n    partitions: [6\n")
                == "bad.yaml:4:1: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)")
        #expect(
            error("seed: 1\n  duration: 5m\n") == "bad.yaml:2:11: YAML syntax: mapping values are not allowed in this context")
    }

    @Test func unknownKey() {
        #expect(
            error(Self.topic + "speed: 2\n")
                == "bad.yaml:4:1: unknown key 'speed' in the scenario (expected name, seed, duration, topics, producers, groups, events)"
        )
        #expect(
            error("topics:\n  - name: orders\n    partition: 6\n")
                == "bad.yaml:3:5: unknown key 'partition' in a topic (expected name, partitions, retention.ms, retention.messages)"
        )
        #expect(
            error(Self.group + "    config:\n      session.timeout: 10\n")
                == "bad.yaml:9:7: unknown consumer config 'session.timeout' (known: session.timeout.ms, heartbeat.interval.ms, max.poll.interval.ms, max.poll.records, enable.auto.commit, auto.commit.interval.ms, auto.offset.reset, partition.assignment.strategy)"
        )
        #expect(
            error(Self.group + "events:\n  - at: 1s\n    explode: billing-1\n")
                == "bad.yaml:10:5: unknown key 'explode' in an event (expected at, crash, hang, leave, restart, add-member, pause, slow, strategy, rate, pause-producers, resume-producers)"
        )
    }

    @Test func duplicateKey() {
        #expect(
            error("topics:\n  - name: orders\n    partitions: 6\n    partitions: 7\n")
                == "bad.yaml:4:5: duplicate key 'partitions' in a topic (first at line 3)")
    }

    @Test func missingKey() {
        #expect(error("topics:\n  - name: orders\n") == "bad.yaml:2:5: topic 'orders' is missing 'partitions'")
        #expect(error("seed: 3\n") == "bad.yaml:1:1: the scenario is missing 'topics'")
    }

    @Test func wrongType() {
        #expect(
            error("topics:\n  - name: orders\n    partitions: six\n") == "bad.yaml:3:17: partitions must be an integer, not 'six'"
        )
        #expect(error("topics: orders\n") == "bad.yaml:1:9: topics must be a list, not a single value")
        #expect(
            error("seed: -1\n" + Self.topic)
                == "bad.yaml:1:7: seed must be a whole number from 0 to 18446744073709551615, not '-1'")
        #expect(
            error("duration: 300\n" + Self.topic)
                == "bad.yaml:1:11: duration must be a duration with a unit (ms, s, m or h, e.g. 30s), not '300'")
        #expect(error(Self.group + "    static: maybe\n") == "bad.yaml:8:13: static must be true or false, not 'maybe'")
        #expect(
            error(Self.topic + "producers:\n  - topic: orders\n    rate: 10\n    keys: zipf\n")
                == "bad.yaml:7:11: keys must be none, uniform, zipf:S (S > 0) or hot:F (0 ≤ F ≤ 1), not 'zipf'")
    }

    @Test func unknownTopic() {
        #expect(
            error(Self.topic + "producers:\n  - topic: order\n    rate: 10\n")
                == "bad.yaml:5:12: unknown topic 'order' (topics: orders)")
        #expect(
            error(Self.topic + "groups:\n  - id: billing\n    topics: [orders, refunds]\n")
                == "bad.yaml:6:22: unknown topic 'refunds' (topics: orders)")
    }

    @Test func unknownMember() {
        #expect(
            error(Self.group + "events:\n  - at: 30s\n    crash: billing-4\n")
                == "bad.yaml:10:12: unknown member 'billing-4' (members then: billing-1…billing-3)")
        // An added member takes the next number, so a later event may name it, but not an earlier one.
        #expect(
            error(Self.group + "events:\n  - { at: 1s, add-member: billing }\n  - { at: 2s, crash: billing-4 }\n")
                == "no error: loaded scenario")
        #expect(
            error(Self.group + "events:\n  - { at: 1s, crash: billing-4 }\n  - { at: 2s, add-member: billing }\n")
                == "bad.yaml:9:22: unknown member 'billing-4' (members then: billing-1…billing-3)")
        #expect(
            error(Self.group + "events:\n  - { at: 1s, add-member: bill }\n")
                == "bad.yaml:9:27: unknown group 'bill' (groups: billing)")
    }

    @Test func negativeRate() {
        #expect(
            error(Self.topic + "producers:\n  - topic: orders\n    rate: -5\n")
                == "bad.yaml:6:11: rate must not be negative (got -5)")
        #expect(
            error(Self.group + "    processing-rate: -1.5\n") == "bad.yaml:8:22: processing-rate must not be negative (got -1.5)")
        #expect(
            error(Self.group + "events:\n  - at: 1s\n    slow: { member: billing-1, rate: -2 }\n")
                == "bad.yaml:10:38: rate must not be negative (got -2)")
    }

    @Test func zeroPartitions() {
        #expect(error("topics:\n  - name: orders\n    partitions: 0\n") == "bad.yaml:3:17: partitions must be at least 1 (got 0)")
    }

    @Test func configValueKafkaRejects() {
        #expect(
            error(Self.group + "    config:\n      session.timeout.ms: soon\n")
                == "bad.yaml:9:27: invalid value soon for session.timeout.ms: must be an integer ≥ 1")
        #expect(
            error(Self.group + "    config:\n      partition.assignment.strategy: fastest\n")
                == "bad.yaml:9:38: invalid value fastest for partition.assignment.strategy: expected range, roundrobin, sticky or cooperative-sticky"
        )
        #expect(
            error(Self.group + "    config:\n      enable.auto.commit: sometimes\n")
                == "bad.yaml:9:27: invalid value sometimes for enable.auto.commit: expected true or false")
    }

    @Test func heartbeatNotBelowSessionTimeout() {
        #expect(
            error(Self.group + "    config:\n      session.timeout.ms: 3000\n      heartbeat.interval.ms: 3000\n")
                == "bad.yaml:10:30: heartbeat.interval.ms (3000) must be lower than session.timeout.ms (3000)")
    }

    @Test func duplicateNames() {
        #expect(
            error(Self.topic + "  - name: orders\n    partitions: 2\n")
                == "bad.yaml:4:11: duplicate topic 'orders' (first at line 2)")
        #expect(
            error(Self.group + "  - id: billing\n    topics: [orders]\n")
                == "bad.yaml:8:9: duplicate group 'billing' (first at line 5)")
        #expect(
            error(Self.topic + "producers:\n  - { topic: orders, rate: 1 }\n  - { topic: orders, rate: 2 }\n")
                == "bad.yaml:6:14: duplicate producer for topic 'orders' (first at line 5); one producer per topic")
    }

    @Test func eventsOutOfOrderOrAfterTheEnd() {
        #expect(
            error(Self.group + "events:\n  - { at: 90s, crash: billing-1 }\n  - { at: 30s, crash: billing-2 }\n")
                == "bad.yaml:10:11: event at 30s comes after one at 90s; list events in time order")
        #expect(
            error("duration: 5m\n" + Self.group + "events:\n  - { at: 6m, crash: billing-1 }\n")
                == "bad.yaml:10:11: event at 6m is after the end of the scenario (duration 5m)")
    }

    @Test func commandShapes() {
        #expect(
            error(Self.group + "events:\n  - { at: 1s, crash: billing-1, hang: billing-2 }\n")
                == "bad.yaml:9:33: one command per event (found crash and hang)")
        #expect(
            error(Self.group + "events:\n  - { at: 1s, strategy: { group: billing, to: fastest } }\n")
                == "bad.yaml:9:47: unknown strategy 'fastest' (expected range, roundrobin, sticky or cooperative-sticky)")
        #expect(
            error(Self.group + "events:\n  - { at: 1s, pause: { member: billing-1 } }\n")
                == "bad.yaml:9:22: pause is missing 'for'")
    }

    @Test func commitModeContradictingAutoCommit() {
        #expect(
            error(Self.group + "    commit: after-processing\n    config:\n      enable.auto.commit: true\n")
                == "bad.yaml:8:13: commit: after-processing contradicts enable.auto.commit: true (line 10)")
    }
}
