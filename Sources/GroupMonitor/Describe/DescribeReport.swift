import GroupCore
import GroupSim

/// One snapshot of consumer groups as `kafka-consumer-groups.sh --describe` presents them, plus each group's state,
/// assignor and Burrow status. Rows follow the tool's `collectGroupsOffsets` (apache/kafka
/// `tools/.../consumer/group/ConsumerGroupCommand.java`): members that own partitions, the most partitions first,
/// each member's partitions by topic and number; then committed partitions no member owns, with `-` for the member.
public struct DescribeReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var currentOffset: Int64?
        public var logEndOffset: Int64?
        public var lag: Int64?
        public var consumerId: String?
        public var host: String?
        public var clientId: String?
        public var status: LagStatus?
        public var suspicious: String?
    }

    public struct Member: Sendable, Equatable {
        public var consumerId: String
        public var clientId: String
        public var host: String
        public var groupInstanceId: String?
        public var partitions: [TopicPartition]
    }

    public struct Group: Sendable, Equatable {
        public var id: String
        public var state: String
        public var assignor: String?
        public var status: LagStatus?
        public var members: [Member]
        public var rows: [Row]
        /// Why the description is partial (a coordinator that did not answer, members whose assignment could not be
        /// read), one line; nil when complete.
        public var problem: String?
    }

    public var groups: [Group]
    /// Requested groups the cluster does not know (DescribeGroups answers Dead for them, as Kafka's tool reports).
    public var missing: [String]

    /// The report for `groupIds` (all of the latest observation's groups when nil), from the model's latest refresh.
    public init(model: MonitorModel, groupIds: [String]?) {
        let observed = model.latest?.groups ?? []
        let byId = Dictionary(observed.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [Group] = []
        var missing: [String] = []
        for id in groupIds ?? observed.map(\.id) {
            guard let group = byId[id], group.state != "Dead" else {
                missing.append(id)
                continue
            }
            groups.append(Self.describe(group, model: model))
        }
        self.groups = groups
        self.missing = missing
    }

    private static func describe(_ group: ObservedGroup, model: MonitorModel) -> Group {
        var rows: [Row] = []
        var assigned = Set<TopicPartition>()
        // Kafka sorts members by assignment size, largest first; the sort is stable, so ties keep the coordinator's order.
        let owning = group.members.enumerated()
            .filter { !($0.element.assignment ?? []).isEmpty }
            .sorted { a, b in
                let (x, y) = (a.element.assignment?.count ?? 0, b.element.assignment?.count ?? 0)
                return x != y ? x > y : a.offset < b.offset
            }
            .map(\.element)
        for member in owning {
            for tp in Set(member.assignment ?? []).sorted() {
                assigned.insert(tp)
                rows.append(row(group, tp, member: member, model: model))
            }
        }
        for topic in group.committedTopics {
            for partition in topic.partitions {
                let tp = TopicPartition(topic.topic, partition)
                if !assigned.contains(tp) { rows.append(row(group, tp, member: nil, model: model)) }
            }
        }
        let members = group.members.map {
            Member(
                consumerId: $0.memberId, clientId: $0.clientId, host: $0.host, groupInstanceId: $0.groupInstanceId,
                partitions: ($0.assignment ?? []).sorted())
        }
        return Group(
            id: group.id, state: group.state, assignor: group.assignor, status: rows.compactMap(\.status).max(),
            members: members, rows: rows, problem: group.problem)
    }

    private static func row(_ group: ObservedGroup, _ tp: TopicPartition, member: ObservedMember?, model: MonitorModel) -> Row {
        let position = model.position(of: group, on: tp)
        return Row(
            topic: tp.topic, partition: tp.partition, currentOffset: position.committedOffset,
            logEndOffset: position.logEndOffset, lag: position.lag, consumerId: member?.memberId, host: member?.host,
            clientId: member?.clientId, status: position.status, suspicious: position.suspicious)
    }
}
