import ArgumentParser
import Foundation

@main
struct GroupScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupscope",
        abstract: "A terminal dashboard that makes Kafka consumer groups visible.",
        version: "0.2.0",
        subcommands: [
            DashboardCommand.self, SimulateCommand.self, CompareCommand.self, AssignCommand.self, ServeCommand.self,
            WatchCommand.self, DescribeCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )

    /// Usage errors are one line on stderr and exit code 2, like every other bad input here.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            let firstLine = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            let message = firstLine.hasPrefix("Error: ") ? String(firstLine.dropFirst(7)) : firstLine
            FileHandle.standardError.write(Data("groupscope: \(message) (see groupscope --help)\n".utf8))
            Foundation.exit(2)
        }
    }
}
