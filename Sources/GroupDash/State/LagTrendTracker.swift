import DequeModule
import GroupCore

/// Decides whether total lag is rising or falling by comparing it with its value a few virtual
/// seconds ago.
public struct LagTrendTracker: Sendable {
    public var window: Millis
    /// Oldest first; a `Deque` because every frame drops from the front.
    private var samples = Deque<(time: Millis, lag: Int64)>()

    public init(window: Millis = 5_000) { self.window = window }

    public mutating func record(time: Millis, totalLag: Int64) -> LagTrend {
        if let last = samples.last, time < last.time { samples.removeAll() }  // a restart or reset
        samples.append((time, totalLag))
        // Keep one sample at or before (time − window) as the reference, drop older ones.
        while samples.count > 2 && samples[1].time <= time - window { samples.removeFirst() }
        guard let reference = samples.first, reference.time < time else { return .steady }
        let delta = totalLag - reference.lag
        let threshold = max(Int64(5), reference.lag / 50)
        if delta > threshold { return .rising }
        if delta < -threshold { return .falling }
        return .steady
    }
}
