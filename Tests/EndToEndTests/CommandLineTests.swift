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

    @Test func badInputIsOneLineAndExitCodeTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try "seed: 1\ntopics:\n  - name: a\n    partitions: 0\n".write(to: bad, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["simulate", "--bogus"], "Unknown option '--bogus'"),
            (["simulate", "--strategy", "fastest"], "invalid --strategy 'fastest'"),
            (["simulate", "--duration", "soon"], "invalid --duration 'soon'"),
            (["simulate", "--scenario", bad.path], "\(bad.path):4:17: partitions must be at least 1"),
            (["assign", "--strategy", "range", "--topic", "t:3"], "assign"),
        ]
        for (arguments, expected) in cases {
            let result = ProcessRunner.run([Self.binary] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(expected), "\(arguments): \(result.stderr)")
        }
    }
}

enum DemoFiles {
    static func path(_ name: String) -> String {
        DashboardEndToEndTests.packageRoot.appendingPathComponent("demo").appendingPathComponent(name).path
    }
}
