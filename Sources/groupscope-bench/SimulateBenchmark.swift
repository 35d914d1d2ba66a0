import ArgumentParser
import GroupCore
import GroupSim

/// `groupscope-bench simulate`: how much faster than real time the engine runs a large load.
/// Timed: the whole run (producers, fetch/process loops, protocol), no output. Last line: `speedup=N`.
struct SimulateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Time simulating a large producer load and consumer group; report the speed-up over real time.")

    @Option(help: "Partitions of the one topic.") var partitions = 1000
    @Option(help: "Produce rate, messages per second.") var rate = 100_000.0
    @Option(help: "Key distribution: none, uniform, zipf:S, hot:F.") var keys = "uniform"
    @Option(help: "Consumer groups reading the topic.") var groups = 1
    @Option(help: "Members per group.") var members = 20
    @Option(help: "Virtual seconds to simulate.") var seconds = 300
    @Option(help: "Timed runs (the median is reported).") var runs = 3

    func validate() throws {
        try requireRange(
            1...1_000_000,
            ["partitions": partitions, "groups": groups, "members": members, "seconds": seconds, "runs": runs])
    }

    func run() throws {
        guard let keyDistribution = KeyDistribution(parsing: keys) else { throw ValidationError("invalid --keys \(keys)") }
        let perMember = rate * 1.2 / Double(members)
        let scenario = Scenario(
            name: "bench", seed: 1, duration: Millis(seconds) * 1_000,
            topics: [TopicSpec(name: "events", partitions: partitions)],
            producers: [
                ProducerSpec(
                    topic: "events", pattern: .constant(rate), keys: keyDistribution, keySpace: 100_000,
                    batchSize: ProducerSpec.defaultBatchSize)
            ],
            groups: (1...groups).map { g in
                var config = ConsumerConfig(groupId: "group-\(g)")
                config.sessionTimeoutMs = 10_000
                return GroupSpec(
                    id: "group-\(g)", topics: ["events"], members: members, processingRate: perMember, config: config)
            },
            events: [TimedCommand(at: Millis(seconds) * 500, command: .crash(member: "group-1-1"))])
        let clock = ContinuousClock()
        var samples: [Double] = []
        var processed: Int64 = 0
        for _ in 0..<max(1, runs) {
            let simulation = Simulation(scenario: scenario)
            let elapsed = clock.measure { simulation.run(until: scenario.duration) }
            samples.append(elapsed.inMilliseconds)
            processed = simulation.summary().totals.reduce(0) { $0 + $1.processed }
        }
        samples.sort()
        let median = samples[samples.count / 2]
        let speedup = Double(seconds) * 1_000 / median
        print(
            "simulate: \(partitions) partitions, \(Int(rate)) msg/s (\(keys)), \(CountedNoun.counted(groups, "group")) × \(members) members, \(seconds) s virtual, \(processed) messages processed"
        )
        print("runs_ms=\(samples.map { String(Int($0.rounded())) }.joined(separator: ","))")
        print("median_ms=\(Int(median.rounded()))")
        print("speedup=\(Int(speedup.rounded()))")
    }
}
