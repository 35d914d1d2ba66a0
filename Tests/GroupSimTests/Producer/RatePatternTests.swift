import GroupCore
import Testing

@testable import GroupSim

@Suite struct RatePatternTests {
    @Test func constant() {
        #expect(RatePattern.constant(600).rate(at: 12_345) == 600)
        #expect(RatePattern.constant(600).expectedMessages(from: 0, to: 100) == 60)
    }

    @Test func rampRisesLinearlyThenHolds() {
        let ramp = RatePattern.ramp(from: 100, to: 1_100, start: 10_000, duration: 10_000)
        #expect(ramp.rate(at: 0) == 100)
        #expect(ramp.rate(at: 15_000) == 600)
        #expect(ramp.rate(at: 60_000) == 1_100)
        // 10 s at 100, 10 s averaging 600, 10 s at 1100.
        #expect(abs(ramp.expectedMessages(from: 0, to: 30_000) - 18_000) < 1e-6)
    }

    @Test func burstsStartEveryPeriodAfterTheFirst() {
        let bursts = RatePattern.bursts(base: 100, factor: 5, length: 2_000, period: 10_000)
        #expect(bursts.rate(at: 500) == 100)
        #expect(bursts.rate(at: 10_500) == 500)
        #expect(bursts.rate(at: 12_000) == 100)
        // 30 s at 100 plus two bursts of 2 s at +400.
        #expect(abs(bursts.expectedMessages(from: 0, to: 30_000) - 3_000 - 1_600) < 1e-6)
    }

    @Test func sineAveragesToItsMeanOverAPeriod() {
        let sine = RatePattern.sine(mean: 500, amplitude: 200, period: 60_000)
        #expect(abs(sine.rate(at: 15_000) - 700) < 1e-9)
        #expect(abs(sine.expectedMessages(from: 0, to: 60_000) - 30_000) < 1e-6)
        let clipped = RatePattern.sine(mean: 100, amplitude: 300, period: 60_000)
        #expect(clipped.rate(at: 45_000) == 0)
        #expect(clipped.expectedMessages(from: 0, to: 60_000) > 6_000)
    }

    @Test func accumulatorCarriesFractionsSoTotalsAreExact() {
        var acc = RateAccumulator(.constant(7))  // 0.7 per 100 ms step
        var total = 0
        for step in 0..<1_000 { total += acc.messages(from: Millis(step) * 100, to: Millis(step + 1) * 100) }
        #expect(total == 700)

        var ramp = RateAccumulator(.ramp(from: 0, to: 1_000, start: 0, duration: 10_000))
        var rampTotal = 0
        for step in 0..<333 { rampTotal += ramp.messages(from: Millis(step) * 30, to: Millis(step + 1) * 30) }
        #expect(
            abs(
                rampTotal
                    - Int(RatePattern.ramp(from: 0, to: 1_000, start: 0, duration: 10_000).expectedMessages(from: 0, to: 9_990)))
                <= 1)
    }

    @Test func withRateKeepsTheShape() {
        #expect(RatePattern.constant(5).withRate(9) == .constant(9))
        #expect(
            RatePattern.sine(mean: 100, amplitude: 50, period: 1_000).withRate(200)
                == .sine(mean: 200, amplitude: 100, period: 1_000))
        #expect(
            RatePattern.bursts(base: 1, factor: 3, length: 5, period: 10).withRate(4)
                == .bursts(base: 4, factor: 3, length: 5, period: 10))
    }

    /// The `rate` command keeps a pattern's shape but never its peak above ScenarioLimits.maxRate.
    @Test func withRateStaysWithinTheLimit() {
        let limit = ScenarioLimits.maxRate
        #expect(RatePattern.constant(5).withRate(1e20).peakRate == limit)
        #expect(RatePattern.constant(5).withRate(-3).peakRate == 0)
        let bursts = RatePattern.bursts(base: 100, factor: 50, length: 1_000, period: 10_000).withRate(limit / 2)
        #expect(bursts.peakRate <= limit)
        #expect(bursts.rate(at: 0) == limit / 2)
        let sine = RatePattern.sine(mean: 1, amplitude: 1_000, period: 60_000).withRate(limit)
        #expect(sine.peakRate <= limit)
        #expect(RatePattern.ramp(from: 10, to: 20, start: 0, duration: 1_000).peakRate == 20)
    }
}
