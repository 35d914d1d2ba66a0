import GroupCore
import GroupSim

/// What Burrow's rules ask of a window of commits (`LagEvaluator.status(of:…)`), kept up to date as entries come and
/// go: its first and last entry and four counts. A refresh judges every (group, partition) pair, ~100,000 of them;
/// reading each pair's whole window for that is most of a refresh's memory traffic, while keeping the counts costs
/// the entry that leaves and its neighbours, which sit next to where the new one is written.
struct WindowSummary: Sendable, Equatable {
    var first: CommitSample?
    var last: CommitSample?
    var count = 0
    /// Entries whose lag is within the allowed lag (Burrow: "caught up at some point of the window").
    var caughtUp = 0
    /// Neighbouring entries whose committed offset went down.
    var rewinds = 0
    /// Neighbouring entries whose committed offset changed (none: STALL).
    var moves = 0
    /// Neighbouring entries of those with a lag, skipping those without, whose lag went down (none: WARN).
    var lagDrops = 0

    /// The summary of `entries`, oldest first.
    init(of entries: some Collection<CommitSample>, allowedLag: Int64) {
        var previous: CommitSample?
        var previousLag: Int64?
        for entry in entries {
            if first == nil { first = entry }
            count += 1
            if let lag = entry.lag {
                if lag <= allowedLag { caughtUp += 1 }
                if let previousLag, lag < previousLag { lagDrops += 1 }
                previousLag = lag
            }
            if let previous {
                if entry.offset < previous.offset { rewinds += 1 }
                if entry.offset != previous.offset { moves += 1 }
            }
            previous = entry
        }
        last = previous
    }

    init() {}

    /// Appends `sample` to `slot` of `windows` (the window this summarises) and follows the summary through it.
    mutating func append(_ sample: CommitSample, to slot: Int, of windows: inout SlotRings<CommitSample>, allowedLag: Int64) {
        let previousLast = last
        let evicted = windows.append(sample, to: slot)
        let newFirst = windows.first(slot) ?? sample
        if Self.canFollow(appended: sample, previousLast: previousLast, evicted: evicted, newFirst: newFirst) {
            follow(appended: sample, evicted: evicted, newFirst: newFirst, capacity: windows.capacity, allowedLag: allowedLag)
        } else {
            self = WindowSummary(of: windows.values(slot), allowedLag: allowedLag)
        }
    }

    /// Whether `follow` can take in an append from the entries next to it: the lag drops pair each entry with the
    /// previous one that has a lag, which is its neighbour only when no entry involved lacks one (rare: a refresh
    /// without the partition's log end).
    private static func canFollow(
        appended: CommitSample, previousLast: CommitSample?, evicted: CommitSample?, newFirst: CommitSample?
    ) -> Bool {
        appended.lag != nil && (previousLast.map { $0.lag != nil } ?? true)
            && (evicted.map { $0.lag != nil && newFirst?.lag != nil } ?? true)
    }

    /// Follows the window through one append: `evicted` gave way (the ring was full) and `newFirst` is the oldest
    /// entry after the append. Only when `canFollow` said so; otherwise the caller summarises the window afresh.
    private mutating func follow(
        appended: CommitSample, evicted: CommitSample?, newFirst: CommitSample, capacity: Int, allowedLag: Int64
    ) {
        if let evicted {
            // The pair (evicted, the entry after it, now the oldest) leaves the window.
            let successor = newFirst
            if evicted.lag.map({ $0 <= allowedLag }) ?? false { caughtUp -= 1 }
            if successor.offset < evicted.offset { rewinds -= 1 }
            if successor.offset != evicted.offset { moves -= 1 }
            if let a = evicted.lag, let b = successor.lag, b < a { lagDrops -= 1 }
            count -= 1
        }
        if let last {
            // The pair (last, appended) joins it.
            if appended.offset < last.offset { rewinds += 1 }
            if appended.offset != last.offset { moves += 1 }
            if let a = last.lag, let b = appended.lag, b < a { lagDrops += 1 }
        }
        if appended.lag.map({ $0 <= allowedLag }) ?? false { caughtUp += 1 }
        count = min(count + 1, capacity)
        first = newFirst
        last = appended
    }
}

extension LagEvaluator {
    /// `status(of:recentLogEnds:currentLag:now:)` from the window's summary and the lowest of the recent log ends
    /// (nil: none), with the same answer.
    func status(of window: WindowSummary, lowestRecentLogEnd: Int64?, currentLag: Int64, now: Millis) -> LagStatus? {
        guard let first = window.first, let last = window.last else { return nil }
        guard currentLag > allowedLag else { return .ok }
        let stopped = now - last.time > last.time - first.time
        let recentlyCaughtUp = lowestRecentLogEnd.map { $0 <= last.offset.addingSaturating(allowedLag) } ?? false
        if stopped && !recentlyCaughtUp { return .stop }
        if window.caughtUp > 0 { return .ok }
        if window.rewinds > 0 { return .rewind }
        guard window.count >= 2 else { return .ok }
        if window.moves == 0 { return .stall }
        return window.lagDrops > 0 ? .ok : .warn
    }
}
