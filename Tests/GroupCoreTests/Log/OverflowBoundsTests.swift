import Testing

@testable import GroupCore

/// Offsets, lags, retention and generations at the edges of their Java types: each follows Kafka's meaning of the
/// value, and none traps.
@Suite struct OverflowBoundsTests {
    /// UnifiedLog.deleteRetentionMsBreachedSegments deletes a segment when now − its newest timestamp > retention.ms, so
    /// retention.ms = Long.MAX keeps everything forever — at time 0 as after a long run.
    @Test(arguments: [Millis(0), 1, 999, 3_600_000, 1 << 50])
    func longMaxRetentionKeepsEverything(now: Millis) {
        var log = PartitionLog()
        log.append(count: 10, at: 0)
        log.append(count: 5, at: max(0, now - 1))
        #expect(log.applyRetention(now: now, retentionMs: Int64.max, retentionMessages: nil) == 0)
        #expect(log.logStartOffset == 0)
        #expect(log.logEndOffset == 15)
    }

    /// Offsets are Java longs: a log whose end is near Long.MAX takes what fits and pins at Long.MAX (Kafka could
    /// assign no offset beyond it); reading positions and lags there does not trap.
    @Test func aLogEndNearLongMaxPins() {
        var log = PartitionLog()
        log.append(count: Int64.max - 5, at: 0)
        #expect(log.logEndOffset == Int64.max - 5)
        log.append(count: 10, at: 1_000)
        #expect(log.logEndOffset == Int64.max)
        log.append(count: Int64.max, at: 2_000)
        #expect(log.logEndOffset == Int64.max)
        #expect(log.consumerLag(committed: 0) == Int64.max)
        #expect(log.backlog(committed: nil) == Int64.max)
        #expect(log.applyRetention(now: 2_000, retentionMs: nil, retentionMessages: 1) == Int64.max - 1)
        #expect(log.logStartOffset == Int64.max - 1)
    }

    /// ConsumerGroupCommand.getLag: LOG-END-OFFSET − CURRENT-OFFSET, none for a missing commit or Kafka's -1 ("no
    /// offset"). A commit near Long.MIN (a hostile client in broker mode) pins the lag instead of wrapping or trapping.
    @Test func consumerLagAtTheBounds() {
        #expect(PartitionLog.consumerLag(logEndOffset: 100, committed: 40) == 60)
        #expect(PartitionLog.consumerLag(logEndOffset: 100, committed: nil) == nil)
        #expect(PartitionLog.consumerLag(logEndOffset: 100, committed: -1) == nil)
        #expect(PartitionLog.consumerLag(logEndOffset: 100, committed: 130) == -30, "not clamped, as Kafka prints it")
        #expect(PartitionLog.consumerLag(logEndOffset: Int64.max, committed: Int64.min) == Int64.max)
        #expect(PartitionLog.consumerLag(logEndOffset: 0, committed: Int64.max) == -Int64.max)
    }

    /// DeleteRecords before an offset below anything in the log deletes nothing; past the end, everything.
    @Test func deleteRecordsAtExtremeOffsets() {
        var cluster = ClusterLog()
        cluster.createTopic("t", partitions: 1)
        cluster.append(topic: 0, partition: 0, count: 50, at: 0)
        cluster.deleteRecords(topic: 0, partition: 0, before: Int64.min)
        #expect(cluster.topics[0].partitions[0].logStartOffset == 0)
        cluster.deleteRecords(topic: 0, partition: 0, before: Int64.max)
        #expect(cluster.topics[0].partitions[0].logStartOffset == 50)
    }

    /// ClassicGroup.initNextGeneration does `generationId += 1` on a Java int, which wraps: the generation after
    /// Int.MAX is Int.MIN (still a new generation, so stale members stay fenced), not a trap.
    @Test func generationWrapsAsAJavaIntDoes() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(1)
        d.coordinator.groups["g"]!.generationId = Int32.max
        let rejoin = d.send(Fixtures.join(memberId: ids[0]))
        #expect(d.answer(rejoin)?.join?.generationId == Int32.min)
    }

    @Test func saturatingHelpers() {
        #expect(Int64.max.addingSaturating(1) == .max)
        #expect(Int64.min.addingSaturating(-1) == .min)
        #expect(Int64.min.subtractingSaturating(1) == .min)
        #expect(Int64.max.subtractingSaturating(-1) == .max)
        #expect(Int64(5).subtractingSaturating(7) == -2)
        #expect([Int64.max, 1, 2].saturatingSum() == .max)
        #expect([Int64(3), -1, 4].saturatingSum() == 6)
    }
}
