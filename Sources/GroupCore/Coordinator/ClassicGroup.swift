/// A member as the coordinator sees it (Kafka's ClassicGroupMember).
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
    /// Added in the current join phase and not yet answered (Kafka's isNew): its heartbeat timer expires it even
    /// while it waits in JoinGroup.
    var isNew = true
    /// When the member's heartbeat timer fires (Kafka's classicGroupHeartbeatKey); nil when none is scheduled.
    var heartbeatDeadline: Millis?

    func metadata(for protocolName: String) -> [UInt8]? {
        protocols.first(where: { $0.name == protocolName })?.metadata
    }

    /// Kafka's ClassicGroupMember.matches: same protocols, in the same order, with the same metadata.
    func matches(_ other: [JoinGroupRequest.ProtocolEntry]) -> Bool { protocols == other }

    /// Kafka's hasSatisfiedHeartbeat: a member parked in JoinGroup or SyncGroup needs no heartbeat, unless it is new.
    var hasSatisfiedHeartbeat: Bool { !isNew && (awaitingJoin != nil || awaitingSync != nil) }

    /// Kafka's vote: the first of the member's protocols that every member supports.
    func vote(_ candidates: Set<String>) -> String? { protocols.first(where: { candidates.contains($0.name) })?.name }
}

/// One classic group's state on the coordinator (Kafka's ClassicGroup). Members are iterated in the order of
/// Kafka's `HashMap<String, ClassicGroupMember>`, which decides the next leader and the order the leader sees.
struct ClassicGroup {
    let groupId: String
    private(set) var state: GroupState = .empty
    /// The state before the current one (Kafka's previousState; DEAD for a new group). A join phase that started
    /// from Empty is an initial rebalance, held open by group.initial.rebalance.delay.ms.
    private(set) var previousState: GroupState = .dead
    var generationId: Int32 = 0
    var protocolType: String?
    var protocolName: String?
    var leaderId: String?
    private var memberKeys = JavaHashMapKeys()
    private(set) var members: [String: GroupMember] = [:]
    /// Protocol name → how many members support it (Kafka's ClassicGroup.supportedProtocols, kept as members are
    /// added, updated and removed), so a JoinGroup checks its protocols without visiting every member.
    private var supportedProtocols: [String: Int] = [:]
    /// group.instance.id → member id.
    var staticMembers: [String: String] = [:]
    /// Member ids handed out with MEMBER_ID_REQUIRED → when their heartbeat timer expires them.
    var pendingMembers: [String: Millis] = [:]
    /// Members of the new generation that have not sent SyncGroup yet.
    var pendingSyncMembers: Set<String> = []
    /// The join timer: the end of the join phase, or the next step of the initial rebalance delay.
    var joinDeadline: Millis?
    /// Kafka's tryCompleteInitialRebalanceElseSchedule(delayMs, remainingMs), armed at `joinDeadline`.
    var initialDelay: (delayMs: Millis, remainingMs: Millis)?
    /// A member was added during the initial rebalance: the delay is extended once more.
    var newMemberAdded = false
    var syncDeadline: Millis?
    var rebalanceStartedAt: Millis?
    var offsets: [TopicPartition: Int64] = [:]
    /// Each partition's most recent owner (member id), to report moves across generations.
    var lastOwners: [TopicPartition: String] = [:]

    init(groupId: String) { self.groupId = groupId }

    /// Member ids in Java HashMap iteration order.
    var memberOrder: [String] { memberKeys.ordered }
    var allMembers: [GroupMember] { memberKeys.ordered.map { members[$0]! } }
    func has(_ memberId: String) -> Bool { members[memberId] != nil }
    subscript(memberId: String) -> GroupMember? {
        get { members[memberId] }
        set {
            guard let newValue, let old = members[memberId] else { return }
            if old.protocols != newValue.protocols {
                countProtocols(of: old, by: -1)
                countProtocols(of: newValue, by: 1)
            }
            members[memberId] = newValue
        }
    }

    /// Kafka's transitionTo, which remembers the state it leaves.
    mutating func transition(to newState: GroupState) {
        previousState = state
        state = newState
    }

    /// Kafka's ClassicGroup.add: the first member fixes the protocol type and becomes leader if there is none.
    mutating func add(_ member: GroupMember) {
        if members.isEmpty { protocolType = member.protocolType }
        if leaderId == nil { leaderId = member.memberId }
        if let replaced = members.updateValue(member, forKey: member.memberId) { countProtocols(of: replaced, by: -1) }
        countProtocols(of: member, by: 1)
        memberKeys.put(member.memberId)
        if let instance = member.groupInstanceId { staticMembers[instance] = member.memberId }
        pendingMembers[member.memberId] = nil
    }

    /// Kafka's ClassicGroup.remove: a leader that leaves hands over to the first member in HashMap order.
    @discardableResult
    mutating func remove(_ memberId: String) -> GroupMember? {
        let member = members.removeValue(forKey: memberId)
        if let member {
            countProtocols(of: member, by: -1)
            memberKeys.remove(memberId)
            if let instance = member.groupInstanceId { staticMembers[instance] = nil }
        }
        if leaderId == memberId { leaderId = memberKeys.ordered.first }
        pendingMembers[memberId] = nil
        pendingSyncMembers.remove(memberId)
        return member
    }

    /// Kafka's replaceStaticMember: the member is removed and put again under its new id (so it takes the new id's
    /// place in HashMap order), with its old settings and assignment and nothing parked.
    mutating func replaceStaticMember(instanceId: String, oldMemberId: String, newMemberId: String) -> GroupMember? {
        guard var member = members.removeValue(forKey: oldMemberId) else { return nil }
        memberKeys.remove(oldMemberId)
        member.memberId = newMemberId
        member.awaitingJoin = nil
        member.awaitingSync = nil
        member.heartbeatDeadline = nil
        member.isNew = false
        members[newMemberId] = member
        memberKeys.put(newMemberId)
        if leaderId == oldMemberId { leaderId = newMemberId }
        staticMembers[instanceId] = newMemberId
        return member
    }

    /// Kafka's maybeElectNewJoinedLeader: a leader that did not rejoin hands over to the first member (in HashMap
    /// order) that did. False when nobody rejoined or there is no leader.
    mutating func maybeElectNewJoinedLeader() -> Bool {
        guard let leader = leaderId, let current = members[leader] else { return false }
        if current.awaitingJoin != nil { return true }
        guard let joined = allMembers.first(where: { $0.awaitingJoin != nil }) else { return false }
        leaderId = joined.memberId
        return true
    }

    var hasAllMembersJoined: Bool {
        pendingMembers.isEmpty && members.values.allSatisfy { $0.awaitingJoin != nil }
    }

    /// The largest rebalance timeout among members: how long a join phase may wait.
    var rebalanceTimeoutMs: Millis { members.values.map(\.rebalanceTimeoutMs).max() ?? 0 }

    /// Protocols every member supports.
    var candidateProtocols: Set<String> {
        Set(supportedProtocols.lazy.filter { $0.value == members.count }.map(\.key))
    }

    /// A member's distinct protocol names counted in or out of `supportedProtocols`.
    private mutating func countProtocols(of member: GroupMember, by delta: Int) {
        for name in Set(member.protocols.map(\.name)) {
            let count = supportedProtocols[name, default: 0] + delta
            supportedProtocols[name] = count == 0 ? nil : count
        }
    }

    /// Kafka's supportsProtocols: an Empty group takes any non-empty protocol list;
    /// otherwise the type must match and one of the protocols must be supported by every member.
    func supportsProtocols(type: String, _ protocols: [JoinGroupRequest.ProtocolEntry]) -> Bool {
        if state == .empty { return !type.isEmpty && !protocols.isEmpty }
        guard protocolType == type else { return false }
        let candidates = candidateProtocols
        return protocols.contains { candidates.contains($0.name) }
    }

    /// Kafka's selectProtocol: members vote in HashMap order into a `HashMap<String, Integer>`; the stream's `max`
    /// keeps the first of equal counts in that map's iteration order, so ties go by protocol-name hash order.
    func selectProtocol() -> String? {
        let candidates = candidateProtocols
        var votes: [String: Int] = [:]
        var names = JavaHashMapKeys()
        for member in allMembers {
            guard let vote = member.vote(candidates) else { continue }
            votes[vote, default: 0] += 1
            names.put(vote)
        }
        var best: String?
        for name in names.ordered where best == nil || votes[name]! > votes[best!]! { best = name }
        return best
    }
}
