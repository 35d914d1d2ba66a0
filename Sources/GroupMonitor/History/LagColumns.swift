import GroupSim

/// A group's lag samples as snapshots share them: each refresh one immutable array (a column) with the sample of
/// every slot, the last `capacity` columns kept. A snapshot takes the columns by reference and each pair's
/// `LagSamples` reads its slot's row of them lazily, instead of 100,000 pairs each copying their samples into an
/// array of their own (which grew with the history to ~20 ms a snapshot). The next refresh copies only the list of
/// column references, never a column.
///
/// The columns hold a slot's samples only while it got one in every refresh: a refresh without a lag (no log end)
/// leaves a hole, and a slot handed to another partition starts afresh. `samples` serves a slot from the columns
/// only when its unbroken run of samples covers what the slot holds, and says nil otherwise (the caller then copies
/// the slot's ring, which keeps every sample).
struct LagColumns: Sendable {
    /// Columns kept (the lag history's length).
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

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds a slot with no samples (slots are numbered in order, as `SlotRings` numbers them).
    mutating func addSlot() {
        pending.append(0)
        lastColumn.append(-1)
        runStart.append(0)
    }

    /// Forgets the slot's samples: a partition given the slot next must not show the previous one's.
    mutating func empty(_ slot: Int) {
        lastColumn[slot] = -1
    }

    /// The slot's sample for this refresh.
    mutating func append(_ value: Int64, to slot: Int) {
        pending[slot] = value
        if lastColumn[slot] == closed {
            // A second sample in one refresh: the column keeps only the later one, so the run starts again after it.
            runStart[slot] = closed + 1
        } else if lastColumn[slot] != closed - 1 {
            runStart[slot] = closed
        }
        lastColumn[slot] = closed
    }

    /// Ends the refresh: its column joins the kept ones (the oldest giving way) and is never written again.
    mutating func close() {
        columns.append(pending)
        if columns.count > capacity { columns.removeFirst(columns.count - capacity) }
        closed += 1
    }

    /// The slot's last `count` samples read from the columns, or nil when they are not all there (a hole, a second
    /// sample in one refresh, or no sample in the latest refresh).
    func samples(_ slot: Int, count: Int) -> LagSamples? {
        if count == 0 { return [] }
        guard lastColumn[slot] == closed - 1 else { return nil }
        let oldestKept = closed - columns.count
        guard count <= closed - max(runStart[slot], oldestKept) else { return nil }
        return LagSamples(columns: columns, row: slot, first: columns.count - count, count: count)
    }
}
