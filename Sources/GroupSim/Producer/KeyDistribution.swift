import Foundation
import GroupCore

/// How a producer picks record keys. Keys are `key-0`, `key-1`, … `key-(keySpace-1)`; key `key-0` is the
/// most frequent one under `zipf` and the hot key under `hot`.
public enum KeyDistribution: Sendable, Equatable, CustomStringConvertible {
    /// Keyless records: Kafka's sticky partitioner fills a batch on one partition, then moves on.
    case none
    /// Every key of the key space equally likely.
    case uniform
    /// Key of rank k (from 1) has weight 1/k^exponent.
    case zipf(exponent: Double)
    /// `key-0` takes this share (0…1) of the records; the rest spread uniformly over the other keys.
    case hot(share: Double)

    /// Scenario spelling: `none`, `uniform`, `zipf:1.2`, `hot:0.5`.
    public var description: String {
        switch self {
        case .none: "none"
        case .uniform: "uniform"
        case .zipf(let s): "zipf:\(formatNumber(s))"
        case .hot(let f): "hot:\(formatNumber(f))"
        }
    }

    /// Parses the scenario spelling; nil if it is not one of the four forms or its number is out of range
    /// (zipf exponent > 0, hot share in 0…1).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map { String($0) }
        switch (parts.first ?? "", parts.count) {
        case ("none", 1): self = .none
        case ("uniform", 1): self = .uniform
        case ("zipf", 2):
            guard let s = Double(parts[1]), s > 0, s.isFinite else { return nil }
            self = .zipf(exponent: s)
        case ("hot", 2):
            guard let f = Double(parts[1]), f >= 0, f <= 1 else { return nil }
            self = .hot(share: f)
        default: return nil
        }
    }

    /// The name of key number `index`.
    public static func keyName(_ index: Int) -> String { "key-\(index)" }

    /// Each key's probability, indexed by key number; empty for `none`. O(keySpace).
    public func keyProbabilities(keySpace: Int) -> [Double] {
        precondition(keySpace > 0, "the key space holds at least one key")
        switch self {
        case .none:
            return []
        case .uniform:
            return Array(repeating: 1 / Double(keySpace), count: keySpace)
        case .zipf(let s):
            var weights = (0..<keySpace).map { 1 / pow(Double($0 + 1), s) }
            let total = weights.reduce(0, +)
            for i in weights.indices { weights[i] /= total }
            return weights
        case .hot(let share):
            guard keySpace > 1 else { return [1] }
            var p = Array(repeating: (1 - share) / Double(keySpace - 1), count: keySpace)
            p[0] = share
            return p
        }
    }

    /// Each partition's share of the records, for keyed distributions: the key → partition map is fixed
    /// (murmur2), so this is computed once per topic. Empty for `none`. O(keySpace + partitions).
    public func partitionProbabilities(keySpace: Int, partitions: Int) -> [Double] {
        guard self != .none else { return [] }
        var p = Array(repeating: 0.0, count: partitions)
        for (key, probability) in keyProbabilities(keySpace: keySpace).enumerated() {
            p[kafkaPartition(forKey: Self.keyName(key), partitions: partitions)] += probability
        }
        return p
    }
}
