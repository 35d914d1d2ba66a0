import KafkaWire

/// The consumer protocol's version-prefixed encoding, from the spec-generated types (Tests/KafkaWireTests/Generated):
/// the bytes of JoinGroup's protocol metadata, SyncGroup's assignments and DescribeGroups' member metadata/assignment
/// when the protocol type is "consumer". Test-only, a spec-derived reference: production uses GroupCore.ConsumerProtocol.
///
/// Follows Kafka's ConsumerProtocol.deserializeSubscription/deserializeAssignment: an INT16 version, then the fields;
/// a version above the highest known is read with the highest layout (newer versions only append fields, which are
/// ignored), a negative version is an error.
extension ConsumerProtocolSubscription {
    public init(consumerProtocolBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        let version = try reader.readInt16("Version")
        if version < 0 { throw WireError(.invalid("negative subscription version \(version)"), offset: 0, field: "Version") }
        try self.init(from: &reader, version: min(version, Self.versions.upperBound))
    }

    public func consumerProtocolBytes(version: Int16 = ConsumerProtocolSubscription.versions.upperBound) -> [UInt8] {
        var writer = WireWriter()
        writer.writeInt16(version)
        encode(into: &writer, version: version)
        return writer.bytes
    }
}

extension ConsumerProtocolAssignment {
    public init(consumerProtocolBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        let version = try reader.readInt16("Version")
        if version < 0 { throw WireError(.invalid("negative assignment version \(version)"), offset: 0, field: "Version") }
        try self.init(from: &reader, version: min(version, Self.versions.upperBound))
    }

    public func consumerProtocolBytes(version: Int16 = ConsumerProtocolAssignment.versions.upperBound) -> [UInt8] {
        var writer = WireWriter()
        writer.writeInt16(version)
        encode(into: &writer, version: version)
        return writer.bytes
    }
}
