/// Offsets, counters, sums and instants that a long run or a huge input (a scenario, a flag, a network frame) could
/// push past 64 bits stop at the bound instead of trapping. Kafka's own offsets and times are Java longs; nothing real
/// reaches 2⁶³, so a pinned value only ever stands for "more than can be counted".
extension Int64 {
    /// `self + other`, pinned to `Int64.max` or `Int64.min` instead of overflowing.
    @inlinable public func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, pinned to `Int64.max` or `Int64.min` instead of overflowing.
    @inlinable public func subtractingSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}

extension Sequence where Element == Int64 {
    /// The sum, pinned to the bounds instead of overflowing.
    @inlinable public func saturatingSum() -> Int64 { reduce(0) { $0.addingSaturating($1) } }
}
