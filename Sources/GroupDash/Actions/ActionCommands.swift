import GroupCore
import GroupSim

/// What a key action asks of the simulation, in its command vocabulary. Pure: no side effects.
public enum ActionCommands {
    public static let gcPauseSeconds: Double = 5
    public static let rateFactor: Double = 1.25

    /// The commands for `action` (empty for actions that only change the view), or why there are none.
    public static func commands(
        for action: KeyAction, state: DashboardState, snapshot: SimulationSnapshot
    ) -> Result<[SimulationCommand], CommandError> {
        let view = FilteredView(snapshot: snapshot, filter: state.filter)
        let selected = Selection.resolve(state, in: view, snapshot: snapshot)
        let member = selected.map { snapshot.groups[$0.group].members[$0.member] }
        let group = selected.map { snapshot.groups[$0.group] } ?? view.groups.first.map { snapshot.groups[$0.groupIndex] }

        func needMember(_ make: (String) -> SimulationCommand) -> Result<[SimulationCommand], CommandError> {
            guard let member else { return .failure(CommandError("no member selected")) }
            return .success([make(member.name)])
        }
        func needGroup(_ make: (GroupView) -> SimulationCommand) -> Result<[SimulationCommand], CommandError> {
            guard let group else { return .failure(CommandError("no group selected")) }
            return .success([make(group)])
        }

        switch action {
        case .crash: return needMember { .crash(member: $0) }
        case .leave: return needMember { .leave(member: $0) }
        case .hang: return needMember { .hang(member: $0) }
        case .restart: return needMember { .restart(member: $0) }
        case .gcPause: return needMember { .pause(member: $0, seconds: gcPauseSeconds) }
        case .addMember: return needGroup { .addMember(group: $0.id) }
        case .cycleStrategy: return needGroup { .strategy(group: $0.id, to: $0.configuredStrategy.next) }
        case .toggleProducers:
            return .success([snapshot.producersPaused ? .resumeProducers : .pauseProducers])
        case .rateUp, .rateDown:
            let topics = view.topics.map { snapshot.topics[$0.topicIndex] }
            guard !topics.isEmpty else { return .failure(CommandError("no topic visible")) }
            // + stops at the documented bound instead of asking the source for more than it accepts.
            if action == .rateUp, topics.allSatisfy({ $0.rate >= ScenarioLimits.maxRate }) {
                return .failure(
                    CommandError("produce rate is at its maximum, \(Formatting.rate(ScenarioLimits.maxRate)) msg/s per topic"))
            }
            return .success(
                topics.map { topic in
                    .rate(topic: topic.name, messagesPerSecond: scaledRate(topic.rate, up: action == .rateUp))
                })
        case .moveUp, .moveDown, .pageUp, .pageDown, .moveHome, .moveEnd, .nextPane, .speedUp, .speedDown,
            .scrollLeft, .scrollRight, .openDetail, .back, .timeline, .cycleEventType,
            .togglePause, .filter, .cycleSort, .help, .quit:
            return .success([])
        }
    }

    /// ×1.25 or ÷1.25, rounded to hundredths, at most `ScenarioLimits.maxRate`; a stopped topic goes up to 1 msg/s.
    static func scaledRate(_ rate: Double, up: Bool) -> Double {
        let next = up ? max(rate * rateFactor, 1) : rate / rateFactor
        return min((next * 100).rounded() / 100, ScenarioLimits.maxRate)
    }
}
