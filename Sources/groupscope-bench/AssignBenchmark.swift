import ArgumentParser
import Foundation
import GroupCore

/// Kafka's assignor scale test: `topics` × `partitions` partitions, `members` members, timing only
/// the `assign` call (inputs are built beforehand).
struct AssignBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Time one assignment strategy at Kafka's scale-test sizes; the last line is median_ms=N.")

    enum Subscription: String, ExpressibleByArgument, CaseIterable { case uniform, nonequal }
    enum Case: String, ExpressibleByArgument, CaseIterable {
        case fresh
        case memberLeft = "member-left"
        case memberJoined = "member-joined"
    }

    @Option(help: "\(AssignmentStrategy.expectedNames) (or a Kafka class name).")
    var strategy: String
    @Option(help: "Number of topics.") var topics = 500
    @Option(help: "Partitions per topic.") var partitions = 2000
    @Option(help: "Number of members.") var members = 2000
    @Option(help: "uniform: everyone subscribes to every topic; nonequal: the last member subscribes to one topic.")
    var subscription: Subscription = .uniform
    @Option(name: .customLong("case"), help: "fresh, member-left (first member leaves) or member-joined (a new member joins).")
    var benchCase: Case = .fresh
    @Option(help: "Timed runs.") var runs = 5

    func validate() throws {
        guard AssignmentStrategy(name: strategy) != nil else { throw ValidationError("unknown strategy '\(strategy)'") }
        guard topics > 0, partitions > 0, members > 1, runs > 0 else { throw ValidationError("sizes must be positive") }
    }

    func run() throws {
        let assignor = AssignmentStrategy(name: strategy)!.assignor
        let topicNames = (0..<topics).map { "t\($0)" }
        var perTopic: [String: Int] = [:]
        for name in topicNames { perTopic[name] = partitions }
        func memberId(_ i: Int) -> String { "consumer-\(i)" }
        func subscribed(_ i: Int) -> [String] {
            subscription == .nonequal && i == members - 1 ? [topicNames[0]] : topicNames
        }
        var group = GroupSubscription(
            members: (0..<members).map { MemberSubscription(memberId: memberId($0), topics: subscribed($0)) },
            partitionsPerTopic: perTopic)

        switch benchCase {
        case .fresh:
            break
        case .memberLeft, .memberJoined:
            // Start from a settled assignment: everyone owns what a fresh assignment gave them.
            let settled = assignor.assign(group)
            group.members = group.members.map { m in
                var m = m
                m.ownedPartitions = settled[m.memberId] ?? []
                m.generation = 1
                return m
            }
            if benchCase == .memberLeft {
                group.members.removeFirst()
            } else {
                group.members.append(MemberSubscription(memberId: memberId(members), topics: topicNames))
            }
        }

        let clock = ContinuousClock()
        var times: [Double] = []
        for run in 1...runs {
            var result: [String: [TopicPartition]] = [:]
            let elapsed = clock.measure { result = assignor.assign(group) }
            let ms = elapsed.inMilliseconds
            let assigned = result.values.reduce(0) { $0 + $1.count }
            print("run \(run): \(String(format: "%.1f", ms)) ms (\(assigned) partitions assigned to \(result.count) members)")
            times.append(ms)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        print("median_ms=\(Int(median.rounded()))")
    }
}
