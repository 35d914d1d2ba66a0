import GroupCore
import GroupSim
import Testing

@testable import GroupDash

@Suite struct SupportTests {
    @Test func pacerCarriesFractionsOfVirtualMilliseconds() {
        var pacer = VirtualTimePacer()
        var total: Millis = 0
        for _ in 0..<40 { total += pacer.step(wallMs: 10.3, speed: 0.25) }
        #expect(total == 103)
        #expect(pacer.step(wallMs: 100, speed: 50) == 5_000)
        #expect(pacer.step(wallMs: 60_000, speed: 1) == 1_000)  // a long stall counts as one second
    }

    @Test func lagTrendComparesWithAFewSecondsAgo() {
        var tracker = LagTrendTracker()
        #expect(tracker.record(time: 0, totalLag: 1000) == .steady)
        #expect(tracker.record(time: 3000, totalLag: 1500) == .rising)
        #expect(tracker.record(time: 9000, totalLag: 1500) == .steady)
        #expect(tracker.record(time: 15000, totalLag: 100) == .falling)
    }

    @Test func numbersAndTimesAreShortAndFixedShape() {
        #expect(Formatting.grouped(1_234_567) == "1,234,567")
        #expect(Formatting.grouped(-1234) == "-1,234")
        #expect(Formatting.count(12_345_678, width: 8) == "12M")
        #expect(Formatting.count(1_234_567, width: 8) == "1.2M")
        #expect(Formatting.lagTime(2_750) == "2.7s")
        #expect(Formatting.lagTime(185_000) == "3m05s")
        #expect(Formatting.clock(3_723_400) == "01:02:03.4")
        #expect(Formatting.speed(0.25, times: "×") == "×0.25")
    }

    @Test func eventLogFetchesIncrementallyAndKeepsTheNewest() {
        let source = FakeSource()
        source.log = Fixtures.events(5)
        var log = EventLog(capacity: 3)
        #expect(log.fetch(from: source) == 5)
        #expect(log.events.map(\.sequence) == [2, 3, 4])
        #expect(log.fetch(from: source) == 0)
        source.log.append(SimEvent(sequence: 5, time: 0, type: "x", group: nil, message: "m"))
        #expect(log.fetch(from: source) == 1)
        #expect(log.happened == 6)
    }

    @Test func gridPutTruncatesWithEllipsis() {
        var grid = CellGrid(width: 10, height: 1)
        #expect(grid.put("abcdefghijkl", x: 2, y: 0, ellipsis: "…") == 8)
        #expect(grid.text(row: 0) == "  abcdefg…")
        #expect(grid.put("zz", x: 9, y: 0) == 1)
        #expect(grid.put("zz", x: 10, y: 0) == 0)
    }
}
