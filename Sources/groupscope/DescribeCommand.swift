import ArgumentParser
import Foundation
import GroupMonitor

/// `groupscope describe`: one snapshot of a real cluster's consumer groups, as `kafka-consumer-groups.sh --describe`
/// prints it, plus each group's state, assignor and lag status. Read-only.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe consumer groups of a real Kafka cluster (read-only), like kafka-consumer-groups.sh --describe.",
        discussion: """
            Exit status: 0 when every requested group was described, 1 when the cluster could not be reached (or a \
            named group does not exist), 2 for bad arguments. LAG is LOG-END-OFFSET - CURRENT-OFFSET; '-' where \
            nothing is committed; '?' where the broker's log end is behind the committed offset (its numbers \
            contradict each other). The lag status follows Burrow's rules; one snapshot can only say OK.
            """)

    @Option(name: .customLong("bootstrap-server"), help: "HOST:PORT[,HOST:PORT…] of the cluster.")
    var bootstrapServer: String

    @Option(name: .long, help: "A group to describe (repeatable).")
    var group: [String] = []

    @Flag(name: .customLong("all-groups"), help: "Describe every consumer group.")
    var allGroups = false

    @Option(name: .long, help: "Output: text or json.")
    var format: String = "text"

    @Option(name: .customLong("allowed-lag"), help: "Lag that still counts as caught up for the lag status (Burrow uses 0).")
    var allowedLag: Int64 = 0

    @Flag(name: .long, help: "Also print, on stderr, the requests and bytes this describe took.")
    var statistics = false

    func validate() throws {
        guard format == "text" || format == "json" else {
            throw ValidationError("invalid --format '\(format)': expected text or json")
        }
        guard allGroups != !group.isEmpty else {
            throw ValidationError(
                allGroups ? "--all-groups and --group exclude each other" : "expected --group G… or --all-groups")
        }
        guard allowedLag >= 0 else { throw ValidationError("invalid --allowed-lag \(allowedLag): expected 0 or more") }
        if case .failure(let error) = BrokerAddress.parseList(bootstrapServer) {
            throw ValidationError("invalid --bootstrap-server: \(error)")
        }
    }

    func run() throws {
        guard case .success(let bootstrap) = BrokerAddress.parseList(bootstrapServer) else { throw ExitCode(2) }
        let groupIds = allGroups ? nil : group
        let evaluator = LagEvaluator(allowedLag: allowedLag)
        let printStatistics = statistics
        let outcome = Blocking.run {
            let transport = NIOKafkaTransport()
            let result = await DescribeRun.describe(
                bootstrap: bootstrap, groupIds: groupIds, evaluator: evaluator, transport: transport
            ) { stats in
                guard printStatistics else { return }
                let perBroker = stats.requestsByBroker.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                FileHandle.standardError.write(
                    Data(
                        ("requests \(stats.requests) (\(perBroker.joined(separator: ", "))), bytes sent \(stats.bytesSent), "
                            + "received \(stats.bytesReceived)\n").utf8))
            }
            await transport.shutdown()
            return result
        }
        switch outcome {
        case .failure(let failure):
            FileHandle.standardError.write(Data("groupscope: cannot read the cluster at \(failure)\n".utf8))
            throw ExitCode(1)
        case .success(let report):
            print(format == "json" ? report.json.serialized : report.text, terminator: format == "json" ? "\n" : "")
            for id in report.missing {
                FileHandle.standardError.write(Data("groupscope: consumer group '\(id)' does not exist\n".utf8))
            }
            if !report.missing.isEmpty { throw ExitCode(1) }
        }
    }
}
