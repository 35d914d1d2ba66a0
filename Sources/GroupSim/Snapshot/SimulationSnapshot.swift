import GroupCore

/// Everything the dashboard shows at one instant. Built on demand by the simulation; plain values only.
public struct SimulationSnapshot: Sendable {
    public var scenarioName: String
    public var seed: UInt64
    /// Virtual time since the start.
    public var time: Millis
    /// Messages per second produced and consumed over the last second of virtual time.
    public var produceRate: Double
    public var consumeRate: Double
    public var totalLag: Int64
    public var producersPaused: Bool
    public var topics: [TopicView]
    public var groups: [GroupView]
    /// A line about the source itself, shown in the header when set: `connecting to HOST:PORT… (retry in 3s)`,
    /// `stale 12s`. The simulation leaves it nil.
    public var sourceStatus: String?
    /// Broker mode: the `HOST:PORT` real clients connect to (the bound port when `--listen 0` let the system pick).
    /// Nil for a simulation nobody can connect to.
    public var listeningOn: String?
    /// Whether any group has a lag status (a source that judges lag, with something to judge): the dashboard then
    /// shows a STATUS column. Cheap: a group's status is the worst of its partitions'.
    public var hasLagStatus: Bool { groups.contains { $0.lagStatus != nil } }
    /// How many events happened since the start (the source keeps only the most recent).
    public var eventsHappened: Int
    /// Set by a source that shows a real cluster in real time (monitor mode): it has no speed and no seed, and its
    /// data is as fresh as its last refresh. The header shows this instead of speed and seed. Nil for a simulation.
    public var liveSource: LiveSourceInfo?

    public init(
        scenarioName: String, seed: UInt64, time: Millis, produceRate: Double, consumeRate: Double,
        totalLag: Int64, producersPaused: Bool, topics: [TopicView], groups: [GroupView], sourceStatus: String? = nil,
        eventsHappened: Int = 0
    ) {
        self.sourceStatus = sourceStatus
        self.eventsHappened = eventsHappened
        self.scenarioName = scenarioName
        self.seed = seed
        self.time = time
        self.produceRate = produceRate
        self.consumeRate = consumeRate
        self.totalLag = totalLag
        self.producersPaused = producersPaused
        self.topics = topics
        self.groups = groups
    }
}

public struct TopicView: Sendable {
    public var name: String
    /// The configured produce rate, messages per second (also while producers are paused).
    public var rate: Double
    /// Whether its producer is producing now (false while producers are paused): the dashboard shows 0 msg/s.
    public var producing: Bool
    /// Created by a real client (broker mode), not by the scenario: only real producers write to it.
    public var isExternal: Bool
    public var partitions: [PartitionView]

    public init(
        name: String, rate: Double, producing: Bool = true, isExternal: Bool = false, partitions: [PartitionView]
    ) {
        self.name = name
        self.rate = rate
        self.producing = producing
        self.isExternal = isExternal
        self.partitions = partitions
    }
}

public struct PartitionView: Sendable {
    public var partition: Int32
    public var logStartOffset: Int64
    public var logEndOffset: Int64
    /// Messages per second written to this partition over the last second.
    public var produceRate: Double
    /// Receives markedly more than its share of the topic's traffic (a hot key).
    public var isHot: Bool
    /// One entry per group subscribed to the topic, in the order of `SimulationSnapshot.groups`.
    public var groups: [PartitionGroupView]

    public init(
        partition: Int32, logStartOffset: Int64, logEndOffset: Int64, produceRate: Double, isHot: Bool,
        groups: [PartitionGroupView]
    ) {
        self.partition = partition
        self.logStartOffset = logStartOffset
        self.logEndOffset = logEndOffset
        self.produceRate = produceRate
        self.isHot = isHot
        self.groups = groups
    }
}

/// What a real-time source (a watched cluster) says about itself in place of a simulation's speed and seed.
public struct LiveSourceInfo: Sendable, Equatable {
    /// What is watched, `127.0.0.1:9092` (the bootstrap servers).
    public var target: String
    /// How often it refreshes.
    public var refreshInterval: Millis
    /// When the last successful refresh landed, on the snapshot's clock; nil before the first.
    public var lastRefresh: Millis?

    public init(target: String, refreshInterval: Millis, lastRefresh: Millis?) {
        self.target = target
        self.refreshInterval = refreshInterval
        self.lastRefresh = lastRefresh
    }
}

/// Who consumes a partition for one group, and how far behind it is.
public enum Ownership: String, Sendable {
    /// A member owns it and may fetch.
    case owned
    /// Its owner is giving it up in a cooperative rebalance (still owned, no longer fetching).
    case revoking
    /// Nobody owns it: between an eager revoke and the new assignment, or no live member.
    case unassigned
}

public struct PartitionGroupView: Sendable {
    public var groupId: String
    /// The owning member's name (`billing-2`), nil when unassigned.
    /// Spelled `Optional<String>`, not `String?`: the short form gives it an implicit initial value of nil, and the
    /// inlinable `init` then assigns over it, which made another module copy and destroy the whole view per call.
    // swift-format-ignore: UseShorthandTypeNames
    public var owner: Optional<String>
    public var ownership: Ownership
    /// The group's committed offset (the next offset to read), nil when it never committed.
    public var committedOffset: Int64?
    /// The owner's fetch position (the next offset it will read), nil when it has none.
    public var position: Int64?
    /// LOG-END-OFFSET − CURRENT-OFFSET as `kafka-consumer-groups.sh` computes it; nil when nothing is committed.
    public var lag: Int64?
    /// How many milliseconds behind the head the committed position is.
    public var timeLagMs: Millis
    /// Lag once per second of virtual time over the last minute, oldest first.
    public var lagHistory: LagSamples
    /// Burrow's status of the group on this partition, from a source that judges it (monitor mode); nil otherwise
    /// (the simulation) or while nothing was committed.
    public var lagStatus: LagStatus?

    /// Inlinable: the monitor builds ~100,000 of these per snapshot from another module.
    @inlinable
    public init(
        groupId: String, owner: String?, ownership: Ownership, committedOffset: Int64?, lag: Int64?,
        timeLagMs: Millis, lagHistory: LagSamples, position: Int64? = nil, lagStatus: LagStatus? = nil
    ) {
        self.lagStatus = lagStatus
        self.position = position
        self.groupId = groupId
        self.owner = owner
        self.ownership = ownership
        self.committedOffset = committedOffset
        self.lag = lag
        self.timeLagMs = timeLagMs
        self.lagHistory = lagHistory
    }
}

extension PartitionGroupView {
    /// A view whose lag samples are an array of their own.
    public init(
        groupId: String, owner: String?, ownership: Ownership, committedOffset: Int64?, lag: Int64?,
        timeLagMs: Millis, lagHistory: [Int64], position: Int64? = nil, lagStatus: LagStatus? = nil
    ) {
        self.init(
            groupId: groupId, owner: owner, ownership: ownership, committedOffset: committedOffset, lag: lag,
            timeLagMs: timeLagMs, lagHistory: LagSamples(lagHistory), position: position, lagStatus: lagStatus)
    }
}

/// One (group, partition) pair's lag samples, oldest first. The simulation hands each pair an array; the monitor
/// reads them in place from columns its snapshots share: one array per refresh holding the sample of every partition
/// of a group (`row` is the partition's place in each), so that a snapshot of 100,000 pairs copies no samples and
/// only the rows a dashboard draws are ever read.
public struct LagSamples: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    // Internal (not private) for the inlinable initializers, which another module calls per pair.
    @usableFromInline enum Source: Sendable {
        case values([Int64])
        case columns([[Int64]], row: Int, first: Int)
    }

    @usableFromInline let source: Source
    public let count: Int

    @inlinable
    public init(_ values: [Int64]) {
        source = .values(values)
        count = values.count
    }

    @inlinable
    public init(arrayLiteral elements: Int64...) { self.init(elements) }

    /// The samples at `row` of `columns[first ..< first + count]`; each of those columns must have that row (checked
    /// when a sample is read, not here: a snapshot builds 100,000 of these and reads a screenful).
    @inlinable
    public init(columns: [[Int64]], row: Int, first: Int, count: Int) {
        precondition(first >= 0 && count >= 0 && count <= columns.count - first, "lag sample columns out of range")
        source = .columns(columns, row: row, first: first)
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Int64 {
        precondition(position >= 0 && position < count, "lag sample index out of range")
        switch source {
        case .values(let values): return values[position]
        case .columns(let columns, let row, let first): return columns[first + position][row]
        }
    }

    public static func == (a: LagSamples, b: LagSamples) -> Bool { a.elementsEqual(b) }
}

public struct GroupView: Sendable {
    public var id: String
    public var topics: [String]
    /// The coordinator's state: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
    public var state: String
    /// The coordinator's generation id; nil when the source cannot know it: a watcher of a classic group reads it with
    /// DescribeGroups, whose response carries no generation in any version (DescribeGroupsResponse.json).
    public var generation: Int32?
    /// The chosen protocol (assignment strategy) of the current generation, nil before the first.
    public var protocolName: String?
    /// The configured `partition.assignment.strategy` of the members (what the next rebalance will use).
    public var configuredStrategy: AssignmentStrategy
    /// The leader's member name.
    public var leader: String?
    public var members: [MemberView]
    public var lag: Int64
    /// Burrow's status of the group, the worst of its partitions'; nil when the source does not judge it.
    public var lagStatus: LagStatus?

    public init(
        id: String, topics: [String], state: String, generation: Int32?, protocolName: String?,
        configuredStrategy: AssignmentStrategy, leader: String?, members: [MemberView], lag: Int64,
        lagStatus: LagStatus? = nil
    ) {
        self.lagStatus = lagStatus
        self.id = id
        self.topics = topics
        self.state = state
        self.generation = generation
        self.protocolName = protocolName
        self.configuredStrategy = configuredStrategy
        self.leader = leader
        self.members = members
        self.lag = lag
    }
}

public enum MemberStatus: String, Sendable {
    case stable, joining, crashed, hung, left, paused, error
    /// Hung, and its poll timer expired: it left the group (Kafka's maybeLeaveGroup) and owns nothing.
    case hungLeftGroup = "hung (left group)"
}

public struct MemberView: Sendable {
    /// `<group.id>-<n>`.
    public var name: String
    /// The Kafka member id the coordinator gave it, empty before the first join.
    public var memberId: String
    public var groupInstanceId: String?
    public var status: MemberStatus
    public var partitions: [TopicPartition]
    public var lag: Int64
    /// Configured processing rate, messages per second.
    public var processingRate: Double
    /// Messages per second actually processed over the last second.
    public var consumeRate: Double
    public var isLeader: Bool
    /// A visible error (for example `auto.offset.reset=none` with no committed offset).
    public var error: String?
    /// For a failed member the group has not noticed yet: milliseconds until it does (session expiry for a
    /// crashed or paused member, the poll timeout for a hung one).
    public var detectionInMs: Millis?
    /// The `client.id` it sends (CLIENT-ID in `kafka-consumer-groups.sh --members`).
    public var clientId: String
    /// Where it connects from (HOST), `/127.0.0.1` style; the simulation's members say `/sim`.
    public var host: String
    /// A real client (broker mode) rather than a simulated one: only some faults apply (`SourceCapabilities`).
    public var isExternal: Bool
    /// The generation the member last joined, nil before its first.
    public var generation: Int32?
    /// Milliseconds until the coordinator expires its session (no heartbeat by then), when the coordinator knows it.
    public var sessionExpiresInMs: Millis?
    /// Milliseconds until its poll loop breaks `max.poll.interval.ms`, when it is in a group.
    public var pollTimeoutInMs: Millis?

    public init(
        name: String, memberId: String, groupInstanceId: String?, status: MemberStatus, partitions: [TopicPartition],
        lag: Int64, processingRate: Double, consumeRate: Double, isLeader: Bool, error: String? = nil,
        detectionInMs: Millis? = nil, clientId: String = "", host: String = "", isExternal: Bool = false,
        generation: Int32? = nil, sessionExpiresInMs: Millis? = nil, pollTimeoutInMs: Millis? = nil
    ) {
        self.clientId = clientId
        self.host = host
        self.isExternal = isExternal
        self.generation = generation
        self.sessionExpiresInMs = sessionExpiresInMs
        self.pollTimeoutInMs = pollTimeoutInMs
        self.detectionInMs = detectionInMs
        self.name = name
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.status = status
        self.partitions = partitions
        self.lag = lag
        self.processingRate = processingRate
        self.consumeRate = consumeRate
        self.isLeader = isLeader
        self.error = error
    }
}
