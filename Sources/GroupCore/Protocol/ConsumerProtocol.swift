/// Kafka's "consumer" embedded protocol: the bytes inside JoinGroup metadata and SyncGroup assignments
/// (ConsumerProtocolSubscription and ConsumerProtocolAssignment, versions 0–3), encoded as Kafka encodes them
/// so that real clients' metadata can be read unchanged.
public enum ConsumerProtocol {
    public static let protocolType = "consumer"
    static let subscriptionVersion: Int16 = 3
    static let assignmentVersion: Int16 = 3

    public struct Subscription: Sendable, Equatable {
        public var topics: [String]
        public var userData: [UInt8]?
        public var ownedPartitions: [TopicPartition]
        public var generationId: Int32
        public var rackId: String?

        public init(
            topics: [String], userData: [UInt8]? = nil, ownedPartitions: [TopicPartition] = [],
            generationId: Int32 = -1, rackId: String? = nil
        ) {
            self.topics = topics
            self.userData = userData
            self.ownedPartitions = ownedPartitions
            self.generationId = generationId
            self.rackId = rackId
        }
    }

    public static func encode(_ s: Subscription) -> [UInt8] {
        var w = ByteWriter()
        w.int16(subscriptionVersion)
        w.int32(Int32(s.topics.count))
        for topic in s.topics { w.string(topic) }
        w.nullableBytes(s.userData)
        w.topicPartitions(s.ownedPartitions)
        w.int32(s.generationId)
        w.nullableString(s.rackId)
        return w.bytes
    }

    public static func decodeSubscription(_ bytes: [UInt8]) throws(DecodeError) -> Subscription {
        var r = ByteReader(bytes)
        let version = try r.int16()
        var topics: [String] = []
        for _ in 0..<(try r.arrayCount()) { topics.append(try r.string()) }
        var s = Subscription(topics: topics, userData: try r.nullableBytes())
        if version >= 1 { s.ownedPartitions = try r.topicPartitions() }
        if version >= 2 { s.generationId = try r.int32() }
        if version >= 3 { s.rackId = try r.nullableString() }
        return s
    }

    public static func encodeAssignment(_ partitions: [TopicPartition], userData: [UInt8]? = nil) -> [UInt8] {
        var w = ByteWriter()
        w.int16(assignmentVersion)
        w.topicPartitions(partitions)
        w.nullableBytes(userData)
        return w.bytes
    }

    /// An empty byte string is an empty assignment (what the coordinator gives a member the leader left out).
    public static func decodeAssignment(_ bytes: [UInt8]) throws(DecodeError) -> [TopicPartition] {
        if bytes.isEmpty { return [] }
        var r = ByteReader(bytes)
        _ = try r.int16()
        return try r.topicPartitions()
    }

    public struct DecodeError: Error, Sendable, Equatable {
        public var message: String
    }
}

/// Big-endian writer for Kafka's classic (non-flexible) encodings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int16(_ v: Int16) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v))
    }
    mutating func int32(_ v: Int32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> Int32(shift))) }
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int16(Int16(utf8.count))
        bytes += utf8
    }
    mutating func nullableString(_ s: String?) {
        if let s { string(s) } else { int16(-1) }
    }
    mutating func nullableBytes(_ b: [UInt8]?) {
        guard let b else { int32(-1); return }
        int32(Int32(b.count))
        bytes += b
    }
    /// Partitions grouped by topic, topics in first-seen order, as Kafka's serializer groups them.
    mutating func topicPartitions(_ partitions: [TopicPartition]) {
        var order: [String] = []
        var byTopic: [String: [Int32]] = [:]
        for tp in partitions {
            if byTopic[tp.topic] == nil { order.append(tp.topic) }
            byTopic[tp.topic, default: []].append(tp.partition)
        }
        int32(Int32(order.count))
        for topic in order {
            string(topic)
            let ps = byTopic[topic]!
            int32(Int32(ps.count))
            for p in ps { int32(p) }
        }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var at = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ n: Int) throws(ConsumerProtocol.DecodeError) -> ArraySlice<UInt8> {
        guard n >= 0, at + n <= bytes.count else {
            throw ConsumerProtocol.DecodeError(message: "truncated: need \(n) bytes at \(at) of \(bytes.count)")
        }
        defer { at += n }
        return bytes[at..<at + n]
    }
    mutating func int16() throws(ConsumerProtocol.DecodeError) -> Int16 {
        let b = try take(2)
        return Int16(bitPattern: UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1]))
    }
    mutating func int32() throws(ConsumerProtocol.DecodeError) -> Int32 {
        let b = try take(4)
        return Int32(bitPattern: b.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
    mutating func arrayCount() throws(ConsumerProtocol.DecodeError) -> Int {
        let n = Int(try int32())
        guard n >= 0 else { return 0 }
        return n
    }
    mutating func string() throws(ConsumerProtocol.DecodeError) -> String {
        let n = Int(try int16())
        return String(decoding: try take(n), as: UTF8.self)
    }
    mutating func nullableString() throws(ConsumerProtocol.DecodeError) -> String? {
        let n = Int(try int16())
        return n < 0 ? nil : String(decoding: try take(n), as: UTF8.self)
    }
    mutating func nullableBytes() throws(ConsumerProtocol.DecodeError) -> [UInt8]? {
        let n = Int(try int32())
        return n < 0 ? nil : Array(try take(n))
    }
    mutating func topicPartitions() throws(ConsumerProtocol.DecodeError) -> [TopicPartition] {
        var result: [TopicPartition] = []
        for _ in 0..<(try arrayCount()) {
            let topic = try string()
            for _ in 0..<(try arrayCount()) { result.append(TopicPartition(topic, try int32())) }
        }
        return result
    }
}
