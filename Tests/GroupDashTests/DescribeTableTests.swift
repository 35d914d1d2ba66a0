import GroupCore
import GroupSim
import Testing

/// `simulate`'s final table follows `kafka-consumer-groups.sh --describe` (Kafka's ConsumerGroupCommand, its
/// printOffsets header: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID).
@Suite struct DescribeTableTests {
    @Test func columnsInKafkaOrderAndLagIsLogEndMinusCurrent() throws {
        let simulation = Simulation(scenario: .builtInDefault)
        simulation.run(until: 30_000)
        let lines = simulation.summary().text.split(separator: "\n")
        let header = try #require(lines.first).split(separator: " ").map(String.init)
        let kafka = [
            "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID",
        ]
        #expect(Array(header.prefix(kafka.count)) == kafka)
        var checked = 0
        for line in lines.dropFirst() {
            let cells = line.split(separator: " ").map(String.init)
            guard cells.count >= 9, Int(cells[2]) != nil else { break }  // the totals table follows
            if let current = Int64(cells[3]), let end = Int64(cells[4]) {
                #expect(cells[5] == String(end - current), "\(line)")
            } else {
                #expect(cells[3] == "-" && cells[5] == "-", "\(line)")
            }
            // CLIENT-ID starts the CONSUMER-ID, as Kafka builds member ids (clientId-UUID).
            if cells[6] != "-" { #expect(cells[6].hasPrefix(cells[8] + "-"), "\(line)") }
            checked += 1
        }
        #expect(checked == 6 * 2 + 4 + 4)  // billing reads orders and payments, analytics orders, audit payments
    }
}
