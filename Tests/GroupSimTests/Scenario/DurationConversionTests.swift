import GroupCore
import Testing

@testable import GroupSim

/// ScenarioDuration is GroupScope's one text/seconds → milliseconds conversion (scenario files, `--duration`,
/// `--interval`, `pause`): bad or absurd values are nil, never a Double→Int trap.
@Suite struct DurationConversionTests {
    @Test func textWithUnits() {
        #expect(ScenarioDuration.parse("1m30s") == 90_000)
        #expect(ScenarioDuration.parse("1.5s") == 1_500)
        #expect(ScenarioDuration.parse("250ms") == 250)
        #expect(ScenarioDuration.parse("2h") == 7_200_000)
        #expect(ScenarioDuration.parse("300") == nil, "a bare number other than 0 has no unit")
        #expect(ScenarioDuration.parse("1e400s") == nil)
        #expect(ScenarioDuration.parse("-5s") == nil)
    }

    @Test func secondsAreBoundedAndRounded() {
        #expect(ScenarioDuration.milliseconds(seconds: 2.5) == 2_500)
        #expect(ScenarioDuration.milliseconds(seconds: 0.0004) == 0)
        #expect(ScenarioDuration.milliseconds(seconds: 0.0006) == 1)
        #expect(ScenarioDuration.milliseconds(seconds: 3_600, limit: 3_600_000) == 3_600_000)
        #expect(ScenarioDuration.milliseconds(seconds: 3_600.001, limit: 3_600_000) == nil)
        for bad in [-1, .infinity, -.infinity, .nan, 1e300, Double(Int64.max)] {
            #expect(ScenarioDuration.milliseconds(seconds: bad) == nil, "\(bad)")
        }
    }
}
