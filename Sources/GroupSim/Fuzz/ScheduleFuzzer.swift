import GroupCore

/// Runs scenarios with the invariants of `ScheduleInvariants` checked after every instant, and shrinks a failing
/// one to a smaller scenario that fails the same way.
public enum ScheduleFuzzer {
    /// Runs `scenario` to its end, checking after every instant; after the last scripted event, the world passes
    /// as soon as it has settled, and fails if it has not by the end.
    public static func check(_ scenario: Scenario) -> InvariantViolation? {
        let sim = Simulation(scenario: scenario)
        var invariants = ScheduleInvariants()
        let quietFrom = scenario.events.last?.at ?? 0
        var nextSettleCheck = quietFrom
        sim.run(until: 0)
        if let v = invariants.check(sim) { return v }
        while true {
            var next = sim.nextStepTime()
            // As `run(until:)` does: a deadline that a step did not consume must not hold the clock in place.
            if let last = sim.lastStepAt, next <= last { next = last + 1 }
            guard next <= scenario.duration else { break }
            sim.run(until: next)
            if let v = invariants.check(sim) { return v }
            if sim.now >= nextSettleCheck {
                if invariants.unsettled(sim) == nil { return nil }
                nextSettleCheck = sim.now + 1_000
            }
        }
        sim.run(until: scenario.duration)
        if let reason = invariants.unsettled(sim) {
            return InvariantViolation(invariant: "every partition owned once the group settles", at: sim.now, detail: reason)
        }
        return nil
    }

    /// A smaller scenario failing the same invariant: events removed in halves, then one by one, then groups and
    /// producers dropped, while the failure stays. Deterministic, like everything it runs.
    public static func shrink(_ scenario: Scenario, failing violation: InvariantViolation, budget: Int = 400) -> Scenario {
        var best = scenario
        var runs = 0
        func stillFails(_ candidate: Scenario) -> Bool {
            guard runs < budget else { return false }
            runs += 1
            return check(candidate)?.invariant == violation.invariant
        }
        // Events: delta debugging over chunks, halving the chunk size.
        var chunk = max(1, best.events.count / 2)
        while true {
            var start = 0
            while start < best.events.count {
                var candidate = best
                candidate.events.removeSubrange(start..<min(start + chunk, candidate.events.count))
                if stillFails(candidate) { best = candidate } else { start += chunk }
            }
            if chunk == 1 { break }
            chunk /= 2
        }
        // Whole groups (and the events that name them or their members).
        for group in best.groups.reversed() where best.groups.count > 1 {
            var candidate = best
            candidate.groups.removeAll { $0.id == group.id }
            candidate.events.removeAll { event in event.command.names(group: group) }
            if stillFails(candidate) { best = candidate }
        }
        // Producers, then the end of the run: the earliest end that still fails.
        for producer in best.producers {
            var candidate = best
            candidate.producers.removeAll { $0.topic == producer.topic }
            if stillFails(candidate) { best = candidate }
        }
        if violation.at < best.duration {
            var candidate = best
            candidate.duration = max(violation.at, (candidate.events.last?.at ?? 0)) + 1
            if stillFails(candidate) { best = candidate }
        }
        return best
    }
}

extension SimulationCommand {
    /// Whether the command names this group or one of its members.
    func names(group: GroupSpec) -> Bool {
        switch self {
        case .crash(let m), .hang(let m), .leave(let m), .restart(let m), .pause(let m, _), .slow(let m, _):
            group.memberNumber(m) != nil
        case .addMember(let g), .strategy(let g, _): g == group.id
        case .rate, .pauseProducers, .resumeProducers: false
        }
    }
}
