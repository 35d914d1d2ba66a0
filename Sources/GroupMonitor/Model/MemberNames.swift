/// Short, stable names for a group's members, for the panes and events: the client id when it is unique in the group
/// (`consumer-billing-1`, as the Java client numbers them), otherwise the client id and the first characters of the
/// member id's random part (`rdkafka#1f3a9c`: librdkafka and kafka-python give every member the same client id).
/// A name, once given, stays with its member id so that events and the panes agree across refreshes.
struct MemberNames: Sendable {
    private var nameById: [String: String] = [:]

    /// Names the members not named yet (member id, client id); earlier names stay.
    mutating func add(_ members: [(memberId: String, clientId: String)]) {
        var taken = Set(nameById.values)
        let clientIdCounts = Dictionary(members.map { ($0.clientId, 1) }, uniquingKeysWith: +)
        for member in members.sorted(by: { $0.memberId < $1.memberId }) where nameById[member.memberId] == nil {
            let base = member.clientId.isEmpty ? Self.withoutUUID(member.memberId) : member.clientId
            var name = base
            if clientIdCounts[member.clientId, default: 0] > 1 || taken.contains(base) {
                name = Self.disambiguated(base: base, memberId: member.memberId, clientId: member.clientId, taken: taken)
            }
            nameById[member.memberId] = name
            taken.insert(name)
        }
    }

    /// Forgets the members that are gone (after their departure was reported under their name).
    mutating func keepOnly(_ memberIds: Set<String>) {
        nameById = nameById.filter { memberIds.contains($0.key) }
    }

    func name(_ memberId: String) -> String { nameById[memberId] ?? memberId }

    /// `monitor-test-0-2c348790-338e-44fd-ac3c-b3c27f9ec3b8` → `monitor-test-0`: Kafka's member ids end in a UUID.
    static func withoutUUID(_ memberId: String) -> String {
        let uuidLength = 37
        guard memberId.count > uuidLength else { return memberId.isEmpty ? "member" : memberId }
        let suffix = memberId.suffix(uuidLength)
        let shape = suffix.enumerated().allSatisfy { i, c in
            [0, 9, 14, 19, 24].contains(i) ? c == "-" : c.isHexDigit
        }
        return shape ? String(memberId.dropLast(uuidLength)) : memberId
    }

    private static func disambiguated(base: String, memberId: String, clientId: String, taken: Set<String>) -> String {
        // Kafka's member ids are `<client id>-<uuid>`; the uuid part tells members apart.
        let random = memberId.hasPrefix(base + "-") ? String(memberId.dropFirst(base.count + 1)) : memberId
        let letters = Array(random.filter { $0 != "-" })
        var length = min(6, letters.count)
        while true {
            let name = base + "#" + String(letters.prefix(length))
            if !taken.contains(name) || length >= letters.count { return taken.contains(name) ? base + "#" + memberId : name }
            length += 1
        }
    }
}
