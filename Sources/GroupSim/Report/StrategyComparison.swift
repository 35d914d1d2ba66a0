import GroupCore

/// The strategy demo in numbers: one run per strategy of the same scenario, seed and faults.
public enum StrategyComparison {
    public struct Row: Sendable {
        public var strategy: AssignmentStrategy
        public var rebalances: Int
        public var partitionsMoved: Int
        public var unownedPartitionSeconds: Double
        /// Summed over groups: the most partitions each group had stopped at one instant.
        public var peakStopped: Int
        public var peakLag: Int64
        public var duplicates: Int64
        public var skipped: Int64

        public var json: JSONValue {
            .object([
                ("strategy", .string(strategy.rawValue)), ("rebalances", .int(Int64(rebalances))),
                ("partitions_moved", .int(Int64(partitionsMoved))),
                ("unowned_partition_seconds", .double(unownedPartitionSeconds)),
                ("peak_stopped_partitions", .int(Int64(peakStopped))),
                ("peak_lag", .int(peakLag)), ("duplicates", .int(duplicates)), ("skipped", .int(skipped)),
            ])
        }
    }

    public static func run(_ scenario: Scenario, duration: Millis) -> [Row] {
        AssignmentStrategy.allCases.map { strategy in
            let simulation = Simulation(scenario: scenario.withStrategy(strategy))
            simulation.run(until: duration)
            let totals = simulation.summary().totals
            return Row(
                strategy: strategy, rebalances: totals.reduce(0) { $0 + $1.rebalances },
                partitionsMoved: totals.reduce(0) { $0 + $1.partitionsMoved },
                unownedPartitionSeconds: totals.reduce(0) { $0 + $1.unownedPartitionSeconds },
                peakStopped: totals.reduce(0) { $0 + $1.peakUnownedPartitions },
                peakLag: totals.reduce(0) { $0 + $1.peakLag }, duplicates: totals.reduce(0) { $0 + $1.duplicates },
                skipped: totals.reduce(0) { $0 + $1.skipped })
        }
    }

    /// Faults for a scenario that scripts none: in every group, a crash and a restart, a member added, and a clean leave.
    public static func faultDrill(for scenario: Scenario, duration: Millis) -> [TimedCommand] {
        var events: [TimedCommand] = []
        let step = duration / 6
        for group in scenario.groups where group.members >= 1 {
            let victim = group.memberName(min(2, group.members))
            events.append(TimedCommand(at: step, command: .crash(member: victim)))
            events.append(TimedCommand(at: 2 * step, command: .restart(member: victim)))
            events.append(TimedCommand(at: 3 * step, command: .addMember(group: group.id)))
            events.append(TimedCommand(at: 4 * step, command: .leave(member: group.memberName(1))))
        }
        return events.sorted { $0.at < $1.at }
    }

    public static func table(_ rows: [Row]) -> String {
        var table = [
            ["STRATEGY", "REBALANCES", "MOVED", "UNOWNED-PARTITION-S", "PEAK-STOPPED", "PEAK-LAG", "DUPLICATES", "SKIPPED"]
        ]
        for row in rows {
            table.append([
                row.strategy.rawValue, String(row.rebalances), String(row.partitionsMoved), format1(row.unownedPartitionSeconds),
                String(row.peakStopped),
                String(row.peakLag), String(row.duplicates), String(row.skipped),
            ])
        }
        return alignColumns(table)
    }
}
