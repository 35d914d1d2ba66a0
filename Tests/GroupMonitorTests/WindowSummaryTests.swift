import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The summary a refresh judges Burrow's rules by (`WindowSummary`, kept up to date entry by entry in a ring of
/// Burrow's window length) must give Burrow's answers: on Burrow's own test vectors, and on any window where the
/// entry-by-entry counts could drift from the window they describe.
@Suite struct WindowSummaryTests {
    /// Burrow's vectors (`LagEvaluatorTests.vectors`, from linkedin/Burrow `caching_test.go`) fed one commit at a time
    /// into a ring of Burrow's default window (10 entries), as a refresh feeds them: vectors 9 and 10 have 15 commits,
    /// so the ring evicts.
    @Test(arguments: LagEvaluatorTests.vectors)
    func burrowVectorEntryByEntry(_ v: LagEvaluatorTests.Vector) {
        var ring = Ring(capacity: LagEvaluator.defaultWindow, allowedLag: 0)
        for (offset, time, lag) in v.offsets { ring.append(CommitSample(time: time, offset: offset, lag: lag)) }
        #expect(ring.summary == WindowSummary(of: ring.entries, allowedLag: 0))
        let status = LagEvaluator().status(
            of: ring.summary, lowestRecentLogEnd: v.brokerOffsets.min(), currentLag: v.currentLag,
            now: v.nowSeconds * 1_000)
        // Burrow judges the last 10 commits it keeps; vectors 9 and 10 turn on the last ones, so the answer stands.
        #expect(status == v.expected)
    }

    /// Random windows (offsets that go back and stand still, lags that are missing or within the allowed lag): after
    /// every append the followed summary equals the summary of the ring's entries, and its status equals what
    /// `status(of:recentLogEnds:…)` says reading every entry.
    @Test(arguments: 0..<40)
    func followedSummaryMatchesTheWindow(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let capacity = 2 + Int(random.next() % 11)
        let allowedLag = Int64(random.next() % 3) * 5
        let evaluator = LagEvaluator(allowedLag: allowedLag, window: capacity)
        var ring = Ring(capacity: capacity, allowedLag: allowedLag)
        var offset: Int64 = 1_000
        var time: Millis = 0
        for _ in 0..<60 {
            time += Millis(1 + random.next() % 3_000)
            switch random.next() % 5 {
            case 0: break  // stands still
            case 1: offset -= Int64(random.next() % 50)  // rewinds
            default: offset += Int64(random.next() % 100)
            }
            let lag: Int64? = random.next() % 6 == 0 ? nil : Int64(random.next() % 20)
            ring.append(CommitSample(time: time, offset: offset, lag: lag))
            #expect(ring.summary == WindowSummary(of: ring.entries, allowedLag: allowedLag), "seed \(seed)")
            let recent = (0..<Int(random.next() % 4)).map { _ in offset + Int64(random.next() % 40) - 10 }
            let currentLag = Int64(random.next() % 20)
            let now = time + Millis(random.next() % 20_000)
            #expect(
                evaluator.status(of: ring.summary, lowestRecentLogEnd: recent.min(), currentLag: currentLag, now: now)
                    == evaluator.status(of: ring.entries, recentLogEnds: recent, currentLag: currentLag, now: now),
                "seed \(seed)")
        }
    }

    /// A window in a `SlotRings` slot and its summary, appended to as `CommitHistories.record` does.
    struct Ring {
        var rings: SlotRings<CommitSample>
        var summary = WindowSummary()
        let allowedLag: Int64

        init(capacity: Int, allowedLag: Int64) {
            rings = SlotRings(capacity: capacity, blank: CommitSample(time: 0, offset: 0, lag: nil))
            rings.addSlot([])
            self.allowedLag = allowedLag
        }

        var entries: [CommitSample] { Array(rings.values(0)) }

        mutating func append(_ sample: CommitSample) {
            summary.append(sample, to: 0, of: &rings, allowedLag: allowedLag)
        }
    }
}
