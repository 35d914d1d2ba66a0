import GroupCore

/// One group's partitions by number, kept from refresh to refresh: a history slot per committed partition, laid out
/// topic by topic as the group's `committedTopics` (a refresh whose commits cover the same partitions — nearly every
/// refresh — updates them in order with no lookup at all), and the owner of each assigned partition sorted by
/// partition number (worked out again only when an assignment or the numbering changed). A partition keeps its slot
/// while the group has a commit on it, so a partition committed for the first time costs one new slot, not a copy
/// of every history.
struct GroupTrack: Sendable {
    /// A topic of the committed layout: its partitions, and the history slot of each.
    struct Topic: Sendable {
        var name: String
        var partitions: [Int32]
        var slots: [Int]
    }

    /// A partition a member was assigned: its number, and the member's index in the group's `members`.
    struct Owner: Sendable {
        var number: Int
        var member: Int
    }

    /// The committed partitions, as the latest refresh's `committedTopics` lists them (sorted by name).
    private(set) var topics: [Topic] = []
    /// The histories, by slot.
    var histories: CommitHistories
    /// The partition number of each slot in use.
    private(set) var numberOfSlot: [Int] = []
    /// Sorted by number; a partition claimed by two members belongs to the later one, as `ObservedGroup.owners` has it.
    private(set) var owners: [Owner] = []
    /// What `owners` was worked out from (the members' ids and assignments), and under which numbering.
    private var ownersFrom: (memberIds: [String], assignments: [[TopicPartition]?], numbering: Int)?
    private var numberedUnder = -1

    init(windowLength: Int, lagHistoryLength: Int, allowedLag: Int64) {
        histories = CommitHistories(windowLength: windowLength, lagHistoryLength: lagHistoryLength, allowedLag: allowedLag)
    }

    /// Lays the slots out as `committed` lists its partitions: each partition keeps its slot (found by binary search
    /// in the old layout: numbers of an older numbering may name other partitions now), a new one gets a fresh slot,
    /// and the slots of partitions no longer committed are freed with their histories.
    mutating func layOut(_ committed: [CommittedTopic], numbering: inout PartitionNumbering) {
        let sameLayout =
            numberedUnder == numbering.version && topics.count == committed.count
            && zip(topics, committed).allSatisfy { $0.name == $1.topic && $0.partitions == $1.partitions }
        if sameLayout { return }
        let old = topics
        var kept = Set<Int>()
        topics = []
        for topic in committed {
            let oldTopic = old.sortedIndex(of: topic.topic, by: \.name).map { old[$0] }
            var slots: [Int] = []
            slots.reserveCapacity(topic.partitions.count)
            for p in topic.partitions {
                if let oldTopic, let i = oldTopic.partitions.partitionIndex(of: p) {
                    slots.append(oldTopic.slots[i])
                    kept.insert(oldTopic.slots[i])
                } else {
                    slots.append(histories.addSlot())
                }
            }
            let numbers = numbering.numbersAdding(topic: topic.topic, partitions: topic.partitions)
            if numberOfSlot.count < histories.count {
                numberOfSlot.append(contentsOf: repeatElement(-1, count: histories.count - numberOfSlot.count))
            }
            for (slot, n) in zip(slots, numbers) { numberOfSlot[slot] = n }
            topics.append(Topic(name: topic.topic, partitions: topic.partitions, slots: slots))
        }
        for topic in old { for slot in topic.slots where !kept.contains(slot) { histories.freeSlot(slot) } }
        numberedUnder = numbering.version
    }

    /// Works out the owners again when the members' assignments or the numbering changed. The assignments of a
    /// settled group are the same arrays refresh after refresh (the reader decodes each distinct one once), so the
    /// comparison is cheap.
    mutating func updateOwners(_ members: [ObservedMember], numbering: inout PartitionNumbering) {
        let memberIds = members.map(\.memberId)
        let assignments = members.map(\.assignment)
        if let from = ownersFrom, from.numbering == numbering.version, from.memberIds == memberIds,
            from.assignments == assignments
        {
            return
        }
        var claims: [(owner: Owner, order: Int)] = []
        for (m, member) in members.enumerated() {
            for n in numbering.numbersAdding(member.assignment ?? []) {
                claims.append((Owner(number: n, member: m), claims.count))
            }
        }
        claims.sort { ($0.owner.number, $0.order) < ($1.owner.number, $1.order) }
        // Of the claims on one partition, the last one made.
        owners = claims.indices.filter { $0 + 1 == claims.count || claims[$0 + 1].owner.number != claims[$0].owner.number }
            .map { claims[$0].owner }
        ownersFrom = (memberIds, assignments, numbering.version)
    }

    /// What a refresh knows of each partition, by number: worked out once for all the groups that commit on it.
    struct PartitionFacts {
        var logEnds: [Int64?]
        /// The lowest of each partition's log ends at the last refreshes (Burrow's broker offsets), nil when none.
        var lowestRecentEnds: [Int64?]
        var logEndHistories: [LogEndHistory?]
        /// Each history's newest two samples, side by side: most commits sit between them.
        var newestStretches: [(before: LogEndHistory.Sample?, after: LogEndHistory.Sample)?]

        /// The time lag of `committed` on partition `n`, as `LogEndHistory.timeLag` has it: from the newest stretch
        /// when the committed offset is in it, from the whole history otherwise.
        func timeLag(_ n: Int, committed: Int64, now: Millis) -> Millis? {
            guard let (before, after) = newestStretches[n] else { return nil }
            if committed >= after.logEndOffset { return 0 }
            if let before, committed >= before.logEndOffset, before.logEndOffset < after.logEndOffset {
                return LogEndHistory.age(of: committed, appendedBetween: before, and: after, now: now)
            }
            return logEndHistories[n]?.timeLag(committedOffset: committed, now: now)?.millis
        }
    }

    /// One refresh's committed offsets on the committed topic at `t` (aligned with its partitions) into their slots,
    /// each judged there: its lag, time lag and Burrow's status, which the snapshot then reads.
    mutating func record(
        committedTopic t: Int, offsets: [Int64], facts: PartitionFacts, evaluator: LagEvaluator, time: Millis
    ) {
        var ownerCursor = OwnerCursor(owners)
        for (slot, committed) in zip(topics[t].slots, offsets) {
            let n = numberOfSlot[slot]
            let owned = ownerCursor.owner(of: n) != nil
            // The facts cover every number (made after the layout); a partition the metadata does not list has a nil
            // log end there. The check only keeps a broken promise from trapping.
            let known = n < facts.logEnds.count
            let logEnd = known ? facts.logEnds[n] : nil
            // A lag the broker's numbers cannot support (committed past the log end) is unknown, not negative.
            let lag = logEnd.flatMap { PartitionLog.consumerLag(logEndOffset: $0, committed: committed) }
                .flatMap { $0 >= 0 ? $0 : nil }
            histories.record(committed: committed, lag: lag, owned: owned, time: time, in: slot)
            var verdict = CommitHistories.Verdict(lag: lag)
            if let lag {
                verdict.timeLagMs = known ? facts.timeLag(n, committed: committed, now: time) : nil
                verdict.status = evaluator.status(
                    of: histories.summaries[slot], lowestRecentLogEnd: known ? facts.lowestRecentEnds[n] : nil,
                    currentLag: lag, now: time)
            }
            histories.verdicts[slot] = verdict
        }
    }

    /// The owners of a topic's partitions, one after another, as `owner(of:)` finds them: a topic's numbers usually
    /// come in ascending order, so one binary search finds the first and the rest follow by stepping through the
    /// sorted owners alongside; a number lower than the one before is searched for again. The ingest and the snapshot
    /// each walk ~100,000 partitions this way, where a binary search per partition was half the ingest's own time.
    struct OwnerCursor {
        let owners: [Owner]
        private var next = 0
        private var previous = Int.max

        init(_ owners: [Owner]) {
            self.owners = owners
        }

        /// The index in the group's members of the owner of partition `number`, nil when no member is assigned it.
        mutating func owner(of number: Int) -> Int? {
            if number < previous {
                next = owners.lowerBound(of: number, by: \.number)
            } else {
                while next < owners.count && owners[next].number < number { next += 1 }
            }
            previous = number
            return next < owners.count && owners[next].number == number ? owners[next].member : nil
        }
    }

    /// The index in the group's members of the owner of partition `number`, nil when no member is assigned it.
    func owner(of number: Int) -> Int? {
        owners.sortedIndex(of: number, by: \.number).map { owners[$0].member }
    }

    /// The member id of the owner of partition `number`, nil when no member is assigned it.
    func ownerId(of number: Int) -> String? {
        guard let member = owner(of: number), let ids = ownersFrom?.memberIds, member < ids.count else { return nil }
        return ids[member]
    }

    /// The committed topic named `name`, by its index in `topics`.
    func topicIndex(_ name: String) -> Int? {
        topics.sortedIndex(of: name, by: \.name)
    }

    /// The slot in `histories` of `partition` of the committed topic at `topicIndex`, nil when it has no commit.
    func slot(topicIndex t: Int, partition: Int32) -> Int? {
        topics[t].partitions.partitionIndex(of: partition).map { topics[t].slots[$0] }
    }

    /// The slot in `histories` of `tp`, nil when the group has no commit there.
    func slot(_ tp: TopicPartition) -> Int? {
        topicIndex(tp.topic).flatMap { slot(topicIndex: $0, partition: tp.partition) }
    }
}
