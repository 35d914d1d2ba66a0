import GroupCore

extension DescribeReport {
    /// The text `kafka-consumer-groups.sh --describe` prints, column for column (its `printOffsetFormat`: group,
    /// topic, consumer id and host as wide as their longest value and at least 15; partition 10; the offsets and lag
    /// 15; client id last, unpadded; one space between columns, `-` for a missing value), each group preceded by a
    /// line with its state, assignor and lag status. A lag the broker's numbers contradict shows `?`, explained under
    /// the table.
    public var text: String {
        var lines: [String] = []
        for group in groups {
            var header = "Consumer group '\(group.id)': state \(group.state), assignor \(group.assignor ?? "-")"
            header +=
                ", " + CountedNoun.counted(group.members.count, "member") + ", lag status \(group.status?.description ?? "-")"
            lines.append("")
            lines.append(header)
            if let problem = group.problem { lines.append("  note: \(problem)") }
            let widths = Widths(group)
            lines.append("")
            lines.append(
                widths.line([
                    "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                    "CONSUMER-ID", "HOST", "CLIENT-ID",
                ]))
            for row in group.rows {
                lines.append(
                    widths.line([
                        group.id, row.topic, String(row.partition), Self.cell(row.currentOffset), Self.cell(row.logEndOffset),
                        row.suspicious != nil ? "?" : Self.cell(row.lag), row.consumerId ?? "-", row.host ?? "-",
                        row.clientId ?? "-",
                    ]))
            }
            for row in group.rows {
                if let why = row.suspicious { lines.append("? \(row.topic)-\(row.partition): \(why)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ value: Int64?) -> String { value.map(String.init) ?? "-" }

    private struct Widths {
        var group = 15
        var topic = 15
        var consumer = 15
        var host = 15

        init(_ g: Group) {
            group = max(group, g.id.count)
            for row in g.rows {
                topic = max(topic, row.topic.count)
                consumer = max(consumer, (row.consumerId ?? "-").count)
                host = max(host, (row.host ?? "-").count)
            }
        }

        func line(_ cells: [String]) -> String {
            let widths = [group, topic, 10, 15, 15, 15, consumer, host]
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += " " }
                out += cell
                if i < widths.count, cell.count < widths[i] { out += String(repeating: " ", count: widths[i] - cell.count) }
            }
            return out
        }
    }

    /// One JSON document: `{"groups": [...]}` with the text's columns in snake_case and `null` where the text shows
    /// `-` (issue 12's layout), the members with their decoded assignments, and each partition's Burrow status.
    public var json: JSONValue {
        .object([
            (
                "groups",
                .array(
                    groups.map { group in
                        .object([
                            ("group", .string(group.id)), ("state", .string(group.state)),
                            ("assignor", group.assignor.map { .string($0) } ?? .null),
                            (
                                "members",
                                .array(
                                    group.members.map { member in
                                        .object([
                                            ("consumer_id", .string(member.consumerId)), ("client_id", .string(member.clientId)),
                                            ("host", .string(member.host)),
                                            ("group_instance_id", member.groupInstanceId.map { .string($0) } ?? .null),
                                            ("partitions", .array(member.partitions.map { .string($0.description) })),
                                        ])
                                    })
                            ),
                            (
                                "partitions",
                                .array(
                                    group.rows.map { row in
                                        .object([
                                            ("topic", .string(row.topic)), ("partition", .int(Int64(row.partition))),
                                            ("current_offset", Self.json(row.currentOffset)),
                                            ("log_end_offset", Self.json(row.logEndOffset)), ("lag", Self.json(row.lag)),
                                            ("consumer_id", Self.json(row.consumerId)), ("host", Self.json(row.host)),
                                            ("client_id", Self.json(row.clientId)),
                                            ("status", row.status.map { .string($0.description) } ?? .null),
                                        ])
                                    })
                            ),
                        ])
                    })
            )
        ])
    }

    private static func json(_ value: Int64?) -> JSONValue { value.map { .int($0) } ?? .null }
    private static func json(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
