import ArgumentParser
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "The live dashboard (the default).")
    @OptionGroup var options: ScenarioOptions
    func run() throws { _ = try options.load() }
}
