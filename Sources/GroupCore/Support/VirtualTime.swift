/// Milliseconds on the engine's virtual clock. The core never reads a wall clock:
/// every call that depends on time is handed the current instant.
public typealias Millis = Int64

extension Duration {
    /// This duration in (fractional) milliseconds: the one conversion that measured wall-clock spans use
    /// (benchmarks, the dashboard's pacing, the monitor's clock). Pure: nothing here reads a clock.
    public var inMilliseconds: Double { Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15 }
}
