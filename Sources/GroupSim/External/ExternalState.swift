import GroupCore

/// What the simulation keeps for real clients served over the network (broker mode): their stored record batches,
/// idempotent producer state, their group members, and the coordinator's answers waiting for them.
struct ExternalState {
    var records = RecordStore()
    var producers = ProducerStateTable()
    /// Per-partition byte bound on stored batches (`--retention-bytes`).
    var retentionBytes: Int64 = 256 * 1024 * 1024
    /// Coordinator answers whose correlation id is not a simulated member's: they belong to real clients.
    var responses: [(RequestHeader, ClientResponse)] = []
    /// Requests of real clients in flight at the coordinator: correlation id → the member's display name and host.
    var tickets: [Int32: Ticket] = [:]
    /// Real members by Kafka member id.
    var members: [String: ExternalMember] = [:]
    /// Members whose connections the dashboard dropped (`k`): their requests are ignored until their session expires.
    var ignored: Set<String> = []

    struct Ticket {
        var name: String
        var clientId: String
        var host: String
        var groupId: String
    }
}

/// A real consumer in a group of the simulated cluster.
public struct ExternalMember: Sendable, Equatable {
    /// The name shown in events and panes: its client.id, with `-2`, `-3`… when several real members share one.
    public var name: String
    public var memberId: String
    public var groupId: String
    public var clientId: String
    public var host: String
    /// When its member id was handed out, and whether the coordinator has had it as a member since.
    var registeredAt: Millis
    var seenInGroup = false
}

/// The outcome of appending a real producer's batch.
public enum ExternalAppendResult: Sendable, Equatable {
    case appended(baseOffset: Int64)
    /// Same producer id, epoch and sequences as one of the last five batches: acknowledged, not appended again.
    case duplicate(baseOffset: Int64)
    case unknownTopicOrPartition
    case outOfOrderSequence
}

/// An idempotent producer's identity on a batch.
public struct ProducerIdentity: Sendable, Equatable {
    public var producerId: Int64
    public var epoch: Int16
    public var firstSequence: Int32
    public init(producerId: Int64, epoch: Int16, firstSequence: Int32) {
        self.producerId = producerId
        self.epoch = epoch
        self.firstSequence = firstSequence
    }
}
