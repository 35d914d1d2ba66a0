import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The test vectors of Burrow's evaluator (linkedin/Burrow `core/internal/evaluator/caching_test.go`, `tests`,
/// checked by `TestCachingEvaluator_CheckRules` against `calculatePartitionStatus`). Burrow's `timeNow` is in
/// seconds and its timestamps in milliseconds; here both are milliseconds.
@Suite struct LagEvaluatorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var index: Int
        var offsets: [(Int64, Millis, Int64?)]
        var brokerOffsets: [Int64]
        var currentLag: Int64
        var nowSeconds: Int64
        var expected: LagStatus
        var testDescription: String { "Burrow test \(index)" }
    }

    static let rising: [(Int64, Millis, Int64?)] = [
        (1000, 100_000, 0), (2000, 200_000, 50), (3000, 300_000, 100), (4000, 400_000, 150), (5000, 500_000, 200),
    ]
    static let risingNeverZero: [(Int64, Millis, Int64?)] = [
        (1000, 100_000, 50), (2000, 200_000, 100), (3000, 300_000, 150), (4000, 400_000, 200), (5000, 500_000, 250),
    ]
    /// Burrow tests 9 and 10: fifteen commits one second apart, each with no lag.
    static let caughtUpEverySecond: [(Int64, Millis, Int64?)] = [
        1_512_224_618_356, 1_512_224_619_362, 1_512_224_620_366, 1_512_224_621_367, 1_512_224_622_370, 1_512_224_623_373,
        1_512_224_624_378, 1_512_224_625_379, 1_512_224_626_383, 1_512_224_627_383, 1_512_224_628_383, 1_512_224_629_388,
        1_512_224_630_391, 1_512_224_631_394, 1_512_224_632_397,
    ].enumerated().map { (792_748_079 + Int64($0.offset), $0.element, 0) }

    static let vectors: [Vector] = [
        // 0: lag was zero in the window → OK.
        Vector(index: 0, offsets: rising, brokerOffsets: [5200], currentLag: 200, nowSeconds: 600, expected: .ok),
        // 1: 400 s since the last commit equals the window's span, not more → not stopped.
        Vector(index: 1, offsets: rising, brokerOffsets: [5200], currentLag: 200, nowSeconds: 900, expected: .ok),
        // 2: 500 s since the last commit > the span → STOP, even though the lag was zero at the start.
        Vector(index: 2, offsets: rising, brokerOffsets: [5200], currentLag: 200, nowSeconds: 1000, expected: .stop),
        // 3: STOP with a lag that was never zero.
        Vector(index: 3, offsets: risingNeverZero, brokerOffsets: [5250], currentLag: 250, nowSeconds: 1000, expected: .stop),
        // 4: the offset never moves, but the lag was zero once → OK.
        Vector(
            index: 4,
            offsets: [(1000, 100_000, 0), (1000, 200_000, 50), (1000, 300_000, 100), (1000, 400_000, 150), (1000, 500_000, 200)],
            brokerOffsets: [1200], currentLag: 200, nowSeconds: 600, expected: .ok),
        // 5: the offset never moves and the lag is never zero → STALL.
        Vector(
            index: 5,
            offsets: [
                (1000, 100_000, 100), (1000, 200_000, 150), (1000, 300_000, 200), (1000, 400_000, 250), (1000, 500_000, 300),
            ],
            brokerOffsets: [1300], currentLag: 300, nowSeconds: 600, expected: .stall),
        // 6: still STALL when the lag stays the same.
        Vector(
            index: 6,
            offsets: [
                (1000, 100_000, 100), (1000, 200_000, 100), (1000, 300_000, 100), (1000, 400_000, 100), (1000, 500_000, 100),
            ],
            brokerOffsets: [1100], currentLag: 100, nowSeconds: 600, expected: .stall),
        // 7: the offset went back → REWIND, worse than the lag's decrease.
        Vector(
            index: 7,
            offsets: [
                (1000, 100_000, 100), (2000, 200_000, 150), (3000, 300_000, 200), (2000, 400_000, 1250), (4000, 500_000, 300),
            ],
            brokerOffsets: [4300], currentLag: 300, nowSeconds: 600, expected: .rewind),
        // 8: the current lag is 0 → OK, even though the timestamps say stopped.
        Vector(index: 8, offsets: risingNeverZero, brokerOffsets: [5250], currentLag: 0, nowSeconds: 1000, expected: .ok),
        // 9: lag zero in every commit, but new data and no commit for 18 s → STOP (Burrow #290).
        Vector(
            index: 9, offsets: caughtUpEverySecond,
            brokerOffsets: [792_749_024, 792_749_000, 792_748_800, 792_748_600, 792_748_500],
            currentLag: 931, nowSeconds: 1_512_224_650, expected: .stop),
        // 10: as 9, but a recent log end equals the last commit → not stopped yet, OK (Burrow #303).
        Vector(
            index: 10, offsets: caughtUpEverySecond, brokerOffsets: [792_748_094, 792_748_093, 792_748_093, 792_748_093],
            currentLag: 1, nowSeconds: 1_512_224_650, expected: .ok),
        // 11: test 0 with entries whose lag is unknown in between → same result.
        Vector(
            index: 11,
            offsets: [
                (1000, 100_000, 0), (1500, 150_000, nil), (2000, 200_000, 50), (2500, 250_000, nil), (3000, 300_000, 100),
                (3500, 350_000, nil), (4000, 400_000, 150), (4500, 450_000, nil), (5000, 500_000, 200), (5500, 550_000, nil),
            ],
            brokerOffsets: [5700], currentLag: 200, nowSeconds: 600, expected: .ok),
    ]

    @Test(arguments: vectors)
    func burrowVector(_ v: Vector) {
        let samples = v.offsets.map { CommitSample(time: $0.1, offset: $0.0, lag: $0.2) }
        let status = LagEvaluator().status(
            of: samples, recentLogEnds: v.brokerOffsets, currentLag: v.currentLag, now: v.nowSeconds * 1_000)
        #expect(status == v.expected)
    }

    @Test func allowedLagCountsAsCaughtUp() {
        // Burrow test 5 (STALL) with an allowed lag of 300: the current lag is within it → OK.
        let stalled = [100, 150, 200, 250, 300].enumerated().map {
            CommitSample(time: Millis($0.offset + 1) * 100_000, offset: 1000, lag: Int64($0.element))
        }
        #expect(LagEvaluator().status(of: stalled, recentLogEnds: [1300], currentLag: 300, now: 600_000) == .stall)
        #expect(LagEvaluator(allowedLag: 300).status(of: stalled, recentLogEnds: [1300], currentLag: 300, now: 600_000) == .ok)
        // An allowed lag of 150 is not met now (300), but was in the window (100) → OK by Burrow's first rule.
        #expect(LagEvaluator(allowedLag: 150).status(of: stalled, recentLogEnds: [1300], currentLag: 300, now: 600_000) == .ok)
    }

    @Test func nothingCommittedHasNoStatusAndOneEntryIsNotYetStalled() {
        #expect(LagEvaluator().status(of: [CommitSample](), recentLogEnds: [Int64](), currentLag: 5, now: 0) == nil)
        let one = [CommitSample(time: 1_000, offset: 10, lag: 5)]
        #expect(LagEvaluator().status(of: one, recentLogEnds: [15], currentLag: 5, now: 1_000) == .ok)
    }

    @Test func severityOrderFollowsBurrowsConstants() {
        // protocol.StatusConstant: OK 1, WARN 2, ERR 3, STOP 4, STALL 5, REWIND 6.
        #expect(LagStatus.allCases.sorted().map(\.description) == ["OK", "WARN", "STOP", "STALL", "REWIND"])
    }
}
