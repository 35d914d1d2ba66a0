import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// The dispatcher asks the source what it accepts before sending anything: broker mode (the clock follows the wall
/// clock; a real member can only be crashed) and monitor mode (read-only) refuse keys with the source's reason.
@Suite struct CapabilityTests {
    static let brokerLike = SourceCapabilities(
        refusedClasses: [.clock: "broker mode: the clock follows the wall clock (×1)"],
        externalMemberFaults: [.crash])

    func dispatcher(_ capabilities: SourceCapabilities, external: Bool = false) -> (ActionDispatcher, FakeSource) {
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].members[0].isExternal = external
        let source = FakeSource(snapshot)
        source.capabilities = capabilities
        return (ActionDispatcher(source: source, state: DashboardState()), source)
    }

    @Test func readOnlySourceRefusesEveryCommandKeyWithItsReasonAndSendsNothing() {
        let (d, source) = dispatcher(.readOnly("the cluster is real and read-only"))
        for key in ["k", "l", "h", "r", "g", "a", "s", "p", "+", "-", ">", "<", " "] {
            _ = d.handle(.char(Character(key)), snapshot: source.current)
            #expect(d.state.status == StatusMessage("the cluster is real and read-only", isError: true), "key \(key)")
        }
        #expect(source.applied.isEmpty)
        #expect(d.state.speed == 1)
        #expect(!d.state.paused)
    }

    @Test func readOnlySourceStillNavigatesFiltersSortsAndQuits() {
        let (d, source) = dispatcher(.readOnly())
        _ = d.handle(.down, snapshot: source.current)
        #expect(d.state.selectedMember == "billing-2")
        _ = d.handle(.char("o"), snapshot: source.current)
        #expect(d.state.sort == .byLag)
        _ = d.handle(.char("?"), snapshot: source.current)
        #expect(d.state.showHelp)
        _ = d.handle(.escape, snapshot: source.current)
        #expect(d.handle(.char("q"), snapshot: source.current) == .quit)
    }

    @Test func brokerModeRefusesSpeedAndPauseButNotMemberKeysOnSimulatedMembers() {
        let (d, source) = dispatcher(Self.brokerLike)
        _ = d.handle(.char(">"), snapshot: source.current)
        #expect(d.state.speed == 1)
        #expect(d.state.status?.text == "broker mode: the clock follows the wall clock (×1)")
        _ = d.handle(.char(" "), snapshot: source.current)
        #expect(!d.state.paused)
        _ = d.handle(.char("h"), snapshot: source.current)
        #expect(source.applied == [.hang(member: "billing-1")])
    }

    @Test func externalMemberAcceptsOnlyTheAllowedFault() {
        let (d, source) = dispatcher(Self.brokerLike, external: true)
        _ = d.handle(.char("l"), snapshot: source.current)
        #expect(source.applied.isEmpty)
        #expect(d.state.status?.isError == true)
        #expect(d.state.status?.text.hasPrefix("billing-1 is a real client") == true)
        _ = d.handle(.char("k"), snapshot: source.current)
        #expect(source.applied == [.crash(member: "billing-1")])
    }
}
