import Testing

@testable import GroupCore

@Suite struct PartitionLogTests {
    @Test func appendsMoveTheLogEndOffset() {
        var log = PartitionLog()
        #expect(log.logStartOffset == 0 && log.logEndOffset == 0)
        log.append(count: 10, at: 0)
        log.append(count: 0, at: 5)
        log.append(count: 5, at: 2_000)
        #expect(log.logEndOffset == 15)
        #expect(log.logStartOffset == 0)
    }

    @Test func timeLagFromTheMarks() {
        var log = PartitionLog()
        log.append(count: 10, at: 1_000)  // offsets 0…9
        log.append(count: 10, at: 1_500)  // same one-second bucket: stamped 1 000
        log.append(count: 10, at: 5_000)  // offsets 20…29
        #expect(log.appendTime(of: 0) == 1_000)
        #expect(log.appendTime(of: 15) == 1_000)
        #expect(log.appendTime(of: 25) == 5_000)
        #expect(log.appendTime(of: 30) == nil)
        #expect(log.timeLag(position: 0, now: 8_000) == 7_000)
        #expect(log.timeLag(position: 20, now: 8_000) == 3_000)
        #expect(log.timeLag(position: 30, now: 8_000) == 0, "caught up")
    }

    @Test func retentionByCount() {
        var log = PartitionLog()
        log.append(count: 100, at: 0)
        #expect(log.applyRetention(now: 0, retentionMs: nil, retentionMessages: 30) == 70)
        #expect(log.logStartOffset == 70)
        #expect(log.applyRetention(now: 0, retentionMs: nil, retentionMessages: 30) == 0)
        #expect(log.appendTime(of: 69) == nil)
        #expect(log.timeLag(position: 10, now: 500) == 500, "a position before log-start lags from the log-start")
    }

    @Test func retentionByTime() {
        var log = PartitionLog()
        log.append(count: 10, at: 0)  // 0…9
        log.append(count: 10, at: 10_000)  // 10…19
        log.append(count: 10, at: 20_000)  // 20…29
        #expect(log.applyRetention(now: 15_000, retentionMs: 10_000, retentionMessages: nil) == 10)
        #expect(log.logStartOffset == 10)
        #expect(log.applyRetention(now: 25_000, retentionMs: 10_000, retentionMessages: nil) == 10)
        #expect(log.logStartOffset == 20)
        #expect(log.applyRetention(now: 100_000, retentionMs: 10_000, retentionMessages: nil) == 10)
        #expect(log.logStartOffset == 30)
        #expect(log.logEndOffset == 30, "retention never moves the LEO")
    }

    @Test func memoryIsBounded() {
        var log = PartitionLog()
        for second in 0..<5_000 { log.append(count: 1_000, at: Millis(second) * 1_000 + 3) }
        #expect(log.logEndOffset == 5_000_000)
        // The ring never holds more than its capacity, whatever was appended.
        #expect(log.marks.count == PartitionLog.markCapacity)
        // Recent offsets keep second precision; older ones are a lower bound (the oldest mark).
        #expect(log.timeLag(position: 4_999_000, now: 5_000_000) == 1_000 - 3)
        let oldest = log.appendTime(of: 0)
        #expect(oldest == Millis(5_000 - PartitionLog.markCapacity) * 1_000 + 3)
    }

    @Test func clusterLogAnswersListOffsets() {
        var cluster = ClusterLog()
        cluster.createTopic("t", partitions: 2, retentionMessages: 5)
        cluster.append(topic: 0, partition: 1, count: 12, at: 0)
        let deleted = cluster.applyRetention(now: 0)
        #expect(deleted.count == 1 && deleted[0].deleted == 7)
        #expect(cluster.listOffset(TopicPartition("t", 1), .earliest) == 7)
        #expect(cluster.listOffset(TopicPartition("t", 1), .latest) == 12)
        #expect(cluster.listOffset(TopicPartition("t", 0), .latest) == 0)
        #expect(cluster.listOffset(TopicPartition("t", 2), .latest) == nil)
        #expect(cluster.listOffset(TopicPartition("u", 0), .latest) == nil)
        #expect(cluster.partitionsPerTopic == ["t": 2])
    }
}
