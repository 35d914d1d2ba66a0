import ArgumentParser

@main
struct GroupScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupscope",
        abstract: "A terminal dashboard that makes Kafka consumer groups visible.",
        version: "0.1.0",
        subcommands: [AssignCommand.self]
    )
}
