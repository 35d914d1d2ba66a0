import CNcurses
import Dispatch
import Foundation

/// Everything about signals in one place.
///
/// - SIGINT (Ctrl-C), SIGTERM, SIGHUP: caught on a dispatch queue and only recorded; the app loop
///   sees the record within one input poll (~100 ms), restores the terminal like `q` does, then dies by
///   the same signal (so the shell sees the usual status).
/// - Crash signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT; Swift traps are SIGILL/SIGTRAP):
///   a C handler calls `endwin` and re-raises, so even a crash leaves a usable terminal.
final class SignalTrap: @unchecked Sendable {
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    private let lock = NSLock()
    private var received: Int32 = 0
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "groupscope.signals")

    /// The first stop signal received, if any.
    var pending: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return received == 0 ? nil : received
    }

    static func install() -> SignalTrap {
        let trap = SignalTrap()
        for sig in stopSignals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: trap.queue)
            source.setEventHandler { [trap] in trap.record(sig) }
            source.resume()
            trap.sources.append(source)
        }
        for sig in crashSignals { signal(sig, gs_fatal_signal_handler) }
        return trap
    }

    private func record(_ sig: Int32) {
        lock.lock()
        if received == 0 { received = sig }
        lock.unlock()
    }

    /// Back to default dispositions.
    func uninstall() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for sig in SignalTrap.stopSignals + SignalTrap.crashSignals { signal(sig, SIG_DFL) }
    }

    /// After the terminal is restored: die by `sig` as if it had not been caught.
    static func reraise(_ sig: Int32) -> Never {
        signal(sig, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
        exit(128 + sig)
    }
}
