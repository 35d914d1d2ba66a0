import Foundation
import GroupCore
import GroupSim
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `simulate --timeline FILE.svg`: the ownership timeline of a whole run as SVG.
@Suite struct TimelineSVGTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demo")

    /// Counts elements by class while parsing; parsing fails on anything not well-formed.
    final class Counter: NSObject, XMLParserDelegate {
        var spans = 0
        var rebalances = 0
        var root: String?
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = name }
            if name == "rect", attributes["class"]?.hasPrefix("span") == true { spans += 1 }
            if name == "line", attributes["class"] == "rebalance" { rebalances += 1 }
        }
    }

    func failoverRun() throws -> (OwnershipHistory, String) {
        let scenario = try Scenario.load(path: Self.demo.appendingPathComponent("failover-strategies.yaml").path)
        let history = OwnershipHistory.record(scenario: scenario, until: 60_000)
        return (history, TimelineSVG.render(history, title: scenario.name))
    }

    @Test func svgIsWellFormedWithOneBarPerOwnershipInterval() throws {
        let (history, svg) = try failoverRun()
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.root == "svg")
        let owned = history.groups.reduce(0) { total, group in
            total + group.spans.reduce(0) { $0 + $1.filter { $0.owner != nil }.count }
        }
        #expect(owned > 0)
        #expect(counter.spans == owned)
        #expect(counter.rebalances == history.groups.reduce(0) { $0 + $1.rebalances.count })
        // Four groups, each with its initial assignment and the rebalance after the crash.
        #expect(history.groups.map(\.id).sorted() == ["coop", "ranged", "robin", "sticky"])
        #expect(history.groups.allSatisfy { $0.rebalances.count >= 2 })
    }

    /// ranged-2 crashes at 30 s. Kafka's RangeAssignor gives the second of three members (sorted by member id)
    /// partitions 2 and 3 of six. From the crash until the coordinator expires it — no earlier than
    /// 30 s + session.timeout.ms (10 s) − heartbeat.interval.ms (3 s), its last heartbeat being at most 3 s before
    /// the crash — nobody consumes them: the timeline shows that gap, then another member's bar.
    @Test func theCrashShowsAsAGapInTheCrashedMembersPartitions() throws {
        let (history, _) = try failoverRun()
        let ranged = try #require(history.groups.first { $0.id == "ranged" })
        for partition in [2, 3] {
            let p = try #require(ranged.partitions.firstIndex(of: TopicPartition("orders", Int32(partition))))
            let spans = ranged.spans[p]
            let before = try #require(spans.last { $0.consuming && $0.start < 30_000 })
            #expect(before.owner == "ranged-2")
            #expect(before.end >= 29_900 && before.end <= 30_100, "\(before)")
            #expect(!spans.contains { $0.consuming && $0.end > 30_100 && $0.start < 37_000 }, "\(spans)")
            let after = try #require(spans.first { $0.consuming && $0.start > 30_100 })
            #expect(after.owner != "ranged-2")
            #expect(after.start >= 37_000 && after.start <= 45_000, "\(after)")
        }
    }
}
