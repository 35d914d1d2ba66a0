import GroupCore
import Testing

@testable import GroupMonitor

/// `describe` against `kafka-consumer-groups.sh --describe` (apache/kafka `tools/src/main/java/org/apache/kafka/
/// tools/consumer/group/ConsumerGroupCommand.java`): rows from `collectGroupsOffsets` (members owning the most
/// partitions first, then committed partitions nobody owns with `-`), columns from `printOffsetFormat`
/// (`%-Gs %-Ts %-10s %-15s %-15s %-15s %-Cs %-Hs %s`, variable widths at least 15), lag from `getLag`.
@Suite struct DescribeReportTests {
    /// consumer-billing-1 owns orders-0 and orders-2 (nothing committed on 2), consumer-billing-2 owns orders-1;
    /// orders-3 has a commit and no owner.
    func model() -> MonitorModel {
        var model = MonitorModel()
        model.ingest(
            Fixtures.observation(
                at: 0, members: [Fixtures.member(2, [1]), Fixtures.member(1, [0, 2])], committed: [0: 90, 1: 50, 3: 7]))
        return model
    }

    @Test func textMatchesKafkasColumns() {
        let report = DescribeReport(model: model(), groupIds: ["billing"])
        // The rows as Java's String.format prints them with the format above (consumer id column 23 wide).
        let expected = [
            "",
            "Consumer group 'billing': state Stable, assignor range, 2 members, lag status OK",
            "",
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID             HOST            CLIENT-ID",
            "billing         orders          0          90              100             10              consumer-billing-1-aaaa /10.0.0.1       consumer-billing-1",
            "billing         orders          2          -               30              -               consumer-billing-1-aaaa /10.0.0.1       consumer-billing-1",
            "billing         orders          1          50              60              10              consumer-billing-2-bbbb /10.0.0.2       consumer-billing-2",
            "billing         orders          3          7               7               0               -                       -               -",
        ]
        #expect(report.text == expected.joined(separator: "\n") + "\n")
        #expect(report.missing.isEmpty)
    }

    @Test func jsonHasTheColumnsInSnakeCaseWithNullForDash() {
        let report = DescribeReport(model: model(), groupIds: ["billing"])
        let row2 =
            #"{"topic":"orders","partition":2,"current_offset":null,"log_end_offset":30,"lag":null,"#
            + #""consumer_id":"consumer-billing-1-aaaa","host":"/10.0.0.1","client_id":"consumer-billing-1","status":null}"#
        let row3 =
            #"{"topic":"orders","partition":3,"current_offset":7,"log_end_offset":7,"lag":0,"consumer_id":null,"#
            + #""host":null,"client_id":null,"status":"OK"}"#
        let json = report.json.serialized
        #expect(
            json.hasPrefix(
                #"{"groups":[{"group":"billing","state":"Stable","assignor":"range","members":[{"consumer_id":"consumer-billing-2-bbbb","client_id":"consumer-billing-2","host":"/10.0.0.2","group_instance_id":null,"partitions":["orders-1"]}"#
            ))
        #expect(json.contains(row2))
        #expect(json.contains(row3))
        #expect(json.hasSuffix("]}]}"))
    }

    @Test func unknownGroupsAreMissingAndAContradictoryLogEndIsNotANegativeLag() {
        var model = MonitorModel()
        // tansu's ListOffsets "latest" answered 0 while the group had committed 50: a lag of -50 would be garbage.
        model.ingest(
            Fixtures.observation(at: 0, ends: [0, 60, 30, 7], members: [Fixtures.member(1, [0])], committed: [0: 50]))
        let report = DescribeReport(model: model, groupIds: ["billing", "nosuch"])
        #expect(report.missing == ["nosuch"])
        let row = report.groups[0].rows[0]
        #expect(row.lag == nil)
        #expect(row.status == nil)
        #expect(row.suspicious == "committed offset 50 is past the log end 0 the leader reported")
        #expect(report.text.contains("0          50              0               ?               consumer-billing-1-aaaa"))
        #expect(report.text.contains("? orders-0: committed offset 50 is past the log end 0 the leader reported"))
        #expect(report.json.serialized.contains(#""current_offset":50,"log_end_offset":0,"lag":null,"#))
    }
}
