import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// Broker mode mixes real clients with simulated members: the screens must tell them apart, show the source's refusal
/// reasons in full, and say where the broker listens (issue 11).
@Suite struct BrokerModeViewTests {
    /// The fixture with `billing-2` replaced by a real client, as `kafka-consumer-groups.sh --describe --members` would
    /// list it: CLIENT-ID `realapp`, HOST `/127.0.0.1`.
    static func snapshotWithRealMember() -> SimulationSnapshot {
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].members[1] = MemberView(
            name: "realapp-1", memberId: "realapp-1-4f2c", groupInstanceId: nil, status: .stable,
            partitions: [TopicPartition("orders", 1)], lag: 12, processingRate: 0, consumeRate: 3, isLeader: false,
            clientId: "realapp", host: "/127.0.0.1", isExternal: true)
        return snapshot
    }

    @Test func realMemberRowCarriesTheExternalMarkWithItsClientIdAndHost() throws {
        for glyphs in [Glyphs.unicode, .ascii] {
            let grid = Fixtures.render(Self.snapshotWithRealMember(), width: 160, height: 40, glyphs: glyphs).grid
            let mark = String(glyphs.external)
            let real = try #require(Fixtures.row(containing: "realapp-1 ", in: grid))
            let markAt = try #require(real.firstIndex(of: Character(mark)))
            #expect(markAt < real.firstRange(of: "realapp-1")!.lowerBound, "the mark precedes the name: \(real)")
            #expect(real.contains(mark + " realapp /127.0.0.1"), "\(real)")
            for simulated in ["billing-1 ", "analytics-1 "] {
                let row = try #require(Fixtures.row(containing: simulated, in: grid))
                #expect(!row.contains(mark), "\(simulated) is simulated: \(row)")
                #expect(!row.contains("/sim"))
            }
        }
    }

    @Test func realMemberMarkSurvivesANarrowPaneWithoutItsClientId() throws {
        let grid = Fixtures.render(Self.snapshotWithRealMember(), width: 80, height: 30).grid
        let real = try #require(Fixtures.row(containing: "realapp-1", in: grid))
        #expect(real.contains("⇄"), "\(real)")
    }

    @Test func helpExplainsTheExternalMark() {
        var state = DashboardState()
        state.showHelp = true
        let text = Fixtures.render(state: state, width: 200, height: 60).grid.text
        #expect(text.contains("⇄ "))
        #expect(text.contains("a real Kafka client, not simulated"))
    }

    /// Broker mode's two refusals (BrokerSource.capabilities) at 80 columns: the reason shows in full, the selection
    /// text gives way; a short message leaves room for the selection.
    @Test func statusMessageTakesPriorityOverTheSelectionAt80Columns() throws {
        for message in [
            "realapp-1 is a real client: only k applies (drops its connections)",
            "broker mode: the clock follows the wall clock; speed and pause are off",
        ] {
            var state = DashboardState()
            state.selectedMember = "billing-1"
            state.status = StatusMessage(message, isError: true)
            let grid = Fixtures.render(state: state, width: 80, height: 24).grid
            let statusRow = grid.text(row: 22)
            #expect(statusRow.contains(message), "\(statusRow)")
        }
        var state = DashboardState()
        state.selectedMember = "billing-1"
        state.status = StatusMessage("speed ×2")
        let statusRow = Fixtures.render(state: state, width: 80, height: 24).grid.text(row: 22)
        #expect(statusRow.contains("speed ×2"))
        #expect(statusRow.contains("selected: billing-1  focus: groups"), "\(statusRow)")
    }

    @Test func selectionTextIsCutBeforeTheMessage() throws {
        var state = DashboardState()
        state.selectedMember = "billing-1"
        let message = "realapp-1 is a real client: only k applies"
        state.status = StatusMessage(message, isError: true)
        let statusRow = Fixtures.render(state: state, width: 80, height: 24).grid.text(row: 22)
        #expect(statusRow.contains(message))
        #expect(statusRow.contains("selected: billing-1  focus: gr…"), "\(statusRow)")
    }

    /// A topic a real client created has no simulated producer: no "(producer paused)", its real producers' rate.
    @Test func topicARealClientCreatedSaysRealProducers() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.topics[1].isExternal = true
        snapshot.topics[1].producing = false
        let grid = Fixtures.render(snapshot, width: 160, height: 40).grid
        let row = try #require(Fixtures.row(containing: "payments  ", in: grid))
        #expect(row.contains("80 msg/s (real producers)"), "\(row)")
        #expect(!grid.text.contains("producer paused"))
    }

    /// `--listen 0`: the header names the address the system picked, at 80 columns too.
    @Test func headerShowsWhereTheBrokerListens() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.listeningOn = "127.0.0.1:54321"
        for width in [80, 160] {
            let header = Fixtures.render(snapshot, width: width, height: 24).grid.text(row: 0)
            #expect(header.contains("listening on 127.0.0.1:54321"), "\(header)")
        }
        #expect(!Fixtures.render(width: 160, height: 24).grid.text(row: 0).contains("listening on"))
    }
}
