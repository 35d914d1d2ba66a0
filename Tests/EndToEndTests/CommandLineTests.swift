import Foundation
import Testing

/// The headless commands of the real binary: output, determinism, and one-line errors with exit code 2.
@Suite struct CommandLineTests {
    static let binary = DashboardEndToEndTests.binary

    static func run(_ arguments: String...) -> ProcessRunner.Result {
        ProcessRunner.run([binary] + arguments)
    }

    @Test func simulateJsonIsByteForByteReproducible() {
        let a = Self.run("simulate", "--format", "json", "--duration", "90s", "--seed", "9")
        let b = Self.run("simulate", "--format", "json", "--duration", "90s", "--seed", "9")
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("{\"t_ms\":0,\"type\":\"member.joined\"") == true)
        #expect(lines.last?.contains("\"type\":\"summary\"") == true)
        #expect(lines.contains { $0.contains("\"type\":\"rebalance.completed\"") && $0.contains("\"duration_ms\":") })
    }

    @Test func simulateTextEndsWithTheDescribeTable() {
        let result = Self.run("simulate", "--duration", "20s", "--scenario", DemoFiles.path("roundrobin-3x3.yaml"))
        #expect(result.status == 0)
        #expect(result.stdout.contains("GROUP    TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG"))
        #expect(result.stdout.contains("billing  roundrobin"))
    }

    @Test func compareHasOneRowPerStrategy() {
        let result = Self.run("compare", "--duration", "2m", "--format", "json")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count == 4)
        for name in ["range", "roundrobin", "sticky", "cooperative-sticky"] {
            #expect(rows.contains { $0.hasPrefix("{\"strategy\":\"\(name)\"") })
        }
    }

    /// Writes files into a fresh directory for one test and removes it afterwards.
    final class Scratch {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gs-cli-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    /// Each case: exit code 2, nothing on stdout, exactly one line on stderr containing the expected text.
    static func expectOneLineError(_ cases: [([String], String)]) {
        for (arguments, expected) in cases {
            let result = ProcessRunner.run([Self.binary] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(expected), "\(arguments): \(result.stderr)")
        }
    }

    @Test func badInputIsOneLineAndExitCodeTwo() throws {
        let scratch = try Scratch()
        let bad = try scratch.file("bad.yaml", "seed: 1\ntopics:\n  - name: a\n    partitions: 0\n")
        let group = "topics:\n  - name: a\n    partitions: 2\ngroups:\n  - id: g\n    topics: [a]\n"
        let bigInt = try scratch.file("int.yaml", group + "    config:\n      max.poll.interval.ms: 3000000000\n")
        let shortSession = try scratch.file(
            "session.yaml", group + "    config:\n      session.timeout.ms: 5000\n      heartbeat.interval.ms: 1000\n")
        let hugeRate = try scratch.file(
            "rate.yaml", "topics:\n  - name: a\n    partitions: 2\nproducers:\n  - { topic: a, rate: 1e20 }\n")
        let slash = try scratch.file("slash.yaml", "topics:\n  - name: a/b\n    partitions: 2\n")
        Self.expectOneLineError([
            (["simulate", "--bogus"], "Unknown option '--bogus'"),
            (["simulate", "--strategy", "fastest"], "invalid --strategy 'fastest'"),
            (["simulate", "--duration", "soon"], "invalid --duration 'soon'"),
            (["simulate", "--scenario", bad], "\(bad):4:17: partitions must be at least 1"),
            // Kafka's INT configs are 32-bit (ConsumerConfig's ConfigDef, Type.INT).
            (["simulate", "--scenario", bigInt], "\(bigInt):8:29: invalid value 3000000000 for max.poll.interval.ms"),
            // GroupCoordinatorConfig's group.min.session.timeout.ms default, 6000.
            (["simulate", "--scenario", shortSession], "\(shortSession):8:27: session.timeout.ms 5000 is outside"),
            (["simulate", "--scenario", hugeRate], "\(hugeRate):5:23: rate 1e+20 is above the limit of 10000000 msg/s"),
            // Kafka's Topic.validate: [a-zA-Z0-9._-] only.
            (["simulate", "--scenario", slash], "\(slash):2:11: topic name 'a/b' is illegal"),
            // Negative numbers are values, not options: the real problem is named.
            (["simulate", "--seed", "-5"], "invalid --seed '-5': expected a whole number from 0 to 18446744073709551615"),
            (["simulate", "--duration", "-5s"], "invalid --duration '-5s': a duration cannot be negative"),
            (["simulate", "--duration", "9000h"], "invalid --duration '9000h': at most 8760h"),
            (["simulate", "--duration", "99999999999999h"], "invalid --duration '99999999999999h': at most 8760h"),
            (["dashboard", "--speed", "-1"], "invalid --speed '-1': expected a number from 0.25 to 100"),
            (["compare", "--strategy", "range"], "Unknown option '--strategy'"),
            // A device or FIFO says nothing true about its size: the read itself stops past the limit.
            (["simulate", "--scenario", "/dev/zero"], "/dev/zero:1:1: the file has more than 4194304 bytes"),
            (["simulate", "--scenario", scratch.dir.path], "cannot read the file"),
            (
                ["assign", "--strategy", "range", "--input", "/dev/zero"],
                "--input /dev/zero: the file has more than 67108864 bytes"
            ),
        ])
    }

    @Test func compareHelpDoesNotOfferStrategy() {
        let help = Self.run("compare", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("--scenario"))
        #expect(!help.stdout.contains("--strategy"))
        #expect(Self.run("simulate", "--help").stdout.contains("--strategy"))
    }

    @Test func assignFlagsAreCheckedBeforeAnythingIsAllocated() {
        Self.expectOneLineError([
            (["assign", "--strategy", "range", "--topic", "t:3"], "--member: the group is empty"),
            (["assign", "--strategy", "bogus", "--topic", "t:1", "--member", "a=t"], "--strategy bogus: unknown strategy"),
            (["assign", "--strategy", "range", "--topic", "t:1", "--member", "a=x"], "--member a=x: topic 'x' is not declared"),
            (
                ["assign", "--strategy", "range", "--topic", "t:1", "--member", "a=t", "--member", "a=t"],
                "--member a=t: duplicate member id 'a'"
            ),
            (
                ["assign", "--strategy", "range", "--topic", "t:1", "--member", "a=t", "--owned", "a=t-1"],
                "--owned a=t-1: partition 1 is out of range: 't' has 1 partitions"
            ),
            (
                ["assign", "--strategy", "range", "--topic", "t:1", "--member", "a=t", "--owned", "a=t1"],
                "--owned a=t1: 't1' is not TOPIC-PARTITION"
            ),
            (["assign", "--strategy", "range", "--topic", "t", "--member", "a=t"], "--topic t: expected NAME:PARTITIONS"),
            (
                ["assign", "--strategy", "range", "--topic", "t0:99999999999", "--member", "a=t0"],
                "--topic t0:99999999999: a topic has 1 to 1000000 partitions here, not 99999999999"
            ),
            (
                [
                    "assign", "--strategy", "range", "--topic", "t0:1000000", "--topic", "t1:1000000", "--topic", "t2:1000000",
                    "--topic", "t3:1000000", "--topic", "t4:1000000", "--topic", "t5:1000000", "--topic", "t6:1000000",
                    "--topic", "t7:1000000", "--topic", "t8:1000000", "--topic", "t9:1000000", "--topic", "t10:1", "--member",
                    "a=t0",
                ],
                "--topic t10:1: more than 10000000 partitions in all"
            ),
            (["assign", "--strategy", "range", "--topic", "a/b:1", "--member", "x=a/b"], "topic name 'a/b' is illegal"),
            (
                ["assign", "--strategy", "range", "--topic", "t:1", "--member", "a=t", "--generation", "a=-5"],
                "'-5' is not a generation"
            ),
        ])
    }

    @Test func assignInputIsStrictJSON() throws {
        let scratch = try Scratch()
        func input(_ json: String) throws -> String { try scratch.file("\(UUID().uuidString).json", json) }
        let fractional = try input(#"{"topics": {"t0": 4.5}, "members": [{"id": "a", "topics": ["t0"]}]}"#)
        let typo = try input(#"{"topics": {"t0": 4}, "members": [{"id": "a", "topics": ["t0"], "generaton": 3}]}"#)
        let duplicate = try input(#"{"topics": {"t0": 4}, "topics": {"t0": 5}, "members": [{"id": "a", "topics": ["t0"]}]}"#)
        let negative = try input(#"{"topics": {"t0": 4}, "members": [{"id": "a", "topics": ["t0"], "generation": -5}]}"#)
        let notAList = try input(#"{"topics": {"t0": 4}, "members": [{"id": "a", "topics": "t0"}]}"#)
        let topLevel = try input(#"{"topic": {"t0": 4}}"#)
        let broken = try input(#"{"topics": {"t0": 4"#)
        let deep = try input(String(repeating: "[", count: 100_000))
        Self.expectOneLineError([
            (["assign", "--strategy", "range", "--input", fractional], "topics.t0: '4.5' is not a partition count"),
            (["assign", "--strategy", "range", "--input", typo], "members[0].generaton: unknown key"),
            (["assign", "--strategy", "range", "--input", duplicate], "line 1, column 23: duplicate key \"topics\""),
            (["assign", "--strategy", "range", "--input", negative], "members[0].generation: expected a generation"),
            (["assign", "--strategy", "range", "--input", notAList], "members[0].topics: expected a list of text, got text"),
            (["assign", "--strategy", "range", "--input", topLevel], "topic: unknown key (expected strategy, topics, members)"),
            (["assign", "--strategy", "range", "--input", broken], "line 1, column 20: unterminated object"),
            (["assign", "--strategy", "range", "--input", deep], "nested deeper than 64 levels"),
        ])
    }

    /// The calculator end to end: Kafka's CooperativeStickyAssignor keeps c1's first two partitions and revokes the
    /// third this round (it moves to c2 in the follow-up rebalance); the JSON document gives what the flags give.
    @Test func assignReportsFromFlagsAndFromJSON() throws {
        let cooperative = Self.run(
            "assign", "--strategy", "cooperative-sticky", "--topic", "t0:3", "--member", "c1=t0", "--member", "c2=t0",
            "--owned", "c1=t0-0,t0-1,t0-2", "--generation", "c1=1")
        #expect(cooperative.status == 0)
        #expect(cooperative.stdout == "c1: t0-0 t0-1\nc2:\nc1 revokes: t0-2\n")
        let json = Self.run(
            "assign", "--strategy", "cooperative-sticky", "--topic", "t0:3", "--member", "c1=t0", "--member", "c2=t0",
            "--owned", "c1=t0-0,t0-1,t0-2", "--generation", "c1=1", "--format", "json")
        #expect(
            json.stdout
                == #"{"strategy": "cooperative-sticky", "assignment": {"c1": ["t0-0", "t0-1"], "c2": []}, "revoked": {"c1": ["t0-2"]}}"#
                + "\n")
        let scratch = try Scratch()
        let document = try scratch.file(
            "group.json",
            #"{"topics": {"t0": 2, "t1": 1}, "members": [{"id": "b", "topics": ["t0"]}, {"id": "a", "topics": ["t0", "t1"], "instance": "i"}]}"#
        )
        let fromJSON = Self.run("assign", "--strategy", "range", "--input", document)
        let fromFlags = Self.run(
            "assign", "--strategy", "range", "--topic", "t0:2", "--topic", "t1:1", "--member", "b=t0", "--member", "a=t0,t1",
            "--instance", "a=i")
        // Kafka's RangeAssignor: members of t0 in member id order (a, b) take one partition each; only a reads t1.
        #expect(fromFlags.stdout == "a: t0-0 t1-0\nb: t0-1\n")
        #expect(fromJSON.stdout == fromFlags.stdout)
    }
}

enum DemoFiles {
    static func path(_ name: String) -> String {
        DashboardEndToEndTests.packageRoot.appendingPathComponent("demo").appendingPathComponent(name).path
    }
}
