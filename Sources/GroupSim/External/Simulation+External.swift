import GroupCore

/// Broker mode: what the network layer asks of the simulation on behalf of real Kafka clients. Everything here runs
/// on the simulation's one thread, in the order requests arrived.
extension Simulation {
    // MARK: Topics

    /// Every topic and its partition count, in creation order.
    public var topicPartitionCounts: [(name: String, partitions: Int)] {
        log.topics.map { ($0.name, $0.partitions.count) }
    }

    /// Creates a topic for a real client (CreateTopics, or auto-creation on first use). False if it exists already.
    @discardableResult
    public func createExternalTopic(_ name: String, partitions: Int, retentionMs: Millis? = nil) -> Bool {
        guard partitions > 0, log.topicIndex(name) == nil else { return false }
        log.createTopic(name, partitions: partitions, retentionMs: retentionMs)
        endOffsetsLastSecond.append(Array(repeating: 0, count: partitions))
        partitionRates.append(Array(repeating: 0, count: partitions))
        for g in groups.indices where groups[g].members.isEmpty && groups[g].spec.topics.contains(name) {
            rebuildExternalGroup(g, topics: Set(groups[g].spec.topics))
        }
        record(
            "topic.created", group: nil, "topic \(name) created with " + CountedNoun.counted(partitions, "partition"),
            [("topic", .string(name)), ("partitions", .int(Int64(partitions)))])
        return true
    }

    /// The per-partition byte bound on batches stored from real producers.
    public var retentionBytes: Int64 {
        get { external.retentionBytes }
        set { external.retentionBytes = max(0, newValue) }
    }

    /// Bytes of real producers' batches held now, over all partitions.
    public var storedBytes: Int64 { external.records.totalBytes }

    // MARK: Records

    /// Log start and log end offsets of a partition, nil if it does not exist.
    public func offsets(_ tp: TopicPartition) -> (logStart: Int64, logEnd: Int64)? {
        log.partition(tp).map { ($0.logStartOffset, $0.logEndOffset) }
    }

    /// Appends a real producer's batch of offsets `0 ..< offsetCount` (last offset delta + 1): the log counts them
    /// (so simulated members consume them and lag shows them), and the store keeps `bytes` as they came, with the base
    /// offset they were given beside them (a fetch writes it into the batch). A retried idempotent batch is
    /// acknowledged with its first offset and not appended again.
    public func appendExternalBatch(
        _ tp: TopicPartition, offsetCount: Int32, recordCount: Int32, producer: ProducerIdentity?, bytes: [UInt8]
    ) -> ExternalAppendResult {
        guard let t = log.topicIndex(tp.topic), let partition = log.partition(tp), offsetCount > 0 else {
            return .unknownTopicOrPartition
        }
        let p = Int(tp.partition)
        let lastSequence = producer.map { $0.firstSequence &+ offsetCount &- 1 }
        if let producer, producer.producerId >= 0, let lastSequence {
            let key = ProducerStateTable.Key(producerId: producer.producerId, topic: t, partition: p)
            if let base = external.producers.duplicate(
                of: key, epoch: producer.epoch, firstSequence: producer.firstSequence, lastSequence: lastSequence)
            {
                return .duplicate(baseOffset: base)
            }
            guard external.producers.isInSequence(key, epoch: producer.epoch, firstSequence: producer.firstSequence) else {
                return .outOfOrderSequence
            }
        }
        let base = partition.logEndOffset
        external.records.ensureTopic(t, partitions: log.topics[t].partitions.count)
        external.records[t, p].append(
            StoredBatch(baseOffset: base, endOffset: base + Int64(offsetCount), bytes: bytes))
        log.append(topic: t, partition: p, count: Int64(offsetCount), at: now)
        producedTotal += Int64(recordCount)
        if let producer, producer.producerId >= 0, let lastSequence {
            external.producers.record(
                .init(producerId: producer.producerId, topic: t, partition: p),
                .init(epoch: producer.epoch, firstSequence: producer.firstSequence, lastSequence: lastSequence, baseOffset: base))
        }
        enforceByteBound(topic: t, partition: p)
        return .appended(baseOffset: base)
    }

    /// Drops the oldest stored batches past the byte bound, moving the log start past them as Kafka's
    /// `retention.bytes` deletes whole segments.
    private func enforceByteBound(topic t: Int, partition p: Int) {
        var newStart: Int64?
        while external.records[t, p].bytes > external.retentionBytes, let dropped = external.records[t, p].dropOldest() {
            newStart = dropped.endOffset
        }
        if let newStart { log.deleteRecords(topic: t, partition: p, before: newStart) }
    }

    /// What a fetch at `offset` reads first: a stored batch that holds it, or the run of simulated producers' offsets
    /// that starts there. Nil at or past the log end (or for an unknown partition).
    public func piece(_ tp: TopicPartition, at offset: Int64) -> StoredPiece? {
        guard let t = log.topicIndex(tp.topic), let partition = log.partition(tp) else { return nil }
        let p = Int(tp.partition)
        external.records.ensureTopic(t, partitions: log.topics[t].partitions.count)
        external.records[t, p].trim(below: partition.logStartOffset)
        return external.records[t, p].piece(at: max(offset, partition.logStartOffset), logEnd: partition.logEndOffset)
    }

    /// When the record at `offset` was appended, in simulation time.
    public func appendTime(_ tp: TopicPartition, offset: Int64) -> Millis? {
        log.partition(tp)?.appendTime(of: offset)
    }

    /// Kafka's ListOffsets by timestamp: the first offset appended at or after `time` (simulation time), nil when none is.
    public func firstOffset(_ tp: TopicPartition, appendedAtOrAfter time: Millis) -> Int64? {
        guard let partition = log.partition(tp) else { return nil }
        var low = partition.logStartOffset, high = partition.logEndOffset
        while low < high {
            let mid = low + (high - low) / 2
            if (partition.appendTime(of: mid) ?? .max) >= time { high = mid } else { low = mid + 1 }
        }
        return low < partition.logEndOffset ? low : nil
    }

    /// A fresh producer id for InitProducerId.
    public func newProducerId() -> Int64 { external.producers.newProducerId() }
}

extension Simulation {
    /// An event of the broker itself (listening, a connection closed for bad input), in the run's event stream.
    public func recordBrokerEvent(_ type: String, _ message: String, _ details: [(String, JSONValue)] = []) {
        record(type, group: nil, message, details)
    }
}

extension Simulation {
    /// The group's committed offset for a partition, as the coordinator holds it.
    public func committedOffset(group: String, _ tp: TopicPartition) -> Int64? {
        coordinator.committedOffset(group: group, tp)
    }
}

extension Simulation {
    /// Frees stored batches that time retention (`retention.ms`) has moved below the log start, in every partition;
    /// the broker calls it about once a second so that memory follows retention even where nobody fetches.
    public func trimStoredRecords() {
        for (t, topic) in log.topics.enumerated() {
            external.records.ensureTopic(t, partitions: topic.partitions.count)
            for (p, partition) in topic.partitions.enumerated() {
                external.records[t, p].trim(below: partition.logStartOffset)
            }
        }
    }
}
