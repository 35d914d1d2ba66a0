import GroupSim

/// A group's lag samples, kept as snapshots share them: each refresh one immutable array (a column) with the sample
/// of every slot, the last `capacity` columns kept. A snapshot takes the columns by reference and each pair's
/// `LagSamples` reads its slot's row of them lazily, instead of 100,000 pairs each copying their samples into an
/// array of their own (which grew with the history to ~20 ms a snapshot). The next refresh copies only the list of
/// column references, never a column.
///
/// A slot's samples are its row of the columns while it got exactly one sample in every refresh. A refresh without
/// a lag (no log end) leaves a hole, and a partition recorded twice in one refresh has two samples for one column:
/// then, and only until an unbroken run of columns covers the history again, the slot's samples are kept in an
/// array of their own (`detached`). Either way every sample is kept, once.
struct LagColumns: Sendable {
    /// Samples kept per slot (the lag history's length), and so columns kept.
    let capacity: Int
    /// The last `capacity` closed columns, oldest first; column `c` has a row for every slot made before it closed.
    private(set) var columns: [[Int64]] = []
    /// Columns closed so far: the number of the column being filled.
    private var closed = 0
    /// The column being filled by this refresh (the last one's values where a slot has no sample yet: never read).
    private var pending: [Int64] = []
    /// Each slot's latest sample's column (-1: none since the slot was emptied), and where its unbroken run began.
    private var lastColumn: [Int] = []
    private var runStart: [Int] = []
    /// How many samples each slot holds (at most `capacity`).
    private var counts: [Int] = []
    /// The samples, oldest first, of the slots the columns cannot show (rare: see above).
    private var detached: [Int: [Int64]] = [:]

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds a slot with no samples; slots are numbered in order of addition.
    mutating func addSlot() {
        pending.append(0)
        lastColumn.append(-1)
        runStart.append(0)
        counts.append(0)
    }

    /// Forgets the slot's samples: a partition given the slot next must not show the previous one's.
    mutating func empty(_ slot: Int) {
        lastColumn[slot] = -1
        counts[slot] = 0
        detached[slot] = nil
    }

    /// The slot's sample for this refresh.
    mutating func append(_ value: Int64, to slot: Int) {
        if lastColumn[slot] == closed {
            // A second sample in one refresh: the column keeps only the later one, so the run starts again after it
            // and the slot's samples (the earlier one is in `pending`) go to an array of their own.
            if detached[slot] == nil {
                detached[slot] = rowSamples(slot, count: counts[slot] - 1) + [pending[slot]]
            }
            runStart[slot] = closed + 1
        } else if lastColumn[slot] != closed - 1 {
            // The first sample, or the first after a hole (`close` detached the slot when the hole began).
            runStart[slot] = closed
        }
        if detached[slot] != nil {
            if closed + 1 - runStart[slot] >= capacity {
                // Once this column closes the unbroken run covers a whole history again.
                detached[slot] = nil
            } else {
                detached[slot]?.append(value)
                if let kept = detached[slot]?.count, kept > capacity { detached[slot]?.removeFirst(kept - capacity) }
            }
        }
        pending[slot] = value
        lastColumn[slot] = closed
        counts[slot] = min(counts[slot] + 1, capacity)
    }

    /// Ends the refresh: a slot that holds samples but got none this refresh keeps them in an array of its own (its
    /// row will have a hole), and the refresh's column joins the kept ones, the oldest giving way, never written
    /// again.
    mutating func close() {
        for slot in counts.indices where counts[slot] > 0 && lastColumn[slot] != closed && detached[slot] == nil {
            detached[slot] = rowSamples(slot, count: counts[slot])
        }
        columns.append(pending)
        if columns.count > capacity { columns.removeFirst(columns.count - capacity) }
        closed += 1
    }

    /// The slot's samples, oldest first: read in place from the columns, or its own array while it has one.
    func samples(_ slot: Int) -> LagSamples {
        if let own = detached[slot] { return LagSamples(own) }
        let count = counts[slot]
        guard count > 0, lastColumn[slot] == closed - 1 else { return [] }
        // Without an array of its own, a slot's samples are the last `count` rows of an unbroken run (see `append`
        // and `close`); `min` only keeps a broken promise from reading out of range.
        let available = min(count, closed - max(runStart[slot], closed - columns.count))
        return LagSamples(columns: columns, row: slot, first: columns.count - available, count: available)
    }

    /// The last `count` samples of the slot's row, whose run ends at the last closed column.
    private func rowSamples(_ slot: Int, count: Int) -> [Int64] {
        let available = max(0, min(count, columns.count))
        // Every kept column closed after the slot was made has its row; the check keeps a broken promise from trapping.
        return columns[(columns.count - available)...].map { slot < $0.count ? $0[slot] : 0 }
    }
}
