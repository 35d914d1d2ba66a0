import GroupSim

/// Turns keys into state changes and simulation commands. Commands go through
/// `SimulationSource.apply`; a failure becomes the status line, never an error thrown.
public final class ActionDispatcher {
    public enum Outcome: Equatable, Sendable { case continueRunning, quit }

    public private(set) var state: DashboardState
    /// The last frame's scroll positions and pane heights (page sizes, scroll limits).
    public var metrics = FrameMetrics()
    private let source: SimulationSource

    public init(source: SimulationSource, state: DashboardState) {
        self.source = source
        self.state = state
    }

    /// Takes the scroll positions the renderer settled on (clamped, selection kept visible).
    public func adopt(_ metrics: FrameMetrics) {
        self.metrics = metrics
        state.topicsScroll = metrics.topicsScroll
        state.groupsScroll = metrics.groupsScroll
        state.eventsScroll = metrics.eventsScroll
        state.selectedMember = metrics.selectedMember ?? state.selectedMember
    }

    public func setLagTrend(_ trend: LagTrend) { state.lagTrend = trend }

    /// The speed the simulation really reaches when short of the requested one (nil: keeping up).
    public func setRunningSpeed(_ speed: Double?) { state.runningSpeed = speed }

    /// How many commands the source accepted so far: a change tells the loop to take a fresh snapshot.
    public private(set) var appliedCommands = 0

    /// New events arrived: keep a scrolled-back events view on the same lines.
    public func eventsArrived(_ count: Int) {
        if state.eventsScroll > 0 { state.eventsScroll += count }
    }

    /// Whether answering `key` now only changes the view: no command to the source, not quit. The loop answers such
    /// a key while the source is in the middle of a step; any other key waits until the step is done. Follows the
    /// routing of `handle` below (filter editing, help, the timeline's own `+ - ← →`).
    public func onlyChangesView(_ key: Key) -> Bool {
        if key == .resize || state.isEditingFilter { return true }
        let action = KeyBindings.action(for: key)
        if state.showHelp { return action != .quit }
        guard let action else { return true }
        if state.screen == .timeline && [.rateUp, .rateDown, .scrollLeft, .scrollRight].contains(action) { return true }
        return action != .quit && action.commandClass == nil
    }

    public func handle(_ key: Key, snapshot: SimulationSnapshot) -> Outcome {
        if state.isEditingFilter { return editFilter(key) }
        let action = KeyBindings.action(for: key)
        if state.showHelp {
            if action == .quit { return .quit }
            state.showHelp = false
            return .continueRunning
        }
        guard let action else { return .continueRunning }
        // In the timeline, + and - zoom the time axis instead of changing produce rates.
        if state.screen == .timeline && (action == .rateUp || action == .rateDown) {
            state.timelineMinutes = TimelineZoom.step(state.timelineMinutes, wider: action == .rateDown)
            state.status = StatusMessage("timeline: last " + Formatting.plural(state.timelineMinutes, "minute"))
            return .continueRunning
        }
        // In the timeline, ← and → show the previous / next group (ownership is per group).
        if state.screen == .timeline && (action == .scrollLeft || action == .scrollRight) {
            state.timelineGroupShift += action == .scrollRight ? 1 : -1
            return .continueRunning
        }
        return perform(action, snapshot: snapshot)
    }

    public func perform(_ action: KeyAction, snapshot: SimulationSnapshot) -> Outcome {
        if action.commandClass != nil {
            let view = FilteredView(snapshot: snapshot, filter: state.filter)
            let member = Selection.resolve(state, in: view, snapshot: snapshot).map {
                snapshot.groups[$0.group].members[$0.member]
            }
            if let reason = source.capabilities.refusal(for: action, member: member) {
                state.status = StatusMessage(reason, isError: true)
                return .continueRunning
            }
        }
        switch action {
        case .quit: return .quit
        case .help: state.showHelp = true
        case .nextPane: state.focus = state.focus.next
        case .scrollLeft: state.groupColumnOffset = max(0, state.groupColumnOffset - 1)
        case .scrollRight:
            let most = snapshot.topics.map { $0.partitions.first?.groups.count ?? 0 }.max() ?? 0
            state.groupColumnOffset = min(state.groupColumnOffset + 1, max(0, most - 1))
        case .openDetail:
            let view = FilteredView(snapshot: snapshot, filter: state.filter)
            if let selected = Selection.resolve(state, in: view, snapshot: snapshot) {
                state.detailMember = snapshot.groups[selected.group].members[selected.member].name
                state.selectedMember = state.detailMember
                state.screen = .memberDetail
            } else {
                state.status = StatusMessage("no member selected", isError: true)
            }
        case .back:
            state.screen = .main
        case .timeline:
            state.screen = state.screen == .timeline ? .main : .timeline
            state.timelineGroupShift = 0  // opens on the selected member's group
        case .cycleEventType:
            state.eventType = EventTypeFilter.next(after: state.eventType)
            state.eventsScroll = 0
            state.status = StatusMessage("events: " + (state.eventType.map { "only \($0).*" } ?? "all types"))
        case .moveUp: move(by: -1, snapshot: snapshot)
        case .moveDown: move(by: 1, snapshot: snapshot)
        case .pageUp: move(by: -page, snapshot: snapshot)
        case .pageDown: move(by: page, snapshot: snapshot)
        case .moveHome: move(by: Int.min / 2, snapshot: snapshot)
        case .moveEnd: move(by: Int.max / 2, snapshot: snapshot)
        case .speedUp:
            state.speed = SpeedSteps.faster(than: state.speed)
            state.status = StatusMessage("speed " + Formatting.speed(state.speed, times: "×"))
        case .speedDown:
            state.speed = SpeedSteps.slower(than: state.speed)
            state.status = StatusMessage("speed " + Formatting.speed(state.speed, times: "×"))
        case .togglePause:
            state.paused.toggle()
            state.status = StatusMessage(state.paused ? "simulation paused" : "simulation running")
        case .filter:
            state.isEditingFilter = true
        case .cycleSort:
            state.sort = state.sort.next
            state.status = StatusMessage("partitions sorted by \(state.sort.rawValue)")
        case .crash, .leave, .hang, .restart, .addMember, .cycleStrategy, .gcPause, .toggleProducers, .rateUp, .rateDown:
            apply(action, snapshot: snapshot)
        }
        return .continueRunning
    }

    private var page: Int {
        let rows: Int
        switch state.focus {
        case .topics: rows = metrics.topicsHeight
        case .groups: rows = metrics.groupsHeight
        case .events: rows = metrics.eventsHeight
        }
        return max(1, rows - 1)
    }

    private func move(by offset: Int, snapshot: SimulationSnapshot) {
        switch state.focus {
        case .groups:
            let view = FilteredView(snapshot: snapshot, filter: state.filter)
            state.selectedMember = Selection.moved(by: offset, from: state, in: view, snapshot: snapshot)
        case .topics:
            state.topicsScroll = clampedAdd(state.topicsScroll, offset, max: max(0, metrics.topicsRows - metrics.topicsHeight))
        case .events:
            state.eventsScroll = clampedAdd(state.eventsScroll, offset, max: max(0, metrics.eventCount - 1))
        }
    }

    private func clampedAdd(_ value: Int, _ offset: Int, max upper: Int) -> Int {
        min(max(value + offset, 0), upper)
    }

    private func apply(_ action: KeyAction, snapshot: SimulationSnapshot) {
        switch ActionCommands.commands(for: action, state: state, snapshot: snapshot) {
        case .failure(let error):
            state.status = StatusMessage(error.message, isError: true)
        case .success(let commands):
            var done: [String] = []
            for command in commands {
                do {
                    try source.apply(command)
                    appliedCommands += 1
                    done.append(Self.statusText(command))
                } catch let error as CommandError {
                    state.status = StatusMessage("\(command): \(error.message)", isError: true)
                    return
                } catch {
                    state.status = StatusMessage("\(command): \(error)", isError: true)
                    return
                }
            }
            state.status = StatusMessage(done.joined(separator: "; "))
        }
    }

    /// A command as the status line says it: the vocabulary's words, with units (`pause audit-2 for 5s`).
    static func statusText(_ command: SimulationCommand) -> String {
        switch command {
        case .pause(let member, let seconds): "pause \(member) for \(Formatting.seconds(seconds))"
        case .rate(let topic, let rate): "rate \(topic) \(Formatting.rate(rate)) msg/s"
        default: command.description
        }
    }

    private func editFilter(_ key: Key) -> Outcome {
        switch key {
        case .enter:
            state.isEditingFilter = false
        case .escape:
            state.isEditingFilter = false
            state.filter = ""
            resetScrolls()
        case .backspace:
            if !state.filter.isEmpty { state.filter.removeLast() }
            resetScrolls()
        case .char(let c) where !c.isNewline:
            state.filter.append(c)
            resetScrolls()
        default:
            break
        }
        return .continueRunning
    }

    private func resetScrolls() {
        state.topicsScroll = 0
        state.groupsScroll = 0
    }
}
