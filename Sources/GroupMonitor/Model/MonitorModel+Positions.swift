import GroupCore
import GroupSim

/// Where one group stands on one partition at the latest refresh: what the cluster said, and what follows from it.
public struct GroupPartitionPosition: Sendable, Equatable {
    public var partition: TopicPartition
    public var ownerMemberId: String?
    public var committedOffset: Int64?
    public var logStartOffset: Int64?
    public var logEndOffset: Int64?
    /// Log end − committed; nil when either is unknown or when the two contradict each other (`suspicious`).
    public var lag: Int64?
    /// Why the numbers cannot be trusted, one line: a broker whose log end is behind what the group already
    /// committed is answering wrongly (or the topic was recreated), and a negative lag would be garbage.
    public var suspicious: String?
    /// Estimated from the log end's history; `atLeast` when the history is shorter than the lag.
    public var timeLagMs: Millis?
    public var timeLagIsLowerBound: Bool
    /// Burrow's verdict; nil when nothing was committed or the lag is unknown.
    public var status: LagStatus?
}

extension MonitorModel {
    /// The position of `group` on `tp` at the latest refresh.
    public func position(of group: ObservedGroup, on tp: TopicPartition) -> GroupPartitionPosition {
        let number = numbering.number(tp)
        let state = number.map { partitionStates[$0] }
        // The owner as the latest refresh's assignments have it, or from the group's own members for a group the
        // model has not taken in.
        let owner: String?
        if let track = tracks[group.id], let number { owner = track.ownerId(of: number) } else { owner = group.owners[tp] }
        return position(
            of: group, on: tp, observed: state?.observed, logEndHistory: state?.logEnds, recentEnds: state?.recentEnds,
            owner: owner, history: history(group: group.id, tp), committed: group.committedOffset(on: tp))
    }

    /// As `position(of:on:)`, with everything it reads handed in: the snapshot walks every partition of every group
    /// and looks each table up once per partition (or once per group), not once per question.
    func position(
        of group: ObservedGroup, on tp: TopicPartition, observed: ObservedPartition?, logEndHistory: LogEndHistory?,
        recentEnds: [Int64]?, owner: String?, history: GroupPartitionHistory?, committed: Int64?
    ) -> GroupPartitionPosition {
        let logEnd = observed?.logEndOffset
        var lag: Int64?
        var suspicious: String?
        if let committed, let logEnd {
            if committed > logEnd {
                suspicious = "committed offset \(committed) is past the log end \(logEnd) the leader reported"
            } else {
                lag = PartitionLog.consumerLag(logEndOffset: logEnd, committed: committed)
            }
        }
        var timeLag: (millis: Millis, atLeast: Bool)?
        if let committed, lag != nil, let now = latest?.time {
            timeLag = logEndHistory?.timeLag(committedOffset: committed, now: now)
        }
        var status: LagStatus?
        if let lag, let now = latest?.time, let window = history?.window {
            status = options.evaluator.status(of: window, recentLogEnds: recentEnds ?? [], currentLag: lag, now: now)
        }
        return GroupPartitionPosition(
            partition: tp, ownerMemberId: owner, committedOffset: committed,
            logStartOffset: observed?.logStartOffset, logEndOffset: logEnd, lag: lag, suspicious: suspicious,
            timeLagMs: timeLag?.millis, timeLagIsLowerBound: timeLag?.atLeast ?? false, status: status)
    }

    /// Every partition the group has to do with: assigned to a member, committed, or of a topic it reads.
    public func partitions(of group: ObservedGroup) -> [TopicPartition] {
        var result = Set(group.committed.keys).union(group.owners.keys)
        let topics = Set(group.topics)
        for topic in latest?.topics ?? [] where topics.contains(topic.name) {
            for p in topic.partitions { result.insert(TopicPartition(topic.name, p.partition)) }
        }
        return result.sorted()
    }

    /// The group's status: the worst of its partitions', as Burrow rates a group; nil when no partition has one.
    public func status(of group: ObservedGroup) -> LagStatus? {
        partitions(of: group).compactMap { position(of: group, on: $0).status }.max()
    }

    /// Lag samples of the group on the partition, oldest first (one per refresh).
    public func lagHistory(group: String, partition tp: TopicPartition) -> [Int64] {
        history(group: group, tp)?.lagHistory ?? []
    }

    /// Messages per second the group's committed offset advanced on the partition between the last two refreshes.
    public func commitRate(group: String, partition tp: TopicPartition) -> Double {
        history(group: group, tp)?.commitRate ?? 0
    }
}
