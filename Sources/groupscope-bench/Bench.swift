import ArgumentParser

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupscope-bench",
        abstract: "Release-mode benchmarks for GroupScope (assignors, simulation, frame layout).",
        subcommands: [AssignBenchmark.self, FrameBenchmark.self, KeyLatencyBenchmark.self, SimulateBenchmark.self]
    )
}
