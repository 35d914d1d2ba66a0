import Foundation
import GroupCore
import GroupSim
import NIOConcurrencyHelpers

/// `groupscope watch`'s source for the dashboard: a background task refreshes the observed cluster every interval,
/// the dashboard reads snapshots and events from it as it reads them from the simulation. Read-only: every command
/// is refused with the reason. When the cluster cannot be reached the last data stays, marked stale with its age,
/// and the task retries with a doubling backoff (1 s … 30 s) shown in the status line.
public final class MonitorSource: DashboardSource, @unchecked Sendable {
    public struct Settings: Sendable {
        public var bootstrap: [BrokerAddress]
        public var interval: Millis
        public var selection: ReadSelection
        public var evaluator: LagEvaluator

        public init(bootstrap: [BrokerAddress], interval: Millis, selection: ReadSelection, evaluator: LagEvaluator) {
            self.bootstrap = bootstrap
            self.interval = interval
            self.selection = selection
            self.evaluator = evaluator
        }
    }

    public let settings: Settings
    public let label: String
    private let lock = NIOLock()
    private var model: MonitorModel
    private var failure: ReadFailure?
    private var nextAttempt: Millis = 0
    private var lastSuccess: Millis?
    private var cached: (key: String, snapshot: SimulationSnapshot)?
    private var version = 0
    private var task: Task<Void, Never>?
    private let start = ContinuousClock.now

    public init(settings: Settings) {
        self.settings = settings
        self.label = "cluster " + settings.bootstrap.map(\.description).joined(separator: ",")
        self.model = MonitorModel(options: MonitorModel.Options(evaluator: settings.evaluator))
    }

    /// Milliseconds since the source was made: the dashboard's clock.
    public func now() -> Millis {
        let elapsed = ContinuousClock.now - start
        return Millis(elapsed.inMilliseconds.rounded(.down))
    }

    /// Starts refreshing in the background with `transport`.
    public func start(transport: any KafkaTransport) {
        let settings = self.settings
        task = Task { [weak self] in
            let reader = ClusterReader(transport: transport, bootstrap: settings.bootstrap, selection: settings.selection)
            var backoff: Millis = 1_000
            while !Task.isCancelled {
                guard let self else { return }
                let began = self.now()
                var wait = settings.interval
                do throws(ReadFailure) {
                    let observation = try await reader.refresh(at: began)
                    self.succeeded(observation)
                    backoff = 1_000
                } catch {
                    wait = backoff
                    self.failed(error, at: self.now(), retryIn: backoff)
                    backoff = min(backoff * 2, 30_000)
                }
                // The next refresh starts an interval after this one started (never sooner than 50 ms from now).
                let sleep = max(50, began + wait - self.now())
                try? await Task.sleep(for: .milliseconds(sleep))
            }
        }
    }

    /// Stops the background refreshes.
    public func stop() {
        task?.cancel()
        task = nil
    }

    private func succeeded(_ observation: ClusterObservation) {
        lock.withLock {
            model.ingest(observation)
            failure = nil
            lastSuccess = observation.time
            version += 1
        }
    }

    private func failed(_ error: ReadFailure, at time: Millis, retryIn: Millis) {
        lock.withLock {
            model.ingestFailure(reason: error.reason, address: error.address.description, at: time)
            failure = error
            nextAttempt = time + retryIn
            version += 1
        }
    }

    /// The line about the connection, nil while refreshes succeed on time.
    func statusLine(at now: Millis) -> String? {
        let seconds = { (ms: Millis) in "\(max(0, (ms + 999) / 1_000))s" }
        if let failure {
            if failure.needsUnsupportedSecurity { return "\(failure): retrying in \(seconds(nextAttempt - now))" }
            let retry = "retry in \(seconds(nextAttempt - now))"
            guard let lastSuccess else { return "connecting to \(failure.address)… (\(retry)): \(failure.reason)" }
            return "stale \(seconds(now - lastSuccess)): cannot reach \(failure.address): \(failure.reason) (\(retry))"
        }
        guard let lastSuccess else { return "connecting to \(settings.bootstrap.first?.description ?? "?")…" }
        if now - lastSuccess > 3 * settings.interval + 1_000 { return "stale \(seconds(now - lastSuccess)): refresh overdue" }
        if let problem = model.latest?.groups.first(where: { $0.problem != nil }) {
            return "\(problem.id): \(problem.problem ?? "")"
        }
        return nil
    }

    // MARK: DashboardSource

    public func snapshot() -> SimulationSnapshot {
        let now = self.now()
        return lock.withLock {
            let status = statusLine(at: now)
            // Rebuilt only when a refresh landed or the status line changed (its countdown ticks once a second).
            let key = "\(version)|\(status ?? "")"
            if let cached, cached.key == key {
                var snapshot = cached.snapshot
                snapshot.time = now
                return snapshot
            }
            var snapshot = model.snapshot(
                label: label, now: now, rateWindow: 3 * settings.interval + 1_000, sourceStatus: status)
            snapshot.liveSource = LiveSourceInfo(
                target: settings.bootstrap.map(\.description).joined(separator: ","), refreshInterval: settings.interval,
                lastRefresh: lastSuccess)
            cached = (key, snapshot)
            return snapshot
        }
    }

    public func events(from sequence: Int) -> [SimEvent] {
        lock.withLock { model.events(from: sequence) }
    }

    /// The clock is the wall clock: nothing to advance.
    public func advance(by duration: Millis) {}

    public func apply(_ command: SimulationCommand) throws {
        throw CommandError(Self.readOnlyReason)
    }

    public var capabilities: SourceCapabilities { .readOnly(Self.readOnlyReason) }

    public static let readOnlyReason = "a real cluster, read-only: watch never joins, commits or changes anything"
}
