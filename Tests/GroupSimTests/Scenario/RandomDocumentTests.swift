import Foundation
import GroupCore
import Testing

@testable import GroupSim

/// Random scenario documents — random keys, types and magnitudes, mostly near the real schema so that they get
/// deep into the loader — thrown at the loader and the simulation. Each either loads and runs two simulated
/// minutes, or fails with one located line. A trap (overflow, Double→Int, force-unwrap, stack exhaustion) would
/// crash the test process, so reaching the end is the property; the one-line shape is checked for each error.
@Suite struct RandomDocumentTests {
    /// 120 documents keep this to a few seconds; `GROUPSCOPE_RANDOM_DOCUMENTS=5000 swift test --filter RandomDocument`
    /// explores further.
    static let documents = ProcessInfo.processInfo.environment["GROUPSCOPE_RANDOM_DOCUMENTS"].flatMap { Int($0) } ?? 120

    @Test func everyDocumentLoadsAndRunsOrFailsWithOneLine() {
        let seed = ProcessInfo.processInfo.environment["GROUPSCOPE_RANDOM_SEED"].flatMap { UInt64($0) } ?? 0x5CE7_A210
        var random = SeededGenerator(seed: seed)
        var loaded = 0
        var refused = 0
        for index in 0..<Self.documents {
            var generator = RandomDocument(random: SeededGenerator(seed: random.next()))
            let yaml = generator.document()
            do {
                let scenario = try Scenario.parse(yaml: yaml, file: "random.yaml")
                let simulation = Simulation(scenario: scenario)
                simulation.run(until: min(scenario.duration, 120_000))
                _ = simulation.snapshot()
                _ = simulation.summary()
                loaded += 1
            } catch {
                refused += 1
                let line = error.description
                #expect(!line.contains("\n"), "document \(index):\n\(yaml)\n→ \(line)")
                #expect(line.hasPrefix("random.yaml:"), "document \(index): \(line)")
                #expect(line.count < 600, "document \(index): \(line.count) characters")
            }
        }
        // Both outcomes must be exercised, or the generator drifted away from the schema (or into it entirely).
        #expect(loaded >= Self.documents / 10, "only \(loaded) of \(Self.documents) loaded")
        #expect(refused >= Self.documents / 10, "only \(refused) of \(Self.documents) refused")
    }
}

/// Writes YAML scenario text: the schema's keys with a good value most of the time, otherwise an unknown key, a
/// value of the wrong type, or a magnitude at or beyond a limit.
struct RandomDocument {
    var random: SeededGenerator
    /// How often a value is replaced by anything at all, or a key dropped, invented or repeated: chosen per
    /// document, zero for many, so that whole documents get through to the simulation too.
    var badness = 0.0

    init(random: SeededGenerator) {
        self.random = random
        badness = pick([0, 0, 0, 0.01, 0.03, 0.1, 0.3])
    }

    mutating func chance(_ p: Double) -> Bool { random.nextUnit() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func count(_ upTo: Int) -> Int { Int(random.next() % UInt64(upTo + 1)) }

    static let numbers = [
        "0", "1", "-1", "2", "3", "6", "100", "1000", "250.5", "4.5", "1e7", "10000001", "1e20", "1e308", "1e400", "-1e20",
        "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809", ".nan", ".inf",
        "-.inf", "0x10", "1_000", "100000", "100001", "6000", "5000", "1800001", "45000",
    ]
    static let texts = [
        "orders", "billing", "billing-1", "billing-2", "billing-9", "payments", "", "..", ".", "a/b", "ü", "- x", "x: y", "#",
        String(repeating: "t", count: 250), "range", "roundrobin", "sticky", "cooperative-sticky", "true", "no", "null", "~",
    ]
    static let durations = ["0", "1ms", "1s", "30s", "90s", "5m", "1h", "-5s", "1e5s", "9000h", "1.5s", "abc", "1m30s", "300"]
    static let keys = ["none", "uniform", "zipf:1.2", "zipf:0", "zipf:-1", "hot:0.5", "hot:2", "zipf:1e400", "hot:nan"]

    /// A scalar: a number, text, duration or key distribution, quoted as YAML needs.
    mutating func scalar() -> String {
        switch count(3) {
        case 0: return pick(Self.numbers)
        case 1: return quoted(pick(Self.texts))
        case 2: return quoted(pick(Self.durations))
        default: return quoted(pick(Self.keys))
        }
    }

    func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Any value: mostly a scalar, sometimes a small list or mapping (a wrong type almost everywhere).
    mutating func anyValue(depth: Int = 0) -> String {
        switch depth > 2 ? 0 : count(5) {
        case 4: return "[" + (0..<count(3)).map { _ in anyValue(depth: depth + 1) }.joined(separator: ", ") + "]"
        case 5:
            return "{"
                + (0..<count(3)).map { _ in "\(quoted(pick(Self.texts))): \(anyValue(depth: depth + 1))" }
                .joined(separator: ", ") + "}"
        default: return scalar()
        }
    }

    /// A value meant for `key`: a good one with probability `good`, otherwise anything.
    mutating func value(_ good: String) -> String { chance(badness) ? anyValue() : good }

    /// A mapping in flow style from key/value pairs; sometimes a key goes missing, an unknown or duplicate one appears.
    mutating func mapping(_ entries: [(String, String)]) -> String {
        var kept = entries.filter { _ in !chance(badness / 3) }
        if chance(badness / 2) { kept.append((pick(["speed", "partition", "generaton", "rate", "x"]), scalar())) }
        if chance(badness / 3), let first = kept.first { kept.append(first) }
        return "{ " + kept.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }"
    }

    mutating func document() -> String {
        if chance(badness / 5) { return pick(["", "---", "[", "topics: [", "{ a: 1 }", "- 1\n- 2", "topics:\n\t- x"]) }
        let topicNames = ["orders", "payments", "audit"].prefix(1 + count(2))
        let groupIds = ["billing", "search"].prefix(1 + count(1))
        var lines: [String] = []
        if chance(0.5) { lines.append("seed: " + value(String(count(1_000)))) }
        if chance(0.7) { lines.append("duration: " + value(quoted(pick(["30s", "1m", "2m", "5m"])))) }
        if !chance(badness / 5) {
            lines.append("topics:")
            for name in topicNames {
                var entries = [("name", value(name)), ("partitions", value(String(1 + count(7))))]
                if chance(0.2) { entries.append(("retention.ms", value(pick(["-1", "60000", "9223372036854775807"])))) }
                if chance(0.2) { entries.append(("retention.messages", value(pick(["1", "1000", "100000"])))) }
                lines.append("  - " + mapping(entries))
            }
        }
        if chance(0.8) {
            lines.append("producers:")
            for name in topicNames where chance(0.8) {
                var entries = [("topic", value(name)), ("rate", value(pick(["0", "10", "600", "5000", "1e7"])))]
                if chance(0.4) {
                    entries.append(("keys", value(pick(chance(0.8) ? ["none", "uniform", "zipf:1.2", "hot:0.5"] : Self.keys))))
                }
                if chance(0.3) { entries.append(("key-space", value(pick(["1", "10", "1000"])))) }
                if chance(0.3) { entries.append(("batch-size", value(pick(["1", "16", "100"])))) }
                if chance(0.3) { entries.append(("pattern", value(pattern()))) }
                lines.append("  - " + mapping(entries))
            }
        }
        if chance(0.85) {
            lines.append("groups:")
            for id in groupIds {
                var entries = [
                    ("id", value(id)),
                    (
                        "topics",
                        value(
                            "[" + ([topicNames[0]] + topicNames.dropFirst().filter { _ in chance(0.5) }).joined(separator: ", ")
                                + "]")
                    ),
                    ("members", value(String(count(3)))),
                ]
                if chance(0.4) { entries.append(("processing-rate", value(pick(["0", "100", "400", "5000"])))) }
                if chance(0.3) { entries.append(("static", value(pick(["true", "false"])))) }
                if chance(0.3) {
                    entries.append(("commit", value(pick(["auto", "after-processing", "before-processing"]))))
                }
                if chance(0.5) { entries.append(("config", value(config()))) }
                lines.append("  - " + mapping(entries))
            }
        }
        if chance(0.6) {
            lines.append("events:")
            var at = 0
            for _ in 0..<count(8) {
                at += count(20)
                lines.append("  - " + mapping([("at", value("\(at)s")), event(groupIds: Array(groupIds))]))
            }
        }
        if chance(badness / 3) { lines.insert(pick(["name: x", "speed: 2", "name: [1]"]), at: count(lines.count)) }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func pattern() -> String {
        switch count(3) {
        case 0: return "constant"
        case 1: return mapping([("type", "ramp"), ("to", value("2000")), ("over", value("30s")), ("start", value("10s"))])
        case 2:
            return mapping([
                ("type", "bursts"), ("factor", value(chance(0.8) ? "3" : "1e9")), ("length", value("2s")),
                ("every", value("10s")),
            ])
        default: return mapping([("type", "sine"), ("amplitude", value(chance(0.8) ? "100" : "1e8")), ("period", value("1m"))])
        }
    }

    mutating func config() -> String {
        var entries: [(String, String)] = []
        let options: [(String, [String])] = [
            ("session.timeout.ms", ["10000", "6000", "5000", "45000", "1800001", "2147483648"]),
            ("heartbeat.interval.ms", ["1000", "3000", "20000", "0"]),
            ("max.poll.interval.ms", ["30000", "300000", "1", "3000000000"]),
            ("max.poll.records", ["500", "1", "100000"]),
            ("enable.auto.commit", ["true", "false", "maybe"]),
            ("auto.commit.interval.ms", ["0", "1000", "5000"]),
            ("auto.offset.reset", ["earliest", "latest", "none", "never"]),
            ("partition.assignment.strategy", ["range", "cooperative-sticky", "[range, cooperative-sticky]", "fastest"]),
            ("group.id", ["x"]),
        ]
        for (key, values) in options where chance(key == "group.id" ? badness : 0.35) {
            // The first value of each is a good one; the others sit at or beyond a bound.
            entries.append((key, value(chance(0.7) ? values[0] : pick(values))))
        }
        return mapping(entries)
    }

    mutating func event(groupIds: [String]) -> (String, String) {
        let member = "\(pick(groupIds))-\(1 + count(2))"
        switch count(9) {
        case 0: return ("crash", value(member))
        case 1: return ("hang", value(member))
        case 2: return ("leave", value(member))
        case 3: return ("restart", value(member))
        case 4: return ("add-member", value(pick(groupIds)))
        case 5: return ("pause", value(mapping([("member", member), ("for", value(pick(["5s", "30s", "0"])))])))
        case 6: return ("slow", value(mapping([("member", member), ("rate", value(chance(0.8) ? "10" : "1e12"))])))
        case 7:
            return (
                "strategy",
                value(mapping([("group", pick(groupIds)), ("to", value(pick(["range", "sticky", "cooperative-sticky"])))]))
            )
        case 8: return ("rate", value(mapping([("topic", "orders"), ("rate", value(chance(0.8) ? "50" : "2e7"))])))
        default: return (pick(["pause-producers", "resume-producers"]), value("true"))
        }
    }
}
