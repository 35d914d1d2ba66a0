import GroupCore

extension Simulation {
    /// One tick of every running member's poll loop: finish the batch in hand at the member's rate,
    /// poll (which rejoins, auto-commits and resets the poll timer), fetch the next batch, and so on.
    ///
    /// This is the simulation's hot path (every member, every tick, every owned partition): partitions are reached
    /// through indexes resolved once per assignment change (`MemberRuntime.slots`), batches and flags are arrays
    /// reused from poll to poll, and member state is mutated in place, never copied out and back.
    func consume() {
        let tickSeconds = Double(Self.tickMs) / 1_000
        for g in groups.indices {
            for m in groups[g].members.indices where groups[g].members[m].process == .running && groups[g].members[m].isAlive {
                let perTick = groups[g].members[m].processingRate * tickSeconds
                // Idle capacity does not bank up beyond one tick's worth.
                groups[g].members[m].capacity = min(groups[g].members[m].capacity + perTick, max(perTick, 1))
                var polls = 0
                while groups[g].members[m].isAlive, groups[g].members[m].process == .running {
                    if !groups[g].members[m].hasBatch {
                        guard polls < 64 else { break }
                        polls += 1
                        pollAndFetch(group: g, member: m)
                        if !groups[g].members[m].hasBatch { break }
                    }
                    if !processBatch(group: g, member: m) { break }
                }
            }
        }
    }

    /// `poll()`: the membership's work, then up to `max.poll.records` from owned partitions with known positions.
    private func pollAndFetch(group g: Int, member m: Int) {
        send(groups[g].members[m].membership!.poll(now: now), group: g, member: m)
        guard groups[g].members[m].isAlive, case .stable = groups[g].members[m].membership!.state else {
            // Eager members own nothing while joining; cooperative members keep fetching what they own.
            if groups[g].members[m].isAlive { fetch(group: g, member: m) }
            return
        }
        fetch(group: g, member: m)
    }

    private func fetch(group g: Int, member m: Int) {
        groups[g].members[m].refreshSlots(log: log, partitionIndex: groups[g].partitionIndex)
        let slots = groups[g].members[m].slots
        guard !slots.isEmpty else { return }
        // Taken out of the member for the loop, so that setting positions and flags mutates them in place instead of
        // copying a shared dictionary; put back below before anything else can look at the member.
        var membership = groups[g].members[m].membership!
        groups[g].members[m].membership = nil
        var positioned = groups[g].members[m].positioned
        groups[g].members[m].positioned = PartitionFlags()
        var runs = groups[g].members[m].batch
        groups[g].members[m].batch = []
        runs.removeAll(keepingCapacity: true)
        var remaining = Int64(membership.config.maxPollRecords)
        var outOfRange: [TopicPartition] = []
        // Rotate the starting partition so that no partition starves, as Kafka's fetcher rotates.
        let start = Int(now / Self.tickMs) % slots.count
        var i = 0
        while i < slots.count, remaining > 0 {
            var s = start + i
            if s >= slots.count { s -= slots.count }
            i += 1
            guard let position = membership.positions[slots[s].partition] else { continue }
            let statsIndex = slots[s].statsIndex
            if !positioned[statsIndex] {
                positioned[statsIndex] = true
                groups[g].stats[statsIndex].positioned(at: position)
            }
            let (logStart, logEnd) = log.offsets(topic: slots[s].topicIndex, partition: slots[s].partitionNumber)
            if position < logStart || position > logEnd {
                outOfRange.append(slots[s].partition)
                continue
            }
            let available = logEnd - position
            guard available > 0 else { continue }
            let take = min(available, remaining)
            runs.append(.init(statsIndex: statsIndex, offset: position, count: take))
            membership.setPosition(slots[s].partition, position + take)
            remaining -= take
        }
        groups[g].members[m].membership = membership
        groups[g].members[m].positioned = positioned
        groups[g].members[m].batch = runs
        groups[g].members[m].batchStart = 0
        if groups[g].spec.commit == .beforeProcessing, !runs.isEmpty {
            // At-most-once: the positions are committed before the records are processed.
            send(groups[g].members[m].membership!.commit(), group: g, member: m)
        }
        if !outOfRange.isEmpty {
            let name = groups[g].members[m].name
            record(
                "offset.out-of-range", group: groups[g].spec.id,
                "\(name): position out of range for \(outOfRange.map(\.description).joined(separator: " ")), auto.offset.reset=\(membership.config.autoOffsetReset.rawValue)",
                [("member", .string(name)), ("partitions", .array(outOfRange.map { .string($0.description) }))])
            for tp in outOfRange { groups[g].members[m].membership!.forgetPosition(tp) }
            unposition(outOfRange, group: g, member: m)
            send(groups[g].members[m].membership!.resetPositions(outOfRange), group: g, member: m)
            handleMembershipEvents(group: g, member: m)
        }
    }

    /// Processes as much of the batch as capacity allows; returns true when the batch is done.
    private func processBatch(group g: Int, member m: Int) -> Bool {
        var capacity = groups[g].members[m].capacity
        var next = groups[g].members[m].batchStart
        let count = groups[g].members[m].batch.count
        var processed: Int64 = 0
        while next < count, capacity >= 1 {
            let run = groups[g].members[m].batch[next]
            let n = min(run.count, Int64(capacity))
            groups[g].stats[run.statsIndex].process(from: run.offset, count: n)
            capacity -= Double(n)
            processed += n
            if n == run.count {
                next += 1
            } else {
                groups[g].members[m].batch[next].offset += n
                groups[g].members[m].batch[next].count -= n
            }
        }
        groups[g].members[m].capacity = capacity
        groups[g].members[m].processedThisSecond += processed
        consumedTotal += processed
        let done = next == count
        if done {
            groups[g].members[m].clearBatch()
        } else {
            groups[g].members[m].batchStart = next
        }
        if done, groups[g].spec.commit == .afterProcessing {
            send(groups[g].members[m].membership!.commit(), group: g, member: m)
        }
        return done
    }
}

extension ClusterLog {
    /// A partition's log-start and log-end offsets by index, read in place (the partition's time marks not copied).
    @inline(__always)
    fileprivate func offsets(topic: Int, partition: Int) -> (start: Int64, end: Int64) {
        (topics[topic].partitions[partition].logStartOffset, topics[topic].partitions[partition].logEndOffset)
    }
}
