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
                // A member's poll loop is the unit: on the tick where every member's auto-commit falls due, the whole
                // loop over 400 members takes tens of milliseconds.
                pausePoint()
            }
        }
    }

    /// `poll()`: the membership's work, then up to `max.poll.records` from owned partitions with known positions.
    private func pollAndFetch(group g: Int, member m: Int) {
        send(groups[g].members[m].membership!.poll(now: now), group: g, member: m)
        // Stable or not: eager members own nothing while joining; cooperative members keep fetching what they own.
        if groups[g].members[m].isAlive { fetch(group: g, member: m) }
    }

    private func fetch(group g: Int, member m: Int) {
        groups[g].members[m].refreshSlots(log: log, partitionIndex: groups[g].partitionIndex)
        guard !groups[g].members[m].slots.isEmpty else { return }
        // The member is mutated in place (no copy of its positions, flags or batch); the loop touches nothing else
        // of the group, so the first positions it meets are accounted for afterwards.
        let (fetched, outOfRange, firstPositions) = Self.fetch(into: &groups[g].members[m], log: log, now: now)
        for (statsIndex, position) in firstPositions { groups[g].stats[statsIndex].positioned(at: position) }
        if groups[g].spec.commit == .beforeProcessing, fetched {
            // At-most-once: the positions are committed before the records are processed.
            send(groups[g].members[m].membership!.commit(), group: g, member: m)
        }
        if !outOfRange.isEmpty {
            let name = groups[g].members[m].name
            let reset = groups[g].members[m].membership!.config.autoOffsetReset.rawValue
            record(
                "offset.out-of-range", group: groups[g].spec.id,
                "\(name): position out of range for \(outOfRange.map(\.description).joined(separator: " ")), auto.offset.reset=\(reset)",
                [("member", .string(name)), ("partitions", .array(outOfRange.map { .string($0.description) }))])
            for tp in outOfRange { groups[g].members[m].membership!.forgetPosition(tp) }
            unposition(outOfRange, group: g, member: m)
            send(groups[g].members[m].membership!.resetPositions(outOfRange), group: g, member: m)
            handleMembershipEvents(group: g, member: m)
        }
    }

    /// Up to `max.poll.records` from the member's partitions, starting at a rotating one. Returns whether records were
    /// fetched, the partitions whose position fell outside the log, and the starting positions of partitions met for
    /// the first time since their assignment (stats index, position). Partitions are reached by index (log, stats,
    /// the membership's positions), never by hashing their names.
    private static func fetch(into member: inout MemberRuntime, log: ClusterLog, now: Millis) -> (
        fetched: Bool, outOfRange: [TopicPartition], firstPositions: [(statsIndex: Int, position: Int64)]
    ) {
        member.resolvePositionIndexes()
        member.clearBatch()
        let count = member.slots.count
        var remaining = Int64(member.membership!.config.maxPollRecords)
        var outOfRange: [TopicPartition] = []
        var firstPositions: [(statsIndex: Int, position: Int64)] = []
        // Rotate the starting partition so that no partition starves, as Kafka's fetcher rotates.
        let start = Int(now / tickMs) % count
        var i = 0
        while i < count, remaining > 0 {
            var s = start + i
            if s >= count { s -= count }
            i += 1
            guard let index = member.slots[s].positionIndex else { continue }
            let position = member.slots[s].position
            let statsIndex = member.slots[s].statsIndex
            if !member.positioned[statsIndex] {
                member.positioned[statsIndex] = true
                firstPositions.append((statsIndex, position))
            }
            let (logStart, logEnd) = log.offsets(topic: member.slots[s].topicIndex, partition: member.slots[s].partitionNumber)
            if position < logStart || position > logEnd {
                outOfRange.append(member.slots[s].partition)
                continue
            }
            let available = logEnd - position
            guard available > 0 else { continue }
            let take = min(available, remaining)
            member.batch.append(.init(statsIndex: statsIndex, offset: position, count: take))
            member.membership!.setPosition(at: index, position + take)
            member.slots[s].position = position + take
            remaining -= take
        }
        return (!member.batch.isEmpty, outOfRange, firstPositions)
    }

    /// Processes as much of the batch as capacity allows; returns true when the batch is done.
    private func processBatch(group g: Int, member m: Int) -> Bool {
        // The runs are taken out of the member for the loop (it updates the group's stats), and put back after.
        var batch: [MemberRuntime.BatchRun] = []
        swap(&batch, &groups[g].members[m].batch)
        var capacity = groups[g].members[m].capacity
        var next = groups[g].members[m].batchStart
        var processed: Int64 = 0
        while next < batch.count, capacity >= 1 {
            let run = batch[next]
            let n = min(run.count, Int64(capacity))
            groups[g].stats[run.statsIndex].process(from: run.offset, count: n)
            capacity -= Double(n)
            processed += n
            if n == run.count {
                next += 1
            } else {
                batch[next].offset += n
                batch[next].count -= n
            }
        }
        let done = next == batch.count
        swap(&batch, &groups[g].members[m].batch)
        groups[g].members[m].capacity = capacity
        groups[g].members[m].processedThisSecond += processed
        consumedTotal = consumedTotal.addingSaturating(processed)
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
    func offsets(topic: Int, partition: Int) -> (start: Int64, end: Int64) {
        (topics[topic].partitions[partition].logStartOffset, topics[topic].partitions[partition].logEndOffset)
    }
}
