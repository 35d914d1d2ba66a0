import GroupCore

/// A world to simulate: topics, the producers writing into them, the consumer groups reading them, and a
/// timeline of commands. Loaded from YAML by `Scenario.load(path:)` / `Scenario.parse(yaml:file:)`.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    /// How long `simulate` runs, in virtual time.
    public var duration: Millis
    public var topics: [TopicSpec]
    public var producers: [ProducerSpec]
    public var groups: [GroupSpec]
    /// In time order (ties in file order).
    public var events: [TimedCommand]

    public init(
        name: String, seed: UInt64, duration: Millis, topics: [TopicSpec], producers: [ProducerSpec] = [],
        groups: [GroupSpec] = [], events: [TimedCommand] = []
    ) {
        self.name = name
        self.seed = seed
        self.duration = duration
        self.topics = topics
        self.producers = producers
        self.groups = groups
        self.events = events
    }

    public func topic(named name: String) -> TopicSpec? { topics.first { $0.name == name } }
    public func group(id: String) -> GroupSpec? { groups.first { $0.id == id } }
    public func producer(forTopic topic: String) -> ProducerSpec? { producers.first { $0.topic == topic } }

    /// Every group set to one strategy, as `simulate --strategy` and `compare` need.
    public func withStrategy(_ strategy: AssignmentStrategy) -> Scenario {
        var copy = self
        for i in copy.groups.indices { copy.groups[i].config.partitionAssignmentStrategy = [strategy] }
        return copy
    }
}

public struct TopicSpec: Sendable, Equatable {
    public var name: String
    public var partitions: Int
    /// `retention.ms`: records older than this are deleted; nil keeps them forever.
    public var retentionMs: Millis?
    /// `retention.messages`: at most this many records are kept per partition; nil keeps them all.
    public var retentionMessages: Int64?

    public init(name: String, partitions: Int, retentionMs: Millis? = nil, retentionMessages: Int64? = nil) {
        self.name = name
        self.partitions = partitions
        self.retentionMs = retentionMs
        self.retentionMessages = retentionMessages
    }
}

/// One producer per topic.
public struct ProducerSpec: Sendable, Equatable {
    public var topic: String
    /// The rate over time; its base (constant, ramp start, burst base, sine mean) is the file's `rate`.
    public var pattern: RatePattern
    public var keys: KeyDistribution
    public var keySpace: Int
    /// Records per batch for keyless records (the sticky partitioner moves on after each batch).
    public var batchSize: Int

    public static let defaultKeySpace = 1_000
    public static let defaultBatchSize = 100

    public init(
        topic: String, pattern: RatePattern, keys: KeyDistribution = .none, keySpace: Int = defaultKeySpace,
        batchSize: Int = defaultBatchSize
    ) {
        self.topic = topic
        self.pattern = pattern
        self.keys = keys
        self.keySpace = keySpace
        self.batchSize = batchSize
    }

    /// The file's `rate`: the rate at time 0.
    public var rate: Double { pattern.rate(at: 0) }

    /// A partitioner for this producer's records on a topic of `partitions` partitions.
    public func partitioner(partitions: Int, seed: UInt64) -> RecordPartitioner {
        RecordPartitioner(partitions: partitions, keys: keys, keySpace: keySpace, batchSize: batchSize, seed: seed)
    }
}

/// When a member commits its offsets.
public enum CommitMode: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// `enable.auto.commit=true`: the consumer commits what it has polled every `auto.commit.interval.ms`.
    case auto
    /// Commit after processing each polled batch: at-least-once.
    case afterProcessing = "after-processing"
    /// Commit before processing each polled batch: at-most-once (a crash skips the batch).
    case beforeProcessing = "before-processing"

    public var description: String { rawValue }
}

public struct GroupSpec: Sendable, Equatable {
    public var id: String
    public var topics: [String]
    /// Members at the start: `<id>-1` … `<id>-<members>`.
    public var members: Int
    /// Messages per second each member processes.
    public var processingRate: Double
    /// The group's consumer config (`group.id` = `id`; `group.instance.id` unset, see `memberConfig`).
    public var config: ConsumerConfig
    /// Static membership: member n gets `group.instance.id` `<id>-<n>`.
    public var isStatic: Bool
    public var commit: CommitMode

    public static let defaultProcessingRate = 1_000.0

    public init(
        id: String, topics: [String], members: Int, processingRate: Double = defaultProcessingRate,
        config: ConsumerConfig? = nil, isStatic: Bool = false, commit: CommitMode = .auto
    ) {
        self.id = id
        self.topics = topics
        self.members = members
        self.processingRate = processingRate
        self.config = config ?? ConsumerConfig(groupId: id)
        self.isStatic = isStatic
        self.commit = commit
    }

    /// `<id>-<n>`, n from 1.
    public func memberName(_ n: Int) -> String { "\(id)-\(n)" }

    /// The member number in a name of this group, if it is one (`billing-2` → 2).
    public func memberNumber(_ name: String) -> Int? {
        guard name.hasPrefix(id + "-"), let n = Int(name.dropFirst(id.count + 1)), n >= 1 else { return nil }
        return memberName(n) == name ? n : nil
    }

    /// Member n's config: the group's, with `group.instance.id` `<id>-<n>` if static.
    public func memberConfig(_ n: Int) -> ConsumerConfig {
        var c = config
        if isStatic { c.groupInstanceId = memberName(n) }
        return c
    }
}

/// A command on the scenario's timeline.
public struct TimedCommand: Sendable, Equatable {
    public var at: Millis
    public var command: SimulationCommand
    /// The line of the event in its file (0 for events not from a file).
    public var line: Int

    public init(at: Millis, command: SimulationCommand, line: Int = 0) {
        self.at = at
        self.command = command
        self.line = line
    }
}
