import GroupCore

/// The state at the end of a run, per group and partition, and the run's totals per group.
public struct RunSummary: Sendable {
    public struct Row: Sendable {
        public var group: String
        public var partition: TopicPartition
        public var committedOffset: Int64?
        public var logEndOffset: Int64
        /// kafka-consumer-groups.sh's LAG: LOG-END-OFFSET − CURRENT-OFFSET, nil (`-`, JSON null) without a commit.
        public var lag: Int64?
        /// Owner's member name and Kafka member id, nil when unassigned.
        public var owner: String?
        public var memberId: String?
        /// The owner's HOST and CLIENT-ID, as `kafka-consumer-groups.sh --describe` prints them.
        public var host: String?
        public var clientId: String?
        /// Messages of this partition the group processed, processed more than once, and never processed.
        public var processed: Int64
        public var duplicates: Int64
        public var skipped: Int64
    }

    public struct Totals: Sendable {
        public var group: String
        public var strategy: String
        public var processed: Int64
        public var duplicates: Int64
        public var skipped: Int64
        public var rebalances: Int
        public var partitionsMoved: Int
        /// Partition-seconds no live member consumed (failures plus stop-the-world rebalances).
        public var unownedPartitionSeconds: Double
        /// The most partitions stopped at one instant after the first assignment.
        public var peakUnownedPartitions: Int
        public var peakLag: Int64
        public var lag: Int64
    }

    public var time: Millis
    public var rows: [Row]
    public var totals: [Totals]
}

extension Simulation {
    public func summary() -> RunSummary {
        let snap = snapshot()
        var rows: [RunSummary.Row] = []
        var totals: [RunSummary.Totals] = []
        for (g, group) in groups.enumerated() {
            var owners: [TopicPartition: MemberRuntime] = [:]
            for member in group.members where member.isAlive {
                for tp in member.membership!.owned { owners[tp] = member }
            }
            for (i, tp) in group.partitions.enumerated() {
                let log = self.log.partition(tp)!
                let stats = group.stats[i]
                let owner = owners[tp]
                rows.append(
                    .init(
                        group: group.spec.id, partition: tp,
                        committedOffset: coordinator.committedOffset(group: group.spec.id, tp),
                        logEndOffset: log.logEndOffset,
                        lag: log.consumerLag(committed: coordinator.committedOffset(group: group.spec.id, tp)),
                        owner: owner?.name,
                        memberId: owner?.membership?.memberId, host: owner.map { _ in Simulation.simulatedHost },
                        clientId: owner?.clientId, processed: stats.processed, duplicates: stats.duplicates,
                        skipped: stats.skipped))
            }
            let stats = group.stats
            totals.append(
                .init(
                    group: group.spec.id,
                    strategy: snap.groups[g].protocolName ?? group.spec.config.partitionAssignmentStrategy.first!.rawValue,
                    processed: stats.lazy.map(\.processed).saturatingSum(),
                    duplicates: stats.lazy.map(\.duplicates).saturatingSum(),
                    skipped: stats.lazy.map(\.skipped).saturatingSum(), rebalances: group.rebalances,
                    partitionsMoved: group.partitionsMoved,
                    unownedPartitionSeconds: Double(stats.lazy.map(\.unownedMs).saturatingSum()) / 1_000,
                    peakUnownedPartitions: group.peakUnowned, peakLag: group.peakLag,
                    lag: snap.groups[g].lag))
        }
        return RunSummary(time: now, rows: rows, totals: totals)
    }
}

extension RunSummary {
    /// The final table in the style of `kafka-consumer-groups.sh --describe`, then the totals.
    public var text: String {
        var table: [[String]] = [
            [
                "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID",
                "MEMBER", "PROCESSED", "DUPLICATES", "SKIPPED",
            ]
        ]
        for row in rows {
            table.append([
                row.group, row.partition.topic, String(row.partition.partition), row.committedOffset.map(String.init) ?? "-",
                String(row.logEndOffset), row.lag.map(String.init) ?? "-",
                row.memberId ?? "-", row.host ?? "-", row.clientId ?? "-", row.owner ?? "-",
                String(row.processed), String(row.duplicates), String(row.skipped),
            ])
        }
        var out = alignColumns(table)
        out += "\n"
        var totalsTable: [[String]] = [
            [
                "GROUP", "STRATEGY", "PROCESSED", "DUPLICATES", "SKIPPED", "REBALANCES", "MOVED", "UNOWNED-PARTITION-S",
                "PEAK-STOPPED", "PEAK-LAG", "LAG",
            ]
        ]
        for t in totals {
            totalsTable.append([
                t.group, t.strategy, String(t.processed), String(t.duplicates), String(t.skipped), String(t.rebalances),
                String(t.partitionsMoved), String(format1(t.unownedPartitionSeconds)), String(t.peakUnownedPartitions),
                String(t.peakLag), String(t.lag),
            ])
        }
        out += alignColumns(totalsTable)
        return out
    }

    public var json: JSONValue {
        .object([
            ("t_ms", .int(time)),
            ("type", .string("summary")),
            (
                "partitions",
                .array(
                    rows.map { row in
                        .object([
                            ("group", .string(row.group)), ("partition", .string(row.partition.description)),
                            ("owner", row.owner.map { .string($0) } ?? .null),
                            ("committed", row.committedOffset.map { .int($0) } ?? .null),
                            ("log_end_offset", .int(row.logEndOffset)), ("lag", row.lag.map { .int($0) } ?? .null),
                            ("processed", .int(row.processed)), ("duplicates", .int(row.duplicates)),
                            ("skipped", .int(row.skipped)),
                        ])
                    })
            ),
            (
                "groups",
                .array(
                    totals.map { t in
                        .object([
                            ("group", .string(t.group)), ("strategy", .string(t.strategy)), ("processed", .int(t.processed)),
                            ("duplicates", .int(t.duplicates)), ("skipped", .int(t.skipped)),
                            ("rebalances", .int(Int64(t.rebalances))),
                            ("partitions_moved", .int(Int64(t.partitionsMoved))),
                            ("unowned_partition_seconds", .double(t.unownedPartitionSeconds)),
                            ("peak_stopped_partitions", .int(Int64(t.peakUnownedPartitions))),
                            ("peak_lag", .int(t.peakLag)), ("lag", .int(t.lag)),
                        ])
                    })
            ),
        ])
    }
}

/// One decimal, deterministic.
func format1(_ value: Double) -> String {
    let tenths = Int64((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}

/// Left-aligned columns separated by two spaces, trailing spaces trimmed.
func alignColumns(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    var widths = Array(repeating: 0, count: first.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        var line = ""
        for (i, cell) in row.enumerated() {
            line += cell
            if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line + "\n"
    }.joined()
}
