/// Kafka's `MemberInfo` order, used by range and roundrobin: static members (with a
/// `group.instance.id`) first, by instance id; then dynamic members by member id.
/// Two static members with the same instance id (invalid in Kafka) fall back to member id.
extension InternedGroup {
    func memberInfoOrder() -> [Int32] {
        var order = Array(0..<Int32(memberCount))
        order.sort { a, b in
            switch (instanceIds[Int(a)], instanceIds[Int(b)]) {
            case let (x?, y?): return x == y ? a < b : JavaOrder.less(x, y)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return order
    }
}
