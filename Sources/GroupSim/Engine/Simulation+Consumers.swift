import GroupCore

extension Simulation {
    /// One tick of every running member's poll loop: finish the batch in hand at the member's rate,
    /// poll (which rejoins, auto-commits and resets the poll timer), fetch the next batch, and so on.
    func consume() {
        let tickSeconds = Double(Self.tickMs) / 1_000
        for g in groups.indices {
            for m in groups[g].members.indices where groups[g].members[m].process == .running && groups[g].members[m].isAlive {
                let perTick = groups[g].members[m].processingRate * tickSeconds
                // Idle capacity does not bank up beyond one tick's worth.
                groups[g].members[m].capacity = min(groups[g].members[m].capacity + perTick, max(perTick, 1))
                var polls = 0
                while groups[g].members[m].isAlive, groups[g].members[m].process == .running {
                    if groups[g].members[m].batch.isEmpty {
                        guard polls < 64 else { break }
                        polls += 1
                        pollAndFetch(group: g, member: m)
                        if groups[g].members[m].batch.isEmpty { break }
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
        var membership = groups[g].members[m].membership!
        let slots = groups[g].members[m].slots
        guard !slots.isEmpty else { return }
        var remaining = Int64(membership.config.maxPollRecords)
        var runs: [MemberRuntime.BatchRun] = []
        var outOfRange: [TopicPartition] = []
        // Rotate the starting partition so that no partition starves, as Kafka's fetcher rotates.
        let start = Int(now / Self.tickMs) % slots.count
        for i in 0..<slots.count where remaining > 0 {
            let slot = slots[(start + i) % slots.count]
            guard let position = membership.positions[slot.partition] else { continue }
            if !groups[g].members[m].positioned.contains(slot.partition) {
                groups[g].members[m].positioned.insert(slot.partition)
                groups[g].stats[slot.statsIndex].positioned(at: position)
            }
            let partition = log.topics[slot.topicIndex].partitions[slot.partitionNumber]
            if position < partition.logStartOffset || position > partition.logEndOffset {
                outOfRange.append(slot.partition)
                continue
            }
            let available = partition.logEndOffset - position
            guard available > 0 else { continue }
            let take = min(available, remaining)
            runs.append(.init(statsIndex: slot.statsIndex, partition: slot.partition, offset: position, count: take))
            membership.setPosition(slot.partition, position + take)
            remaining -= take
        }
        groups[g].members[m].membership = membership
        groups[g].members[m].batch = runs
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
            for tp in outOfRange {
                groups[g].members[m].membership!.forgetPosition(tp)
                groups[g].members[m].positioned.remove(tp)
            }
            send(groups[g].members[m].membership!.resetPositions(outOfRange), group: g, member: m)
            handleMembershipEvents(group: g, member: m)
        }
    }

    /// Processes as much of the batch as capacity allows; returns true when the batch is done.
    private func processBatch(group g: Int, member m: Int) -> Bool {
        var member = groups[g].members[m]
        while let run = member.batch.first, member.capacity >= 1 {
            let n = min(run.count, Int64(member.capacity))
            groups[g].stats[run.statsIndex].process(from: run.offset, count: n)
            member.capacity -= Double(n)
            member.processedThisSecond += n
            consumedTotal = consumedTotal.addingSaturating(n)
            if n == run.count {
                member.batch.removeFirst()
            } else {
                member.batch[0].offset += n
                member.batch[0].count -= n
            }
        }
        let done = member.batch.isEmpty
        groups[g].members[m] = member
        if done, groups[g].spec.commit == .afterProcessing {
            send(groups[g].members[m].membership!.commit(), group: g, member: m)
        }
        return done
    }
}
