import GroupSim

/// What is visible under the `/` filter: which groups, members, topics, group columns and partitions.
///
/// Rules: a group is shown if its id matches (with all its members) or some of its members match
/// (with just those). A topic is shown if its name matches (with every group column) or a shown group
/// subscribes to it (with the shown groups' columns). When only member names matched, a topic lists
/// just the partitions those members own. Matching is case-insensitive substring matching.
public struct FilteredView: Sendable {
    public struct VisibleGroup: Sendable {
        public var groupIndex: Int
        public var memberIndices: [Int]
    }

    public struct VisibleTopic: Sendable {
        public var topicIndex: Int
        /// Indices into each partition's `groups`.
        public var groupColumns: [Int]
        /// When set, only partitions one of these members owns (in a shown column) are listed.
        public var owners: Set<String>?
    }

    public var groups: [VisibleGroup] = []
    public var topics: [VisibleTopic] = []

    public init(snapshot: SimulationSnapshot, filter: String) {
        let needle = filter.lowercased()
        let all = needle.isEmpty
        var visibleGroupIds = Set<String>()
        var wholeGroups = Set<String>()
        var matchedMembers = Set<String>()
        for (gi, group) in snapshot.groups.enumerated() {
            if all || group.id.lowercased().contains(needle) {
                groups.append(VisibleGroup(groupIndex: gi, memberIndices: Array(group.members.indices)))
                visibleGroupIds.insert(group.id)
                wholeGroups.insert(group.id)
                continue
            }
            let members = group.members.indices.filter { group.members[$0].name.lowercased().contains(needle) }
            if !members.isEmpty {
                groups.append(VisibleGroup(groupIndex: gi, memberIndices: members))
                visibleGroupIds.insert(group.id)
                for m in members { matchedMembers.insert(group.members[m].name) }
            }
        }
        for (ti, topic) in snapshot.topics.enumerated() {
            let columnIds = topic.partitions.first?.groups.map(\.groupId) ?? []
            if all || topic.name.lowercased().contains(needle) {
                topics.append(VisibleTopic(topicIndex: ti, groupColumns: Array(columnIds.indices), owners: nil))
                continue
            }
            let columns = columnIds.indices.filter { visibleGroupIds.contains(columnIds[$0]) }
            guard !columns.isEmpty else { continue }
            let onlyMembers = columns.allSatisfy { !wholeGroups.contains(columnIds[$0]) }
            topics.append(VisibleTopic(topicIndex: ti, groupColumns: columns, owners: onlyMembers ? matchedMembers : nil))
        }
    }

    /// The shown members in display order, as (group index, member index).
    public var members: [(group: Int, member: Int)] {
        groups.flatMap { g in g.memberIndices.map { (g.groupIndex, $0) } }
    }
}
