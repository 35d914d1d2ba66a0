import ArgumentParser

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupscope-bench",
        abstract:
            "Release-mode benchmarks for GroupScope (assignors, simulation, frame layout, wire codec, schedule fuzzing, "
            + "monitor refresh, broker-mode frames).",
        subcommands: [
            AssignBenchmark.self, BrokerFrameBenchmark.self, FrameBenchmark.self, KeyLatencyBenchmark.self,
            SimulateBenchmark.self, WireBenchmark.self, FuzzCommand.self, RefreshBenchmark.self, ModelBenchmark.self,
        ]
    )
}

/// A size flag outside its range is one line and exit 64, as ArgumentParser reports any bad flag: never a trap.
func requireRange(_ range: ClosedRange<Int>, _ flags: KeyValuePairs<String, Int>) throws {
    for (flag, value) in flags where !range.contains(value) {
        throw ValidationError("--\(flag) must be within \(range.lowerBound)…\(range.upperBound), got \(value)")
    }
}
