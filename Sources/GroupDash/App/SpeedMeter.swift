import DequeModule
import GroupCore

/// How fast the simulation really runs: virtual milliseconds advanced per wall millisecond over the last
/// couple of seconds, so the header can say `speed ×100 (running ×4.8)` when it cannot keep up.
public struct SpeedMeter: Sendable {
    /// The window the rate is measured over, in wall milliseconds.
    public var windowMs: Double
    /// Oldest first; a `Deque` because every frame drops from the front.
    private var samples = Deque<(wallMs: Double, virtualMs: Double)>()
    private var virtualTotal = 0.0

    public init(windowMs: Double = 2_000) { self.windowMs = windowMs }

    /// Notes that by wall time `wallMs` the simulation had advanced `virtualMs` more.
    public mutating func record(wallMs: Double, advancedVirtualMs virtualMs: Double) {
        virtualTotal += virtualMs
        samples.append((wallMs, virtualTotal))
        while samples.count > 2 && samples[1].wallMs <= wallMs - windowMs { samples.removeFirst() }
    }

    /// Forget the history (after a pause or a speed change the old rate says nothing).
    public mutating func reset() { samples.removeAll() }

    /// The measured speed, nil until the window is at least half full.
    public var speed: Double? {
        guard let first = samples.first, let last = samples.last, last.wallMs - first.wallMs >= windowMs / 2 else {
            return nil
        }
        return (last.virtualMs - first.virtualMs) / (last.wallMs - first.wallMs)
    }

    /// The measured speed when it falls clearly short of `requested` (below 90 %), else nil.
    public func shortfall(of requested: Double) -> Double? {
        guard let speed, speed < requested * 0.9 else { return nil }
        return speed
    }
}
