import Foundation
import GroupCore

/// A produce rate over virtual time, in messages per second.
public enum RatePattern: Sendable, Equatable, CustomStringConvertible {
    /// The same rate throughout.
    case constant(Double)
    /// `from` until `start`, then linearly to `to` over `duration`, then `to`.
    case ramp(from: Double, to: Double, start: Millis, duration: Millis)
    /// `base`, and `factor` × `base` for `length` at the start of every `period` after the first
    /// (bursts occupy [k·period, k·period + length) for k ≥ 1).
    case bursts(base: Double, factor: Double, length: Millis, period: Millis)
    /// A diurnal wave: `mean + amplitude · sin(2π t / period)`, never below 0.
    case sine(mean: Double, amplitude: Double, period: Millis)

    public var description: String {
        switch self {
        case .constant(let r): "constant \(formatNumber(r))/s"
        case .ramp(let a, let b, let s, let d): "ramp \(formatNumber(a))→\(formatNumber(b))/s from \(s) ms over \(d) ms"
        case .bursts(let b, let f, let l, let p): "\(formatNumber(b))/s, ×\(formatNumber(f)) for \(l) ms every \(p) ms"
        case .sine(let m, let a, let p): "\(formatNumber(m))±\(formatNumber(a))/s, period \(p) ms"
        }
    }

    /// The rate at instant `t`, messages per second.
    public func rate(at t: Millis) -> Double {
        switch self {
        case .constant(let r):
            return r
        case .ramp(let from, let to, let start, let duration):
            if t <= start { return from }
            if t >= start + duration { return to }
            return from + (to - from) * Double(t - start) / Double(duration)
        case .bursts(let base, let factor, let length, let period):
            return t >= period && t % period < length ? base * factor : base
        case .sine(let mean, let amplitude, let period):
            return max(0, mean + amplitude * sin(2 * .pi * Double(t) / Double(period)))
        }
    }

    /// The expected number of messages in [t0, t1): the rate's integral, exact for every pattern
    /// (numerical only for a sine whose amplitude exceeds its mean, where the rate is clipped at 0).
    public func expectedMessages(from t0: Millis, to t1: Millis) -> Double {
        guard t1 > t0 else { return 0 }
        switch self {
        case .constant(let r):
            return r * Double(t1 - t0) / 1000
        case .ramp(_, _, let start, let duration):
            // Integrate the piecewise-linear rate: before, during, after the ramp.
            let end = start + duration
            var total = 0.0
            func linear(_ a: Millis, _ b: Millis) -> Double {
                guard b > a else { return 0 }
                return (rate(at: a) + rate(at: b)) / 2 * Double(b - a) / 1000
            }
            total += linear(t0, min(t1, start))
            total += linear(max(t0, start), min(t1, end))
            total += linear(max(t0, end), t1)
            return total
        case .bursts(let base, let factor, let length, let period):
            var inBursts: Millis = 0
            var k = max(1, t0 / period)
            while k * period < t1 {
                let a = max(t0, k * period)
                let b = min(t1, k * period + length)
                if b > a { inBursts += b - a }
                k += 1
            }
            return base * Double(t1 - t0) / 1000 + base * (factor - 1) * Double(inBursts) / 1000
        case .sine(let mean, let amplitude, let period):
            if amplitude <= mean {
                let w = 2 * Double.pi / Double(period)
                let waves = amplitude / w * (cos(w * Double(t0)) - cos(w * Double(t1)))
                return (mean * Double(t1 - t0) + waves) / 1000
            }
            var total = 0.0
            var t = t0
            let step = max(1, period / 1000)
            while t < t1 {
                let next = min(t1, t + step)
                total += (rate(at: t) + rate(at: next)) / 2 * Double(next - t) / 1000
                t = next
            }
            return total
        }
    }

    /// The highest rate the pattern ever reaches, messages per second.
    public var peakRate: Double {
        switch self {
        case .constant(let r): r
        case .ramp(let from, let to, _, _): max(from, to)
        case .bursts(let base, let factor, _, _): max(base, base * factor)
        case .sine(let mean, let amplitude, _): max(0, mean + abs(amplitude))
        }
    }

    /// The same shape around a new rate, for the `rate TOPIC N` command: a constant becomes N, a ramp is
    /// replaced by the constant N, bursts keep their factor over base N, a sine keeps its relative amplitude.
    /// The peak stays within `ScenarioLimits.maxRate` (a burst's factor or a sine's amplitude is cut to fit).
    public func withRate(_ newRate: Double) -> RatePattern {
        let limit = ScenarioLimits.maxRate
        let rate = min(max(newRate.isNaN ? 0 : newRate, 0), limit)
        switch self {
        case .constant, .ramp:
            return .constant(rate)
        case .bursts(_, let factor, let length, let period):
            let fitted = rate > 0 && rate * factor > limit ? limit / rate : factor
            return .bursts(base: rate, factor: fitted, length: length, period: period)
        case .sine(let mean, let amplitude, let period):
            let scaled = mean > 0 ? amplitude * rate / mean : 0
            return .sine(mean: rate, amplitude: min(scaled, limit - rate), period: period)
        }
    }
}

/// Turns a rate pattern into whole messages per step, carrying the fraction so that the total over any
/// run of consecutive steps is the integral rounded down (never drifts).
public struct RateAccumulator: Sendable {
    public var pattern: RatePattern
    private var carry = 0.0

    public init(_ pattern: RatePattern) { self.pattern = pattern }

    /// Whole messages produced in [t0, t1); call with consecutive intervals.
    public mutating func messages(from t0: Millis, to t1: Millis) -> Int {
        carry += pattern.expectedMessages(from: t0, to: t1)
        let whole = carry.rounded(.down)
        carry -= whole
        // Guard against 0.9999999 carried forever by floating-point error.
        if carry > 1 - 1e-9 { carry = 0; return Int(whole) + 1 }
        return Int(whole)
    }
}
