/// Milliseconds on the engine's virtual clock. The core never reads a wall clock:
/// every call that depends on time is handed the current instant.
public typealias Millis = Int64
