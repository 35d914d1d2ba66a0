import GroupCore

/// Walker's alias method: after an O(n) set-up, draws an index with the given probabilities in O(1).
public struct AliasTable: Sendable {
    private var threshold: [Double]
    private var alias: [Int]

    /// `weights` need not sum to 1; at least one must be positive.
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0, "an alias table needs at least one outcome")
        let total = weights.reduce(0, +)
        precondition(total > 0, "an alias table needs a positive weight")
        var scaled = weights.map { $0 * Double(n) / total }
        threshold = Array(repeating: 1, count: n)
        alias = Array(0..<n)
        var small: [Int] = []
        var large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            threshold[s] = scaled[s]
            alias[s] = l
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Whatever is left is 1 up to rounding.
    }

    public var count: Int { alias.count }

    public func next(using rng: inout SeededGenerator) -> Int {
        let u = rng.nextUnit() * Double(alias.count)
        let column = min(Int(u), alias.count - 1)
        return u - Double(column) < threshold[column] ? column : alias[column]
    }
}
