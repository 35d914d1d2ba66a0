/// A member as the coordinator sees it (Kafka's MemberMetadata).
struct GroupMember {
    var memberId: String
    var groupInstanceId: String?
    var clientId: String
    var sessionTimeoutMs: Millis
    var rebalanceTimeoutMs: Millis
    var protocolType: String
    var protocols: [JoinGroupRequest.ProtocolEntry]
    var assignment: [UInt8] = []
    /// A JoinGroup whose answer waits for the join phase to end.
    var awaitingJoin: RequestHeader?
    /// A SyncGroup whose answer waits for the leader's assignment.
    var awaitingSync: RequestHeader?
    /// Added in the current join phase and not yet answered: not subject to the session timeout.
    var isNew = true
    var lastHeartbeat: Millis

    func metadata(for protocolName: String) -> [UInt8]? {
        protocols.first(where: { $0.name == protocolName })?.metadata
    }

    /// Kafka's MemberMetadata.matches: same protocols, in the same order, with the same metadata.
    func matches(_ other: [JoinGroupRequest.ProtocolEntry]) -> Bool { protocols == other }
}

/// One classic group's state on the coordinator (Kafka's GroupMetadata). Members keep insertion order,
/// as Kafka's LinkedHashMap does, because the leader falls to the first remaining member.
struct ClassicGroup {
    let groupId: String
    var state: GroupState = .empty
    var generationId: Int32 = 0
    var protocolType: String?
    var protocolName: String?
    var leaderId: String?
    private(set) var memberOrder: [String] = []
    private(set) var members: [String: GroupMember] = [:]
    /// group.instance.id → member id.
    var staticMembers: [String: String] = [:]
    /// Member ids handed out with MEMBER_ID_REQUIRED → deadline for their second JoinGroup.
    var pendingMembers: [String: Millis] = [:]
    /// Members of the new generation that have not sent SyncGroup yet.
    var pendingSyncMembers: Set<String> = []
    var joinDeadline: Millis?
    var syncDeadline: Millis?
    /// Set while the first join phase of an Empty group is being held open by group.initial.rebalance.delay.ms.
    var initialDelay: (remainingMs: Millis, newMemberAdded: Bool)?
    var rebalanceStartedAt: Millis?
    var offsets: [TopicPartition: Int64] = [:]
    /// Each partition's most recent owner (member id), to report moves across generations.
    var lastOwners: [TopicPartition: String] = [:]

    init(groupId: String) { self.groupId = groupId }

    var allMembers: [GroupMember] { memberOrder.map { members[$0]! } }
    func has(_ memberId: String) -> Bool { members[memberId] != nil }
    subscript(memberId: String) -> GroupMember? {
        get { members[memberId] }
        set {
            guard let newValue else { return }
            members[memberId] = newValue
        }
    }

    mutating func add(_ member: GroupMember) {
        if leaderId == nil { leaderId = member.memberId }
        members[member.memberId] = member
        memberOrder.append(member.memberId)
        if let instance = member.groupInstanceId { staticMembers[instance] = member.memberId }
    }

    @discardableResult
    mutating func remove(_ memberId: String) -> GroupMember? {
        guard let member = members.removeValue(forKey: memberId) else { return nil }
        memberOrder.removeAll { $0 == memberId }
        pendingSyncMembers.remove(memberId)
        if let instance = member.groupInstanceId, staticMembers[instance] == memberId { staticMembers[instance] = nil }
        if leaderId == memberId { leaderId = memberOrder.first }
        return member
    }

    /// Re-keys a static member under its new member id, keeping its place and assignment.
    mutating func replaceStaticMember(instanceId: String, oldMemberId: String, newMemberId: String) -> GroupMember {
        var member = members.removeValue(forKey: oldMemberId)!
        member.memberId = newMemberId
        members[newMemberId] = member
        memberOrder[memberOrder.firstIndex(of: oldMemberId)!] = newMemberId
        staticMembers[instanceId] = newMemberId
        if leaderId == oldMemberId { leaderId = newMemberId }
        if pendingSyncMembers.remove(oldMemberId) != nil { pendingSyncMembers.insert(newMemberId) }
        return member
    }

    var hasAllMembersJoined: Bool {
        pendingMembers.isEmpty && members.values.allSatisfy { $0.awaitingJoin != nil }
    }

    /// The largest rebalance timeout among members: how long a join phase may wait.
    var rebalanceTimeoutMs: Millis { members.values.map(\.rebalanceTimeoutMs).max() ?? 0 }

    /// Protocols every member supports, in no particular order.
    var candidateProtocols: Set<String> {
        var result: Set<String>?
        for member in members.values {
            let names = Set(member.protocols.map(\.name))
            result = result.map { $0.intersection(names) } ?? names
        }
        return result ?? []
    }

    /// Kafka's supportsProtocols: an Empty group takes any non-empty protocol list;
    /// otherwise the type must match and one of the protocols must be supported by every member.
    func supportsProtocols(type: String, _ protocols: [JoinGroupRequest.ProtocolEntry]) -> Bool {
        if state == .empty || members.isEmpty { return !type.isEmpty && !protocols.isEmpty }
        guard protocolType == type else { return false }
        let candidates = candidateProtocols
        return protocols.contains { candidates.contains($0.name) }
    }

    /// Kafka's vote: each member votes for the first of its protocols that every member supports;
    /// the most votes wins. Kafka leaves ties to hash order; we break them by name, to stay deterministic.
    func selectProtocol() -> String? {
        let candidates = candidateProtocols
        var votes: [String: Int] = [:]
        for member in allMembers {
            if let vote = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[vote.name, default: 0] += 1
            }
        }
        return votes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
