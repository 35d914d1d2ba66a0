import GroupCore
import GroupSim

/// Events inferred from the difference between two refreshes. The cluster does not tell a watcher what happened,
/// only what is; so every event here is a difference, timed at the refresh that first saw it, and a rebalance's
/// start, end and duration are known only to within the refresh interval — the messages say so.
extension MonitorModel {
    mutating func inferEvents(previous: ClusterObservation?, current: ClusterObservation) {
        let t = current.time
        inferBrokerEvents(current: current)
        guard let previous else {
            record(
                t, "cluster.connected", group: nil,
                "connected: " + CountedNoun.counted(current.brokers.count, "broker") + ", "
                    + CountedNoun.counted(current.topics.count, "topic") + ", "
                    + CountedNoun.counted(current.groups.count, "group")
                    + (current.clusterId.map { ", cluster \($0)" } ?? ""),
                [
                    ("brokers", .int(Int64(current.brokers.count))), ("topics", .int(Int64(current.topics.count))),
                    ("groups", .int(Int64(current.groups.count))),
                ])
            for group in current.groups {
                if group.isRebalancing { rebalances[group.id] = RebalanceWatch(settledBefore: t, firstSeen: t, lastSeen: t) }
                if !group.isRebalancing, group.members.contains(where: { $0.assignment != nil }) {
                    lastAssignment[group.id] = (t, ownerNames(group))
                }
            }
            return
        }
        inferTopicEvents(previous: previous, current: current)
        let before = Dictionary(previous.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for group in current.groups {
            if let old = before[group.id] {
                inferGroupEvents(old: old, new: group, previousTime: previous.time, time: t)
            } else {
                record(
                    t, "group.appeared", group: group.id,
                    "\(group.id) appeared: \(group.state), " + CountedNoun.counted(group.members.count, "member")
                        + (group.assignor.map { ", \($0)" } ?? ""),
                    [("state", .string(group.state)), ("members", .int(Int64(group.members.count)))])
                if !group.isRebalancing, group.members.contains(where: { $0.assignment != nil }) {
                    lastAssignment[group.id] = (t, ownerNames(group))
                }
            }
        }
        let now = Set(current.groups.map(\.id))
        for old in previous.groups where !now.contains(old.id) {
            record(t, "group.disappeared", group: old.id, "\(old.id) is no longer listed by the cluster")
            rebalances[old.id] = nil
            lastAssignment[old.id] = nil
            lastMemberAssignments[old.id] = nil
        }
    }

    private mutating func inferBrokerEvents(current: ClusterObservation) {
        let t = current.time
        let down = Dictionary(current.unreachableBrokers.map { ($0.address, $0.reason) }, uniquingKeysWith: { a, _ in a })
        for address in unreachable.keys.sorted() where down[address] == nil {
            let since = unreachable[address]?.since ?? t
            record(
                t, "broker.back", group: nil, "\(address) answers again (unreachable for about \(Self.seconds(t - since)))",
                [("address", .string(address)), ("unreachable_ms", .int(t - since))])
            unreachable[address] = nil
        }
        for (address, reason) in down.sorted(by: { $0.key < $1.key }) where unreachable[address] == nil {
            record(
                t, "broker.unreachable", group: nil, "cannot reach \(address): \(reason)",
                [("address", .string(address)), ("reason", .string(reason))])
            unreachable[address] = (reason, t)
        }
    }

    private mutating func inferTopicEvents(previous: ClusterObservation, current: ClusterObservation) {
        let t = current.time
        let before = Dictionary(previous.topics.map { ($0.name, $0.partitions.count) }, uniquingKeysWith: { a, _ in a })
        for topic in current.topics {
            if let count = before[topic.name] {
                if topic.partitions.count > count {
                    record(
                        t, "partitions.added", group: nil, "\(topic.name): partitions \(count) → \(topic.partitions.count)",
                        [
                            ("topic", .string(topic.name)), ("from", .int(Int64(count))),
                            ("to", .int(Int64(topic.partitions.count))),
                        ])
                }
            } else {
                record(
                    t, "topic.added", group: nil,
                    "topic \(topic.name) added (" + CountedNoun.counted(topic.partitions.count, "partition") + ")",
                    [("topic", .string(topic.name)), ("partitions", .int(Int64(topic.partitions.count)))])
            }
        }
        let names = Set(current.topics.map(\.name))
        for topic in previous.topics where !names.contains(topic.name) {
            record(t, "topic.removed", group: nil, "topic \(topic.name) is gone", [("topic", .string(topic.name))])
        }
    }

    private mutating func inferGroupEvents(old: ObservedGroup, new: ObservedGroup, previousTime: Millis, time t: Millis) {
        let id = new.id
        if old.state != new.state {
            record(
                t, "group.state", group: id, "\(id): \(old.state) → \(new.state)",
                [("from", .string(old.state)), ("to", .string(new.state))])
        }
        inferMembership(old: old, new: new, time: t)
        if new.isRebalancing {
            if var watch = rebalances[id] {
                watch.lastSeen = t
                rebalances[id] = watch
            } else {
                rebalances[id] = RebalanceWatch(settledBefore: previousTime, firstSeen: t, lastSeen: t)
                record(
                    t, "rebalance.started", group: id,
                    "\(id): rebalance started (\(new.state); began after \(Self.clock(previousTime)))",
                    [("state", .string(new.state)), ("not_before_ms", .int(previousTime))])
            }
        }
        inferAssignmentChange(new: new, previousTime: previousTime, time: t)
        inferRewinds(old: old, new: new, time: t)
    }

    private mutating func inferMembership(old: ObservedGroup, new: ObservedGroup, time t: Millis) {
        let id = new.id
        let oldIds = Set(old.members.map(\.memberId))
        let newIds = Set(new.members.map(\.memberId))
        for member in new.members.sorted(by: { $0.memberId < $1.memberId }) where !oldIds.contains(member.memberId) {
            let name = memberName(group: id, memberId: member.memberId)
            record(
                t, "member.joined", group: id, "\(id): \(name) joined (client id \(member.clientId), host \(member.host))",
                memberDetails(name, member))
        }
        for member in old.members.sorted(by: { $0.memberId < $1.memberId }) where !newIds.contains(member.memberId) {
            let name = memberName(group: id, memberId: member.memberId)
            record(
                t, "member.left", group: id, "\(id): \(name) left (client id \(member.clientId), host \(member.host))",
                memberDetails(name, member))
        }
    }

    private func memberDetails(_ name: String, _ member: ObservedMember) -> [(key: String, value: JSONValue)] {
        [
            ("member", .string(name)), ("member_id", .string(member.memberId)), ("client_id", .string(member.clientId)),
            ("host", .string(member.host)),
        ] + (member.groupInstanceId.map { [("group_instance_id", JSONValue.string($0))] } ?? [])
    }

    /// When the group is settled with assignments, compares them with the last known ones: a change is a rebalance
    /// (observed or not), reported with its moves and its duration as far as the refreshes bound it.
    private mutating func inferAssignmentChange(new: ObservedGroup, previousTime: Millis, time t: Millis) {
        let id = new.id
        guard !new.isRebalancing else { return }
        let watch = rebalances.removeValue(forKey: id)
        let hasAssignments = new.members.contains { $0.assignment != nil }
        // The usual refresh: nothing rebalanced and every member holds what it held (compared member by member,
        // which is cheaper than building and comparing owner tables of thousands of partitions).
        let assignments = new.members.map { MemberAssignment(memberId: $0.memberId, partitions: $0.assignment) }
        defer { if hasAssignments || new.members.isEmpty { lastMemberAssignments[id] = assignments } }
        if watch == nil, let last = lastAssignment[id], lastMemberAssignments[id] == assignments {
            lastAssignment[id] = (t, last.owners)
            return
        }
        let owners = ownerNames(new)
        let last = lastAssignment[id]
        if hasAssignments || new.members.isEmpty { lastAssignment[id] = (t, owners) }
        let moves = last.map { Self.moves(from: $0.owners, to: owners) } ?? []
        guard watch != nil || !moves.isEmpty else { return }
        // Bounds: it began after the last settled refresh and before the first rebalancing one; it ended after the
        // last rebalancing refresh and before this one. Without a rebalancing refresh it fit between two refreshes.
        let began = watch?.firstSeen ?? t
        let notBefore = watch?.settledBefore ?? previousTime
        let endedAfter = watch?.lastSeen ?? previousTime
        let shortest = max(0, endedAfter - began)
        let longest = max(0, t - notBefore)
        var text = "\(id): rebalance completed"
        if watch == nil {
            text += " between \(Self.clock(previousTime)) and \(Self.clock(t)) (shorter than one refresh)"
        } else {
            text += ", ~\(Self.seconds(max(0, t - began))) (between \(Self.seconds(shortest)) and \(Self.seconds(longest)))"
        }
        text += ", " + CountedNoun.counted(new.members.count, "member") + (new.assignor.map { ", \($0)" } ?? "")
        let realMoves = moves.filter { $0.from != nil && $0.to != nil }
        let assigned = moves.filter { $0.from == nil }
        let unassigned = moves.filter { $0.to == nil }
        if !realMoves.isEmpty {
            text += "; moved " + realMoves.map { "\($0.partition) \($0.from ?? "-")→\($0.to ?? "-")" }.joined(separator: ", ")
        }
        if !assigned.isEmpty {
            text += "; assigned " + assigned.map { "\($0.partition)→\($0.to ?? "-")" }.joined(separator: ", ")
        }
        if !unassigned.isEmpty { text += "; unassigned " + unassigned.map { "\($0.partition)" }.joined(separator: ", ") }
        record(
            t, "rebalance.completed", group: id, text,
            [
                ("observed", .bool(watch != nil)), ("not_before_ms", .int(notBefore)), ("ended_by_ms", .int(t)),
                ("shortest_ms", .int(shortest)), ("longest_ms", .int(longest)),
                ("strategy", new.assignor.map { .string($0) } ?? .null), ("members", .int(Int64(new.members.count))),
                (
                    "moves",
                    .array(
                        moves.map { move in
                            .object([
                                ("partition", .string(move.partition.description)),
                                ("from", move.from.map { .string($0) } ?? .null), ("to", move.to.map { .string($0) } ?? .null),
                            ])
                        })
                ),
            ])
    }

    private mutating func inferRewinds(old: ObservedGroup, new: ObservedGroup, time t: Millis) {
        var rewound: [(tp: TopicPartition, before: Int64, offset: Int64)] = []
        // Topic by topic: the usual refresh lists the same partitions as the last one, compared offset by offset.
        for topic in new.committedTopics {
            guard let o = old.committedTopics.sortedIndex(of: topic.topic, by: \.topic) else { continue }
            let before = old.committedTopics[o]
            let samePartitions = before.partitions == topic.partitions
            for (i, offset) in topic.offsets.enumerated() {
                let partition = topic.partitions[i]
                guard let previous = samePartitions ? before.offsets[i] : before.offset(of: partition), offset < previous
                else { continue }
                rewound.append((TopicPartition(topic.topic, partition), previous, offset))
            }
        }
        // Reported in partition order (only the rewound ones are sorted).
        for (tp, before, offset) in rewound.sorted(by: { $0.tp < $1.tp }) {
            record(
                t, "offset.rewound", group: new.id,
                "\(new.id): committed offset of \(tp) went back from \(before) to \(offset) (\(offset - before))",
                [("partition", .string(tp.description)), ("from", .int(before)), ("to", .int(offset))])
        }
    }

    /// Owner names per partition, from decoded assignments.
    func ownerNames(_ group: ObservedGroup) -> [TopicPartition: String] {
        group.owners.mapValues { memberName(group: group.id, memberId: $0) }
    }

    /// A member and what it was assigned, to tell cheaply whether a group's assignment changed.
    struct MemberAssignment: Equatable, Sendable {
        var memberId: String
        var partitions: [TopicPartition]?
    }

    struct Move: Equatable {
        var partition: TopicPartition
        var from: String?
        var to: String?
    }

    static func moves(from old: [TopicPartition: String], to new: [TopicPartition: String]) -> [Move] {
        Set(old.keys).union(new.keys).sorted().compactMap { tp in
            old[tp] == new[tp] ? nil : Move(partition: tp, from: old[tp], to: new[tp])
        }
    }

    /// `12.3s`.
    static func seconds(_ ms: Millis) -> String {
        let tenths = (ms + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }

    /// A time on the monitor's clock, as the events pane shows times: `01:02.5`.
    static func clock(_ ms: Millis) -> String {
        let tenths = max(0, ms) / 100
        let seconds = tenths / 10
        let minutes = seconds / 60
        let s = seconds % 60
        return "\(minutes < 10 ? "0" : "")\(minutes):\(s < 10 ? "0" : "")\(s).\(tenths % 10)"
    }
}
