import GroupCore

/// One simulated consumer process: the engine's membership logic plus an application poll loop that
/// fetches up to `max.poll.records`, processes them at its own rate, and commits.
struct MemberRuntime {
    enum Process: Equatable {
        case running
        /// The process is gone: no heartbeats, no LeaveGroup.
        case crashed
        /// The poll loop is stuck; the heartbeat thread goes on.
        case hung
        /// Closed cleanly.
        case left
        /// A stop-the-world pause until this instant: nothing runs, answers wait in the socket.
        case paused(until: Millis)
    }

    let name: String
    let number: Int
    /// The `client.id` it sends: the name with its number zero-padded (`billing-002`), because Kafka's member ids
    /// start with the client id and the assignors order members by member id; padding keeps that order the
    /// order of the names past nine members.
    var clientId: String {
        let digits = String(number)
        return String(name.dropLast(digits.count)) + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
    var process: Process = .running
    /// Bumped at each restart so that answers meant for a previous process are dropped.
    var incarnation = 0
    var membership: ConsumerMembership?
    var processingRate: Double
    /// Answers that arrived while paused, delivered on resume.
    var inbox: [(ClientResponse, ClientRequest)] = []
    /// Partitions it owned when it crashed or hung, shown until the coordinator notices.
    var frozenOwned: [TopicPartition] = []
    /// The member id of the process that crashed, to tell when the coordinator will notice.
    var crashedMemberId: String?
    /// Partitions whose starting position has been accounted for (skips are counted once per assignment), by the
    /// group's partition index: a flag per partition, read on every fetch, so no hashing there.
    var positioned = PartitionFlags()

    /// The batch the last poll returned: (partition, first offset, record count) runs; those before `batchStart`
    /// are processed. The array keeps its storage from poll to poll.
    var batch: [BatchRun] = []
    var batchStart = 0
    var hasBatch: Bool { batchStart < batch.count }
    /// The runs fetched and not processed yet.
    var unprocessed: ArraySlice<BatchRun> { batch[batchStart...] }
    /// Processing capacity carried between ticks, in records.
    var capacity = 0.0
    var processedThisSecond: Int64 = 0
    var consumeRate: Double = 0

    /// Owned partitions resolved to log and stats indexes, rebuilt only when ownership changes.
    var slots: [Slot] = []
    var slotsOwned: [TopicPartition] = []
    /// The membership's `positionsRevision` the slots' position indexes were resolved at; nil when not resolved
    /// (new slots, new membership).
    var slotsPositionsRevision: UInt64?

    struct Slot {
        var partition: TopicPartition
        var topicIndex: Int
        var partitionNumber: Int
        var statsIndex: Int
        /// Where its position sits in the membership's positions (nil: no position yet), valid at
        /// `slotsPositionsRevision`.
        var positionIndex: ConsumerMembership.PositionIndex?
        /// The position there, mirrored: only the fetch loop changes it without changing the revision, and it writes
        /// both.
        var position: Int64 = 0
    }

    /// Plain integers (no names): a batch is built and consumed on every poll.
    struct BatchRun {
        var statsIndex: Int
        var offset: Int64
        var count: Int64
    }

    init(name: String, number: Int, processingRate: Double) {
        self.name = name
        self.number = number
        self.processingRate = processingRate
    }

    var isAlive: Bool {
        switch process {
        case .running, .hung, .paused: membership != nil
        case .crashed, .left: false
        }
    }

    var status: MemberStatus {
        switch process {
        case .crashed: return .crashed
        case .hung: return .hung
        case .left: return .left
        case .paused: return .paused
        case .running:
            guard let membership else { return .left }
            switch membership.state {
            case .stable: return membership.rejoinNeeded ? .joining : .stable
            case .failed: return .error
            case .closed: return .left
            case .unjoined, .joining, .syncing: return .joining
            }
        }
    }
}

extension MemberRuntime {
    mutating func clearBatch() {
        batch.removeAll(keepingCapacity: true)
        batchStart = 0
    }

    /// Brings `slots` in line with what the membership owns now.
    mutating func refreshSlots(log: ClusterLog, partitionIndex: [TopicPartition: Int]) {
        let owned = membership?.owned ?? []
        guard owned != slotsOwned else { return }
        slotsOwned = owned
        slotsPositionsRevision = nil
        slots = owned.compactMap { tp in
            guard let topic = log.topicIndex(tp.topic), let stats = partitionIndex[tp] else { return nil }
            return Slot(partition: tp, topicIndex: topic, partitionNumber: Int(tp.partition), statsIndex: stats)
        }
    }

    /// Resolves each slot's position index again when the membership's positions changed other than by value.
    mutating func resolvePositionIndexes() {
        guard let revision = membership?.positionsRevision, revision != slotsPositionsRevision else { return }
        for s in slots.indices {
            let index = membership!.positionIndex(of: slots[s].partition)
            slots[s].positionIndex = index
            slots[s].position = index.map { membership!.position(at: $0) } ?? 0
        }
        slotsPositionsRevision = revision
    }
}

/// One flag per partition of a group, by the group's partition index; grows on demand.
struct PartitionFlags {
    private var flags: [Bool] = []

    subscript(index: Int) -> Bool {
        get { index < flags.count ? flags[index] : false }
        set {
            if index >= flags.count {
                guard newValue else { return }
                flags.append(contentsOf: repeatElement(false, count: index + 1 - flags.count))
            }
            flags[index] = newValue
        }
    }
}
