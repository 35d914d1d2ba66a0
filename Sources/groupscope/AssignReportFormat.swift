import GroupCore

/// `assign`'s text and JSON output: members by id (Java string order), partitions by topic then number.
extension AssignmentReport {
    private static func sortedIds<V>(_ d: [String: V]) -> [String] { javaOrdered(d.keys) }

    var text: String {
        var lines: [String] = []
        for id in Self.sortedIds(assignment) {
            lines.append(([id + ":"] + (assignment[id] ?? []).sorted().map(\.description)).joined(separator: " "))
        }
        for id in Self.sortedIds(revoked) {
            lines.append(([id + " revokes:"] + (revoked[id] ?? []).sorted().map(\.description)).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        func object(_ d: [String: [TopicPartition]]) -> String {
            let entries = Self.sortedIds(d).map { id in
                "\(quote(id)): [" + (d[id] ?? []).sorted().map { quote($0.description) }.joined(separator: ", ") + "]"
            }
            return "{" + entries.joined(separator: ", ") + "}"
        }
        return
            "{\"strategy\": \(quote(strategy.rawValue)), \"assignment\": \(object(assignment)), \"revoked\": \(object(revoked))}"
    }

    private func quote(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, to: &out)
        return out
    }
}
