import GroupCore

extension SimEvent {
    /// One JSON object: `t_ms`, `type`, `group`, then the details.
    public var json: JSONValue {
        .object(
            [
                ("t_ms", .int(time)), ("type", .string(type)), ("group", group.map { .string($0) } ?? .null),
                ("message", .string(message)),
            ]
                + details.map { ($0.key, $0.value) })
    }

    /// `  12.300s  billing  member.crashed  billing-2 crashed (...)`.
    public var textLine: String {
        let seconds = "\(time / 1_000).\(String(repeating: "0", count: 3 - String(time % 1_000).count))\(time % 1_000)s"
        return "\(String(repeating: " ", count: max(0, 9 - seconds.count)))\(seconds)  \(message)"
    }
}
