import Testing

@testable import GroupSim

/// The one bounded event log the simulation, the monitor and the dashboard share (not a Kafka structure: the
/// expected values follow from its contract, keep the newest `capacity`, count all).
@Suite struct EventLogTests {
    private func event(_ sequence: Int) -> SimEvent {
        SimEvent(sequence: sequence, time: Int64(sequence) * 10, type: "t", group: nil, message: "e\(sequence)")
    }

    @Test func keepsOnlyTheNewestCapacityEventsButCountsAll() {
        var log = EventLog(capacity: 4)
        for s in 0..<10 { log.append(event(s)) }
        #expect(log.kept.count == 4)
        #expect(log.events.map(\.sequence) == [6, 7, 8, 9])
        #expect(log.happened == 10)
        // A reader that fell behind gets what is still kept; one that is ahead gets nothing.
        #expect(log.events(from: 0).map(\.sequence) == [6, 7, 8, 9])
        #expect(log.events(from: 8).map(\.sequence) == [8, 9])
        #expect(log.events(from: 10).isEmpty)
    }

    @Test func aReaderThatSkippedEventsStillCountsThem() {
        var log = EventLog(capacity: 3)
        log.append(event(0))
        log.append(event(7))
        #expect(log.happened == 8)
        #expect(log.events.map(\.sequence) == [0, 7])
    }

    @Test func zeroCapacityKeepsNothing() {
        var log = EventLog(capacity: 0)
        log.append(event(0))
        #expect(log.kept.isEmpty)
        #expect(log.happened == 1)
        #expect(log.events(from: 0).isEmpty)
    }

    @Test func theSimulationCountsEventsPastItsCapacity() {
        var log = EventLog(capacity: 5_000)
        for s in 0..<12_345 { log.append(event(s)) }
        #expect(log.kept.count == 5_000)
        #expect(log.kept.first?.sequence == 7_345)
        #expect(log.happened == 12_345)
    }
}
