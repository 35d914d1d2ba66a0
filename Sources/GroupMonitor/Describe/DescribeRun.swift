import Dispatch
import GroupCore

/// `describe` as one call: one refresh of the cluster, the report built from it.
public enum DescribeRun {
    /// Reads the groups (all consumer groups when `groupIds` is nil) and builds the report; a failure names the broker.
    public static func describe(
        bootstrap: [BrokerAddress], groupIds: [String]?, evaluator: LagEvaluator = LagEvaluator(),
        transport: any KafkaTransport, statistics: (@Sendable (ReaderStatistics) -> Void)? = nil
    ) async -> Result<DescribeReport, ReadFailure> {
        let reader = ClusterReader(transport: transport, bootstrap: bootstrap, selection: ReadSelection(groupIds: groupIds))
        defer { statistics?(reader.statistics) }
        do {
            let observation = try await reader.refresh(at: 0)
            var model = MonitorModel(options: MonitorModel.Options(evaluator: evaluator))
            model.ingest(observation)
            return .success(DescribeReport(model: model, groupIds: groupIds))
        } catch {
            return .failure(error)
        }
    }
}

/// Runs async work to completion from synchronous code (the command line's `run()`), on the cooperative pool.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        guard let value = box.value else { preconditionFailure("the task ended without a value") }
        return value
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
