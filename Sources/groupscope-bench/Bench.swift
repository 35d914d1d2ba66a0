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
