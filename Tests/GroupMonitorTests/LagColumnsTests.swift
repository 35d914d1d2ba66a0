import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The lag samples a snapshot shows are a slot's last N samples, oldest first, whatever happened to the slot: refreshes
/// without a sample (holes), two samples in one refresh (a partition listed twice), slots emptied and reused. The
/// columns serve them in place while they can and an array of the slot's own while they cannot; either way the
/// answer must be the plain list of what was appended, and samples a snapshot took must not change afterwards.
@Suite struct LagColumnsTests {
    @Test(arguments: 0..<30)
    func samplesAreTheLastAppendedWhateverTheHoles(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed) &+ 1_000)
        let capacity = 1 + Int(random.next() % 6)
        var columns = LagColumns(capacity: capacity)
        var appended: [[Int64]] = []
        var taken: [(slot: Int, samples: LagSamples, expected: [Int64])] = []
        var value: Int64 = 0
        for refresh in 0..<80 {
            // A slot now and then, as partitions are first committed.
            if appended.count < 8 && random.next() % 4 == 0 {
                columns.addSlot()
                appended.append([])
            }
            for slot in appended.indices {
                switch random.next() % 12 {
                case 0, 1: break  // a hole: no log end this refresh
                case 2:  // listed twice
                    for _ in 0..<2 {
                        value += 1
                        columns.append(value, to: slot)
                        appended[slot].append(value)
                    }
                case 3:  // the partition's commits went away and the slot is reused
                    columns.empty(slot)
                    appended[slot] = []
                default:
                    value += 1
                    columns.append(value, to: slot)
                    appended[slot].append(value)
                }
            }
            columns.close()
            for slot in appended.indices {
                let expected = Array(appended[slot].suffix(capacity))
                let samples = columns.samples(slot)
                #expect(Array(samples) == expected, "seed \(seed), refresh \(refresh), slot \(slot)")
                taken.append((slot, samples, expected))
            }
        }
        for sample in taken {
            #expect(Array(sample.samples) == sample.expected, "seed \(seed): samples a snapshot took changed later")
        }
    }
}
