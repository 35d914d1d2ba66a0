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
        let observed = state?.observed
        let committed = group.committedOffset(on: tp)
        let judgement = judge(
            committed: committed, logEnd: observed?.logEndOffset, logEndHistory: state?.logEnds,
            recentEnds: state?.recentEnds, window: history(group: group.id, tp)?.window, now: latest?.time)
        return GroupPartitionPosition(
            partition: tp, ownerMemberId: owner, committedOffset: committed, logStartOffset: observed?.logStartOffset,
            logEndOffset: observed?.logEndOffset, lag: judgement.lag, suspicious: judgement.suspicious,
            timeLagMs: judgement.timeLag?.millis, timeLagIsLowerBound: judgement.timeLag?.atLeast ?? false,
            status: judgement.status)
    }

    /// What follows from a group's committed offset on a partition at the latest refresh.
    struct Judgement {
        /// Log end − committed; nil when either is unknown or when they contradict each other.
        var lag: Int64?
        var suspicious: String?
        var timeLag: (millis: Millis, atLeast: Bool)?
        var status: LagStatus?
    }

    /// The lag, time lag and Burrow's status at `now` (the latest refresh's time) of a committed offset, from the
    /// partition's log end and its history and the group's window of commits on it. Everything is handed in: a
    /// refresh judges ~100,000 (group, partition) pairs and reads each table once per partition or once per group.
    func judge(
        committed: Int64?, logEnd: Int64?, logEndHistory: LogEndHistory?, recentEnds: [Int64]?,
        window: (some RandomAccessCollection<CommitSample>)?, now: Millis?
    ) -> Judgement {
        var judgement = Judgement()
        if let committed, let logEnd {
            if committed > logEnd {
                judgement.suspicious = "committed offset \(committed) is past the log end \(logEnd) the leader reported"
            } else {
                judgement.lag = PartitionLog.consumerLag(logEndOffset: logEnd, committed: committed)
            }
        }
        if let committed, judgement.lag != nil, let now {
            judgement.timeLag = logEndHistory?.timeLag(committedOffset: committed, now: now)
        }
        if let lag = judgement.lag, let now, let window {
            judgement.status = options.evaluator.status(
                of: window, recentLogEnds: recentEnds ?? [], currentLag: lag, now: now)
        }
        return judgement
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
