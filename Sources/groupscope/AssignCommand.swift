import ArgumentParser
import Foundation
import GroupCore

/// `groupscope assign`: what would strategy S give this group? Translates flags into an
/// `AssignmentRequest` and prints its report; bad input is one line on stderr and exit code 2.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Compute the assignment a Kafka strategy gives a consumer group.")

    @Option(help: "range, roundrobin, sticky or cooperative-sticky (or a Kafka class name).")
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
    @Option(help: "The same data as a JSON document (see docs/assign.md).")
    var input: String?
    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("groupscope assign: \(message)\n".utf8))
            return ExitCode(2)
        }
        guard format == "text" || format == "json" else { throw fail("--format \(format): expected text or json") }
        var json: Data? = nil
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else { throw fail("--input \(input): cannot read file") }
            json = data
        }
        let request: AssignmentRequest
        do {
            request = try AssignmentRequest.parse(
                strategy: strategy, topics: topics, members: members, owned: owned,
                generations: generations, instances: instances, json: json)
        } catch {
            throw fail(error.description)
        }
        let report = request.run()
        print(format == "json" ? report.json : report.text)
    }
}
