import Foundation
import Testing

/// `describe` and `watch` on the command line: bad arguments exit 2 with one line, an unreachable cluster exits 1
/// with one line naming the broker (issue 12's exit codes).
@Suite struct MonitorCommandTests {
    static let binary = DashboardEndToEndTests.binary

    @Test func badArgumentsAreOneLineAndExitTwo() {
        let cases: [([String], String)] = [
            (
                ["describe", "--bootstrap-server", "localhost", "--all-groups"],
                "invalid --bootstrap-server: 'localhost': expected HOST:PORT"
            ),
            (["describe", "--bootstrap-server", "localhost:99999", "--all-groups"], "port must be a number from 1 to 65535"),
            (["describe", "--bootstrap-server", "localhost:9092"], "expected --group G… or --all-groups"),
            (["describe", "--bootstrap-server", "localhost:9092", "--all-groups", "--format", "xml"], "invalid --format 'xml'"),
            (["watch", "--bootstrap-server", "localhost:9092", "--interval", "100ms"], "the minimum is 250ms"),
            (["watch", "--bootstrap-server", "localhost:9092", "--interval", "soon"], "invalid --interval 'soon'"),
            (["watch", "--bootstrap-server", "localhost:9092", "--group", "("], "invalid --group '(': not a regular expression"),
        ]
        for (arguments, expected) in cases {
            let result = ProcessRunner.run([Self.binary] + arguments)
            #expect(result.status == 2, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(expected), "\(arguments): \(result.stderr)")
        }
    }

    @Test func anUnreachableClusterIsOneLineAndExitOne() {
        // Port 1 on the loopback: nothing listens there, the connection is refused at once.
        let result = ProcessRunner.run([Self.binary, "describe", "--bootstrap-server", "127.0.0.1:1", "--all-groups"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("groupscope: cannot read the cluster at 127.0.0.1:1: ") == true)
        #expect(lines.first?.contains("refused") == true, "\(result.stderr)")
    }
}
