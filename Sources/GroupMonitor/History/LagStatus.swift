import GroupCore
import GroupSim

/// One entry of Burrow's window: a committed offset seen at a time, and the lag it had then (nil when the log end was
/// unknown at that moment, as Burrow allows).
public struct CommitSample: Sendable, Equatable {
    public var time: Millis
    public var offset: Int64
    public var lag: Int64?

    public init(time: Millis, offset: Int64, lag: Int64?) {
        self.time = time
        self.offset = offset
        self.lag = lag
    }
}

/// Burrow's rules (its current `calculatePartitionStatus`), with `allowedLag` as the level that counts as caught up
/// where Burrow asks for exactly 0.
///
/// Burrow sees every commit (it reads `__consumer_offsets`); a monitor that polls OffsetFetch sees one committed
/// offset per refresh. So the window gets an entry per refresh while a live member owns the partition (its consumer
/// is committing, even when the offset does not move — which is what STALL means) or whenever the committed offset
/// changed; with no owner and no new commits the window stops growing and the partition turns STOP once the silence
/// is longer than the window's span, as in Burrow.
public struct LagEvaluator: Sendable {
    /// Burrow's default `intervals`: how many commits (and broker offsets) the window holds.
    public static let defaultWindow = 10

    public var allowedLag: Int64
    public var window: Int

    public init(allowedLag: Int64 = 0, window: Int = LagEvaluator.defaultWindow) {
        self.allowedLag = max(0, allowedLag)
        self.window = max(2, window)
    }

    /// The status at `now` of a partition whose current lag is `currentLag`, from its window of commits (oldest
    /// first) and the log-end offsets of the last refreshes (`recentLogEnds`, Burrow's broker offsets).
    /// Nil without any entry: nothing was ever committed, so there is nothing to judge.
    public func status(
        of samples: some BidirectionalCollection<CommitSample>, recentLogEnds: some Collection<Int64>, currentLag: Int64,
        now: Millis
    ) -> LagStatus? {
        guard let first = samples.first, let last = samples.last else { return nil }
        // Caught up now: never in error.
        guard currentLag > allowedLag else { return .ok }
        // STOP first — even if the window once had no lag, that may be old — unless the log end was at the last
        // commit recently (the consumer was caught up a few refreshes ago).
        let stopped = now - last.time > last.time - first.time
        let recentlyCaughtUp = recentLogEnds.contains { $0 <= last.offset.addingSaturating(allowedLag) }
        if stopped && !recentlyCaughtUp { return .stop }
        // Caught up at some point of the window → OK.
        if samples.contains(where: { ($0.lag.map { $0 <= allowedLag }) ?? false }) { return .ok }
        let pairs = zip(samples, samples.dropFirst())
        if pairs.contains(where: { $1.offset < $0.offset }) { return .rewind }
        // Burrow judges even a single commit, which would call every lagging partition stalled on the first
        // refresh; STALL and WARN need two entries to compare.
        guard samples.count >= 2 else { return .ok }
        // Committing, but the offset never moved → STALL.
        if pairs.allSatisfy({ $1.offset == $0.offset }) { return .stall }
        // The offset moves but the lag never went down (entries without a lag skipped) → WARN: a slow consumer.
        var previousLag: Int64?
        for lag in samples.lazy.compactMap(\.lag) {
            if let previousLag, lag < previousLag { return .ok }
            previousLag = lag
        }
        return .warn
    }
}
