import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// `groupscope assign`: what would strategy S give this group? Reads flags and an optional JSON document
/// (`AssignInput`), runs GroupCore's calculator and prints its report; bad input is one line on stderr and exit 2.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Compute the assignment a Kafka strategy gives a consumer group.")

    @Option(help: "\(AssignmentStrategy.expectedNames) (or a Kafka class name).")
    var strategy: String?
    @Option(name: .customLong("topic"), help: "A topic and its partition count, NAME:PARTITIONS (repeatable).")
    var topics: [String] = []
    @Option(name: .customLong("member"), help: "A member and its subscription, ID=TOPIC[,TOPIC...] (repeatable).")
    var members: [String] = []
    @Option(help: "Partitions a member owns now, ID=TOPIC-P[,TOPIC-P...] (repeatable).")
    var owned: [String] = []
    @Option(name: .customLong("generation"), help: "Generation of a member's owned partitions, ID=N (repeatable).")
    var generations: [String] = []
    @Option(name: .customLong("instance"), help: "A static member's group.instance.id, ID=GROUP_INSTANCE_ID (repeatable).")
    var instances: [String] = []
    @Option(help: "The same data as a JSON document (format in the README's assign section; flags add to it).")
    var input: String?
    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("groupscope assign: \(message)\n".utf8))
            return ExitCode(2)
        }
        guard format == "text" || format == "json" else { throw fail("--format \(format): expected text or json") }
        var assignInput = AssignInput()
        let request: AssignmentRequest
        do {
            if let input {
                let data: Data
                switch BoundedFile.read(input, limit: AssignInput.maxInputBytes) {
                case .contents(let contents): data = contents
                case .tooLarge:
                    throw AssignInputError("--input \(input)", "the file has more than \(AssignInput.maxInputBytes) bytes")
                case .unreadable: throw AssignInputError("--input \(input)", "cannot read the file")
                }
                try assignInput.addDocument(data, path: input)
            }
            try assignInput.addFlags(
                strategy: strategy, topics: topics, members: members, owned: owned, generations: generations,
                instances: instances)
            request = try assignInput.request()
        } catch let error as AssignInputError {
            throw fail(error.description)
        }
        let report = request.run()
        print(format == "json" ? report.json : report.text)
    }
}
