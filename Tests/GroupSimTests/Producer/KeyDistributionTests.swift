import Foundation
import GroupCore
import Testing

@testable import GroupSim

@Suite struct KeyDistributionTests {
    @Test func parsesScenarioSpellings() {
        #expect(KeyDistribution(parsing: "none") == KeyDistribution.none)
        #expect(KeyDistribution(parsing: "uniform") == .uniform)
        #expect(KeyDistribution(parsing: "zipf:1.2") == .zipf(exponent: 1.2))
        #expect(KeyDistribution(parsing: "hot:0.5") == .hot(share: 0.5))
        #expect(KeyDistribution(parsing: "hot:1.5") == nil)
        #expect(KeyDistribution(parsing: "zipf:0") == nil)
        #expect(KeyDistribution(parsing: "zipf") == nil)
        #expect(KeyDistribution(parsing: "gauss") == nil)
        #expect(KeyDistribution.zipf(exponent: 1.2).description == "zipf:1.2")
    }

    @Test func hotKeyMakesItsPartitionHot() {
        let shares = KeyDistribution.hot(share: 0.5).partitionProbabilities(keySpace: 1000, partitions: 6)
        let hot = kafkaPartition(forKey: "key-0", partitions: 6)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        // 50% for key-0 plus about a sixth of the other half.
        #expect(shares[hot] > 0.55 && shares[hot] < 0.62)
        for p in 0..<6 where p != hot { #expect(shares[p] < 0.12) }
    }

    @Test func zipfIsSkewedTowardsLowRanks() {
        let p = KeyDistribution.zipf(exponent: 1.2).keyProbabilities(keySpace: 1000)
        #expect(abs(p.reduce(0, +) - 1) < 1e-9)
        #expect(p[0] > p[1] && p[1] > p[9] && p[9] > p[999])
        #expect(abs(p[0] / p[1] - pow(2, 1.2)) < 1e-9)
        // The top 1% of keys take a large share.
        #expect(p[0..<10].reduce(0, +) > 0.5)
    }

    /// The alias table the partitioner draws keyed records with follows the key distribution it is built from.
    @Test func aliasTableFollowsTheDistribution() {
        var rng = SeededGenerator(seed: 3)
        let expected = KeyDistribution.zipf(exponent: 1.0).keyProbabilities(keySpace: 100)
        let zipf = AliasTable(weights: expected)
        var counts = Array(repeating: 0, count: 100)
        for _ in 0..<100_000 { counts[zipf.next(using: &rng)] += 1 }
        #expect(abs(Double(counts[0]) / 100_000 - expected[0]) < 0.01)
        #expect(counts[0] > counts[1] && counts[1] > counts[50])

        let hot = AliasTable(weights: KeyDistribution.hot(share: 0.4).keyProbabilities(keySpace: 10))
        var hits = 0
        for _ in 0..<50_000 where hot.next(using: &rng) == 0 { hits += 1 }
        #expect(abs(Double(hits) / 50_000 - 0.4) < 0.01)
    }
}

extension RecordPartitioner {
    /// The partitions' counts for `records` new records.
    mutating func split(_ records: Int) -> [Int] {
        var counts = Array(repeating: 0, count: partitions)
        distribute(records, into: &counts)
        return counts
    }
}

@Suite struct RecordPartitionerTests {
    @Test(arguments: [KeyDistribution.none, .uniform, .zipf(exponent: 1.1), .hot(share: 0.3)])
    func totalsAreExact(keys: KeyDistribution) {
        var partitioner = RecordPartitioner(partitions: 12, keys: keys, keySpace: 500, batchSize: 16, seed: 9)
        var total = Array(repeating: 0, count: 12)
        var produced = 0
        for n in [0, 1, 7, 100, 255, 256, 257, 1_000, 12_345, 3] {
            let counts = partitioner.split(n)
            #expect(counts.reduce(0, +) == n)
            #expect(counts.allSatisfy { $0 >= 0 })
            for p in 0..<12 { total[p] += counts[p] }
            produced += n
        }
        #expect(total.reduce(0, +) == produced)
    }

    @Test func hotKeyShareShowsInCountsBothSmallAndLarge() {
        var partitioner = RecordPartitioner(partitions: 6, keys: .hot(share: 0.5), keySpace: 1000, seed: 1)
        let hot = kafkaPartition(forKey: "key-0", partitions: 6)
        var small = Array(repeating: 0, count: 6)
        for _ in 0..<200 { partitioner.distribute(60, into: &small) }  // exact sampling path
        let smallShare = Double(small[hot]) / 12_000
        #expect(abs(smallShare - partitioner.shares[hot]) < 0.02)
        let large = partitioner.split(100_000)  // systematic path: within one record of expected
        for p in 0..<6 { #expect(abs(Double(large[p]) - 100_000 * partitioner.shares[p]) <= 1) }
    }

    @Test func stickyPartitionerFillsBatchesThenMovesOn() {
        var partitioner = RecordPartitioner(partitions: 4, keys: .none, keySpace: 1, batchSize: 10, seed: 5)
        let first = partitioner.split(10)
        #expect(first.filter { $0 != 0 } == [10])  // one whole batch on one partition
        let next = partitioner.split(10)
        #expect(next.filter { $0 != 0 } == [10])
        #expect(first.firstIndex(of: 10) != next.firstIndex(of: 10))  // moved on to another partition
        var many = Array(repeating: 0, count: 4)
        for _ in 0..<400 { partitioner.distribute(25, into: &many) }
        for p in 0..<4 { #expect(many[p] > 2_000) }  // all partitions used over time
    }

    @Test func sameSeedSameCounts() {
        var a = RecordPartitioner(partitions: 50, keys: .zipf(exponent: 1.3), keySpace: 10_000, seed: 77)
        var b = RecordPartitioner(partitions: 50, keys: .zipf(exponent: 1.3), keySpace: 10_000, seed: 77)
        for n in [10, 300, 5_000] { #expect(a.split(n) == b.split(n)) }
    }

    /// The load target: 1,000 partitions at 100,000 msg/s in 100 ms steps is 10,000 records a step; every record
    /// is placed (its speed is measured by `groupscope-bench simulate`, not here).
    @Test func largeStepPlacesEveryRecord() {
        var partitioner = RecordPartitioner(partitions: 1_000, keys: .zipf(exponent: 1.1), keySpace: 100_000, seed: 2)
        var counts = Array(repeating: 0, count: 1_000)
        for _ in 0..<1_000 { partitioner.distribute(10_000, into: &counts) }
        #expect(counts.reduce(0, +) == 10_000_000)
    }

    /// batch-size 1 at 10,000,000 msg/s is 1,000,000 batches a step. Kafka's BuiltInPartitioner sends each full
    /// batch to a uniformly chosen partition, so each of 4 partitions expects a quarter; the bulk path gives each
    /// ⌊N/P⌋ or ⌈N/P⌉ whole batches after at most 64 placed one by one.
    @Test func tinyBatchesAtAHighRateSpreadEvenly() {
        var partitioner = RecordPartitioner(partitions: 4, keys: .none, keySpace: 1, batchSize: 1, seed: 9)
        let counts = partitioner.split(1_000_000)
        #expect(counts.reduce(0, +) == 1_000_000)
        for c in counts { #expect(abs(c - 250_000) <= 65, "\(counts)") }
        // With batches of 100, 10,000 batches over 6 partitions: whole batches only, evenly spread.
        var hundreds = RecordPartitioner(partitions: 6, keys: .none, keySpace: 1, batchSize: 100, seed: 3)
        let spread = hundreds.split(1_000_000)
        #expect(spread.reduce(0, +) == 1_000_000)
        for c in spread { #expect(c % 100 == 0 && abs(c - 166_666) <= 100 * 65, "\(spread)") }
    }
}
