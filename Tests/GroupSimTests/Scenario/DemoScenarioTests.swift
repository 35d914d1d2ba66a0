import Foundation
import Testing

@testable import GroupSim

@Suite struct DemoScenarioTests {
    static let demoDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demo")

    static var demoFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: demoDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreDemos() {
        #expect(Self.demoFiles.count >= 7)
    }

    @Test(arguments: demoFiles)
    func demoLoads(file: String) throws {
        let scenario = try Scenario.load(path: Self.demoDirectory.appendingPathComponent(file).path)
        #expect(scenario.name == (file as NSString).deletingPathExtension)
        #expect(!scenario.groups.isEmpty)
    }

    @Test func roundRobinExampleIsTheSeedDocumentsShape() throws {
        let s = try Scenario.load(path: Self.demoDirectory.appendingPathComponent("roundrobin-3x3.yaml").path)
        #expect(s.topics.map(\.partitions) == [3])
        #expect(s.groups.map(\.members) == [3])
        #expect(s.groups[0].config.partitionAssignmentStrategy == [.roundrobin])
    }

    @Test func missingFileIsALocatedError() {
        #expect(throws: ScenarioError(file: "nope.yaml", line: 1, column: 1, message: "cannot read the file")) {
            try Scenario.load(path: "nope.yaml")
        }
    }
}
