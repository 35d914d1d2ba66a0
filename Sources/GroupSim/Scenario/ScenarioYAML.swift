import GroupCore

/// Writes a scenario as the YAML the loader reads back to an equal `Scenario`: every setting spelled out, so that
/// a scenario built in code (a fuzzer's failing schedule) becomes a file anyone can run with `groupscope simulate`.
public enum ScenarioYAML {
    public static func render(_ scenario: Scenario) -> String {
        var out =
            "name: \(quote(scenario.name))\nseed: \(scenario.seed)\nduration: \(ScenarioDuration.format(scenario.duration))\n"
        out += "topics:\n"
        for topic in scenario.topics {
            var fields = ["name: \(quote(topic.name))", "partitions: \(topic.partitions)"]
            if let ms = topic.retentionMs { fields.append("retention.ms: \(ms)") }
            if let count = topic.retentionMessages { fields.append("retention.messages: \(count)") }
            out += "  - { \(fields.joined(separator: ", ")) }\n"
        }
        if !scenario.producers.isEmpty {
            out += "producers:\n"
            for producer in scenario.producers {
                var fields = ["topic: \(quote(producer.topic))", "rate: \(number(producer.rate))"]
                if let pattern = pattern(producer.pattern) { fields.append("pattern: \(pattern)") }
                fields.append("keys: \(quote(producer.keys.description))")
                fields.append("key-space: \(producer.keySpace)")
                fields.append("batch-size: \(producer.batchSize)")
                out += "  - { \(fields.joined(separator: ", ")) }\n"
            }
        }
        if !scenario.groups.isEmpty {
            out += "groups:\n"
            for group in scenario.groups {
                let c = group.config
                out += "  - id: \(quote(group.id))\n"
                out += "    topics: [\(group.topics.map(quote).joined(separator: ", "))]\n"
                out += "    members: \(group.members)\n"
                out += "    processing-rate: \(number(group.processingRate))\n"
                out += "    static: \(group.isStatic)\n"
                out += "    commit: \(group.commit.rawValue)\n"
                out += "    config:\n"
                out += "      session.timeout.ms: \(c.sessionTimeoutMs)\n"
                out += "      heartbeat.interval.ms: \(c.heartbeatIntervalMs)\n"
                out += "      max.poll.interval.ms: \(c.maxPollIntervalMs)\n"
                out += "      max.poll.records: \(c.maxPollRecords)\n"
                out += "      auto.commit.interval.ms: \(c.autoCommitIntervalMs)\n"
                out += "      auto.offset.reset: \(c.autoOffsetReset.rawValue)\n"
                out +=
                    "      partition.assignment.strategy: [\(c.partitionAssignmentStrategy.map(\.rawValue).joined(separator: ", "))]\n"
            }
        }
        if !scenario.events.isEmpty {
            out += "events:\n"
            for event in scenario.events {
                out += "  - { at: \(ScenarioDuration.format(event.at)), \(command(event.command)) }\n"
            }
        }
        return out
    }

    static func command(_ command: SimulationCommand) -> String {
        switch command {
        case .crash(let m): "crash: \(quote(m))"
        case .hang(let m): "hang: \(quote(m))"
        case .leave(let m): "leave: \(quote(m))"
        case .restart(let m): "restart: \(quote(m))"
        case .addMember(let g): "add-member: \(quote(g))"
        case .pause(let m, let seconds):
            "pause: { member: \(quote(m)), for: \(ScenarioDuration.format(ScenarioDuration.milliseconds(seconds: seconds) ?? 0)) }"
        case .slow(let m, let rate): "slow: { member: \(quote(m)), rate: \(number(rate)) }"
        case .strategy(let g, let s): "strategy: { group: \(quote(g)), to: \(s.rawValue) }"
        case .rate(let t, let rate): "rate: { topic: \(quote(t)), rate: \(number(rate)) }"
        case .pauseProducers: "pause-producers: true"
        case .resumeProducers: "resume-producers: true"
        }
    }

    static func pattern(_ pattern: RatePattern) -> String? {
        switch pattern {
        case .constant: nil
        case .ramp(_, let to, let start, let duration):
            "{ type: ramp, to: \(number(to)), over: \(ScenarioDuration.format(duration)), start: \(ScenarioDuration.format(start)) }"
        case .bursts(_, let factor, let length, let period):
            "{ type: bursts, factor: \(number(factor)), length: \(ScenarioDuration.format(length)), every: \(ScenarioDuration.format(period)) }"
        case .sine(_, let amplitude, let period):
            "{ type: sine, amplitude: \(number(amplitude)), period: \(ScenarioDuration.format(period)) }"
        }
    }

    /// Exact: Swift prints the shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String { formatNumber(value) }

    /// Double-quoted, so that no name can be read as another YAML type or structure.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
