import GroupCore
import Testing

@testable import GroupMonitor

/// Time lag as "the age of the record at the committed offset": that record was appended when the log end first
/// passed the committed offset; between two refreshes the appends are spread evenly. Values worked by hand.
@Suite struct LogEndHistoryTests {
    /// The log end sits at 100 from 0 s to 1 s, then is 200 at 2 s.
    func quietThenBurst() -> LogEndHistory {
        var h = LogEndHistory()
        h.record(time: 0, logEndOffset: 100)
        h.record(time: 1_000, logEndOffset: 100)
        h.record(time: 2_000, logEndOffset: 200)
        return h
    }

    @Test func growthIsPlacedAfterTheLastQuietRefresh() {
        let h = quietThenBurst()
        // The quiet stretch became a sample, so the burst is dated between 1 s and 2 s.
        #expect(h.samples.map(\.time) == [0, 1_000, 2_000])
        // Offset 150 is the 51st of the 100 records appended between 1 s and 2 s: at 1.51 s; at 3 s it is 1.49 s old.
        #expect(h.timeLag(committedOffset: 150, now: 3_000)?.millis == 1_490)
        #expect(h.timeLag(committedOffset: 150, now: 3_000)?.atLeast == false)
        // Offset 100 is the first record after the quiet stretch: appended at 1.01 s.
        #expect(h.timeLag(committedOffset: 100, now: 3_000)?.millis == 1_990)
    }

    @Test func caughtUpIsZeroAndOlderThanTheHistoryIsALowerBound() {
        let h = quietThenBurst()
        #expect(h.timeLag(committedOffset: 200, now: 3_000)?.millis == 0)
        #expect(h.timeLag(committedOffset: 250, now: 3_000)?.millis == 0)
        // Offset 50 was already written before the first refresh: at least 3 s old.
        let old = h.timeLag(committedOffset: 50, now: 3_000)
        #expect(old?.millis == 3_000)
        #expect(old?.atLeast == true)
        #expect(LogEndHistory().timeLag(committedOffset: 0, now: 0) == nil)
    }

    @Test func aShrinkingLogStartsOver() {
        var h = quietThenBurst()
        h.record(time: 3_000, logEndOffset: 10)
        #expect(h.samples == [LogEndHistory.Sample(time: 3_000, logEndOffset: 10)])
    }

    @Test func longHistoriesThinOutButKeepTheirStart() {
        var h = LogEndHistory()
        for i in 0..<1_000 { h.record(time: Millis(i) * 1_000, logEndOffset: Int64(i) * 10) }
        #expect(h.samples.count <= LogEndHistory.capacity)
        #expect(h.samples.first?.time == 0)
        #expect(h.samples.last?.time == 999_000)
        // Even growth of 10 per second: the record at offset 5,000 was appended just after 500 s, so at 999 s it is
        // about 499 s old, whichever samples survived the thinning.
        let lag = h.timeLag(committedOffset: 5_000, now: 999_000)
        #expect(lag?.atLeast == false)
        #expect(lag.map { abs($0.millis - 499_000) <= 1_000 } == true)
    }

    /// Growth of 1 per second from 0 to 60 s, with quiet stretches: each record's age is known exactly (the record
    /// at offset k was appended in second k of the growth), so every committed offset along a full history, near
    /// the head or far back, must come out at that age.
    @Test func everyOffsetOfAFullHistoryIsDatedByItsOwnStretch() {
        var h = LogEndHistory()
        var time: Millis = 0
        var end: Int64 = 0
        var appendedAt: [Int64: Millis] = [:]
        for step in 0..<200 {
            time += 1_000
            // Every fifth refresh the log end stands still; the others it grows by 1.
            if step % 5 != 4 {
                appendedAt[end] = time
                end += 1
            }
            h.record(time: time, logEndOffset: end)
        }
        #expect(h.samples.count > LogEndHistory.capacity / 2)
        let oldest = h.samples[0].logEndOffset
        let now = time + 500
        for committed in oldest..<end {
            let lag = h.timeLag(committedOffset: committed, now: now)
            // Within a refresh: the refresh that first saw the record can only place it inside its interval.
            guard let appended = appendedAt[committed], let lag else {
                Issue.record("no lag for offset \(committed)")
                continue
            }
            #expect(lag.atLeast == false)
            #expect(abs(lag.millis - (now - appended)) <= 1_000, "offset \(committed)")
        }
    }

    /// The ingest dates most commits from each partition's newest stretch, read out beside the others; for every
    /// offset, below the history, inside it, in the newest stretch and at the head, that must be the history's answer.
    @Test func theNewestStretchDatesAsTheWholeHistoryDoes() {
        for length in [1, 2, 3, 200] {
            var h = LogEndHistory()
            for step in 0..<length { h.record(time: Millis(step + 1) * 1_000, logEndOffset: Int64(step / 3 * 7 + step)) }
            let facts = GroupTrack.PartitionFacts(
                logEnds: [h.samples.last?.logEndOffset], lowestRecentEnds: [nil], logEndHistories: [h],
                newestStretches: [h.newestStretch])
            let now = Millis(length + 3) * 1_000
            let head = h.samples.last?.logEndOffset ?? 0
            for committed in (h.samples[0].logEndOffset - 3)...(head + 2) {
                #expect(
                    facts.timeLag(0, committed: committed, now: now) == h.timeLag(committedOffset: committed, now: now)?.millis,
                    "\(length) samples, offset \(committed)")
            }
        }
    }

    @Test func rateComesFromTheLastTwoSamples() {
        let h = quietThenBurst()
        #expect(h.rate(now: 2_000, window: 5_000) == 100)
        #expect(h.rate(now: 10_000, window: 5_000) == 0)
    }
}
