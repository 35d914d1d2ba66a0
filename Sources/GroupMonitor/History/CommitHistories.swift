import GroupCore
import GroupSim

/// The histories of one group's committed partitions, one slot per partition, kept field by field in flat arrays
/// (Burrow's windows in `SlotRings`, the lag samples in `LagColumns`): a refresh updates and a snapshot reads a few contiguous
/// arrays per group instead of two small heap arrays per (group, partition) pair scattered over memory.
struct CommitHistories: Sendable {
    /// Burrow's window of each slot, oldest first.
    private(set) var windows: SlotRings<CommitSample>
    /// What Burrow's rules ask of each slot's window, kept up to date with it.
    private(set) var summaries: [WindowSummary] = []
    /// The evaluator's allowed lag, which the summaries count caught-up entries by.
    private let allowedLag: Int64
    /// The lag of each slot once per refresh, oldest first (the sparklines), as columns a snapshot shares instead of
    /// copying them (see `LagColumns`).
    private var lagColumns: LagColumns
    /// Messages per second each slot's committed offset advanced (see `MonitorModel.GroupPartitionHistory`).
    private(set) var commitRates: [Double] = []
    /// The committed offset each slot saw last, and when.
    private(set) var lastCommitted: [(time: Millis, offset: Int64)?] = []
    /// The refresh that last saw each slot's committed offset change, and how long before it the previous change was.
    private var lastChanges: [(time: Millis, offset: Int64)?] = []
    private var changeIntervals: [Millis] = []
    /// What each slot's latest commit means at the latest refresh. Judged when the refresh is taken in, while the
    /// slot's window is at hand: nothing it depends on changes until the next refresh, and a snapshot then reads it
    /// instead of going through ~100,000 windows again.
    var verdicts: [Verdict] = []
    /// Slots freed for reuse (a partition whose commits went away).
    private var freeSlots: [Int] = []

    /// A commit's lag, time lag and Burrow's status (nil where unknown), as the snapshot shows them.
    struct Verdict: Sendable {
        var lag: Int64?
        var timeLagMs: Millis?
        var status: LagStatus?
    }

    init(windowLength: Int, lagHistoryLength: Int, allowedLag: Int64) {
        self.allowedLag = allowedLag
        windows = SlotRings(capacity: windowLength, blank: CommitSample(time: 0, offset: 0, lag: nil))
        lagColumns = LagColumns(capacity: lagHistoryLength)
    }

    /// Slots made so far, in use or free.
    var count: Int { commitRates.count }

    /// A slot with an empty history: a freed one if any, else a new one.
    mutating func addSlot() -> Int {
        if let slot = freeSlots.popLast() { return slot }
        windows.addSlot([])
        summaries.append(WindowSummary())
        lagColumns.addSlot()
        commitRates.append(0)
        lastCommitted.append(nil)
        lastChanges.append(nil)
        changeIntervals.append(0)
        verdicts.append(Verdict())
        return commitRates.count - 1
    }

    /// Empties the slot's history and keeps the slot for the next `addSlot`.
    mutating func freeSlot(_ slot: Int) {
        windows.empty(slot)
        summaries[slot] = WindowSummary()
        lagColumns.empty(slot)
        // Emptied, not only set aside: the group's consume rate adds every slot's rate.
        commitRates[slot] = 0
        lastCommitted[slot] = nil
        lastChanges[slot] = nil
        changeIntervals[slot] = 0
        verdicts[slot] = Verdict()
        freeSlots.append(slot)
    }

    /// The slot's history as one value, for the model's accessors (`positions`, `lagHistory`, `commitRate`).
    func history(_ slot: Int) -> MonitorModel.GroupPartitionHistory {
        var history = MonitorModel.GroupPartitionHistory()
        history.window = Array(windows.values(slot))
        history.lagHistory = Array(lagColumns.samples(slot))
        history.commitRate = commitRates[slot]
        history.lastCommitted = lastCommitted[slot]
        history.lastChange = lastChanges[slot]
        history.changeInterval = changeIntervals[slot]
        return history
    }

    /// One refresh's committed offset into the slot: the commit rate since the last refresh, Burrow's window (an
    /// entry when the offset moved or a live member owns the partition) and the lag samples.
    mutating func record(committed: Int64, lag: Int64?, owned: Bool, time: Millis, in slot: Int) {
        let moved = lastCommitted[slot].map { $0.offset != committed } ?? true
        lastCommitted[slot] = (time, committed)
        if moved {
            if let change = lastChanges[slot], time > change.time {
                changeIntervals[slot] = time - change.time
                commitRates[slot] =
                    Double(max(0, committed.subtractingSaturating(change.offset))) * 1_000 / Double(changeIntervals[slot])
            }
            lastChanges[slot] = (time, committed)
        } else if let change = lastChanges[slot], time - change.time > 2 * changeIntervals[slot] {
            commitRates[slot] = 0
        }
        if moved || owned {
            summaries[slot].append(
                CommitSample(time: time, offset: committed, lag: lag), to: slot, of: &windows, allowedLag: allowedLag)
        }
        if let lag {
            lagColumns.append(lag, to: slot)
        }
    }

    /// Ends a refresh's `record`s: its lag samples become a column snapshots can share.
    mutating func closeRefresh() {
        lagColumns.close()
    }

    /// The slot's lag samples, oldest first, for a snapshot: read in place from the shared columns.
    func lagSamples(_ slot: Int) -> LagSamples {
        lagColumns.samples(slot)
    }
}
