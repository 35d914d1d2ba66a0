import ArgumentParser
import GroupCore
import GroupMonitor
import GroupSim

/// `groupscope-bench model`: the monitor's per-refresh work in this process alone — `MonitorModel.ingest` and
/// `MonitorModel.snapshot` — over synthetic observations shaped like `groupscope-bench refresh`'s cluster (TOPICS ×
/// PARTITIONS, GROUPS groups of MEMBERS reading TOPICS-PER-GROUP topics each), with no network and no served process
/// sharing the cores. Producers move every log end a little each refresh; each group commits every third refresh
/// (a 5 s auto-commit seen by a 2 s refresh). Histories fill during the warm-up, so the timed refreshes are the
/// steady state of a long `watch`. `refresh` measures the whole path against a real broker; this one is for working
/// on the model without that noise.
struct ModelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Monitor model cost per refresh (ingest, snapshot) over synthetic observations, no network.")

    @Option(help: "Topics.") var topics = 100
    @Option(help: "Partitions per topic.") var partitions = 100
    @Option(help: "Consumer groups.") var groups = 200
    @Option(help: "Members per group.") var members = 2
    @Option(name: .customLong("topics-per-group"), help: "Topics each group reads.") var topicsPerGroup = 5
    @Option(help: "Refreshes before timing (fills the histories: 60 lag samples, Burrow's window of 10).")
    var warmup = 70
    @Option(help: "Timed refreshes.") var refreshes = 30
    @Option(help: "Milliseconds between refreshes on the model's clock.") var interval = 2_000
    @Flag(help: "Leave glibc's heap at its defaults instead of keeping freed memory as `watch` does (RefreshHeap).")
    var glibcDefaultHeap = false

    func validate() throws {
        try requireRange(
            1...1_000_000,
            [
                "topics": topics, "partitions": partitions, "groups": groups, "members": members,
                "topics-per-group": topicsPerGroup, "refreshes": refreshes,
            ])
        try requireRange(0...1_000_000, ["warmup": warmup])
        try requireRange(1...3_600_000, ["interval": interval])
    }

    func run() throws {
        if !glibcDefaultHeap { RefreshHeap.keepFreedMemory() }
        var cluster = SyntheticCluster(
            topics: topics, partitions: partitions, groups: groups, members: members, topicsPerGroup: topicsPerGroup)
        var model = MonitorModel()
        let clock = ContinuousClock()
        var ingest: [Double] = []
        var snapshot: [Double] = []
        for i in 0..<(warmup + max(1, refreshes)) {
            let observation = cluster.next(time: Millis(i * interval))
            let ingestTook = clock.measure { model.ingest(observation) }
            var view: SimulationSnapshot?
            let snapshotTook = clock.measure {
                view = model.snapshot(
                    label: "cluster synthetic", now: observation.time, rateWindow: 3 * Millis(interval) + 1_000,
                    sourceStatus: nil)
            }
            guard i >= warmup else { continue }
            precondition(view?.topics.count == topics, "the snapshot lost topics")
            ingest.append(ingestTook.inMilliseconds)
            snapshot.append(snapshotTook.inMilliseconds)
        }
        let pairs = groups * topicsPerGroup * partitions
        print(
            "model: \(topics) topics × \(partitions) partitions, \(groups) groups × \(members) members reading "
                + "\(topicsPerGroup) topics (\(pairs) group-partition pairs); \(warmup) warm-up + \(ingest.count) timed refreshes"
        )
        func summary(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            let f = { (v: Double) in String(format: "%.1f", v) }
            return "\(name): median_ms=\(f(sorted[sorted.count / 2])) least_ms=\(f(sorted[0])) most_ms=\(f(sorted.last!))"
        }
        print(summary("ingest", ingest))
        print(summary("snapshot", snapshot))
        print(summary("total", zip(ingest, snapshot).map(+)))
    }
}

/// A deterministic cluster whose log ends grow and whose groups commit, one observation per refresh.
private struct SyntheticCluster {
    let names: [String]
    let partitions: Int
    let groupTopics: [[Int]]
    /// Built once: the reader decodes each distinct assignment once and hands the same arrays every refresh.
    let groupMembers: [[ObservedMember]]
    var logEnds: [[Int64]]
    var committed: [[[Int64]]]
    var random = SeededGenerator(seed: 7)
    var refresh = 0

    init(topics: Int, partitions: Int, groups: Int, members: Int, topicsPerGroup: Int) {
        names = (0..<topics).map { String(format: "t%03d", $0) }
        self.partitions = partitions
        let names = self.names
        let groupTopics = (0..<groups).map { g in (0..<topicsPerGroup).map { (g * topicsPerGroup + $0) % max(1, topics) } }
        self.groupTopics = groupTopics
        let count = max(1, members)
        groupMembers = groupTopics.enumerated().map { g, read in
            let assigned = read.flatMap { t in (0..<partitions).map { TopicPartition(names[t], Int32($0)) } }.sorted()
            return (0..<count).map { m in
                ObservedMember(
                    memberId: "consumer-g\(g)-\(m)-0f3c", clientId: "consumer-g\(g)-\(m)", host: "/127.0.0.1",
                    assignment: assigned.enumerated().filter { $0.offset % count == m }.map(\.element),
                    subscribedTopics: read.map { names[$0] })
            }
        }
        logEnds = Array(repeating: Array(repeating: 1_000, count: partitions), count: topics)
        committed = groupTopics.map { read in read.map { _ in Array(repeating: 900, count: partitions) } }
    }

    mutating func next(time: Millis) -> ClusterObservation {
        refresh += 1
        for t in logEnds.indices {
            for p in logEnds[t].indices where random.next() % 3 != 0 { logEnds[t][p] += Int64(random.next() % 4) }
        }
        var groups: [ObservedGroup] = []
        for (g, read) in groupTopics.enumerated() {
            if (refresh + g) % 3 == 0 {
                for (k, t) in read.enumerated() {
                    for p in 0..<partitions {
                        committed[g][k][p] = max(committed[g][k][p], logEnds[t][p] - Int64(random.next() % 8))
                    }
                }
            }
            var group = ObservedGroup(
                id: String(format: "g%03d", g), state: "Stable", assignor: "range", coordinator: 0, members: groupMembers[g])
            group.committedTopics = zip(read, committed[g]).map { t, offsets in
                CommittedTopic(topic: names[t], partitions: (0..<partitions).map(Int32.init), offsets: offsets)
            }
            .sorted { $0.topic < $1.topic }
            groups.append(group)
        }
        let topics = names.enumerated().map { t, name in
            ObservedTopic(
                name: name,
                partitions: (0..<partitions).map { p in
                    ObservedPartition(partition: Int32(p), leader: 0, logStartOffset: 0, logEndOffset: logEnds[t][p])
                })
        }
        return ClusterObservation(
            time: time, clusterId: "synthetic", controllerId: 0,
            brokers: [ObservedBroker(nodeId: 0, host: "127.0.0.1", port: 9092)], topics: topics, groups: groups)
    }
}
