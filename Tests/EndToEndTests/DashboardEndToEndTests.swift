import Foundation
import Testing

/// The real `groupscope` binary in tmux: the default scenario, `k`, resizing, quitting.
/// Skipped only when tmux is not installed (CI installs it).
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct DashboardEndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `.build/debug/groupscope`: this test target depends on the executable, so `swift test` builds it.
    static let binary = packageRoot.appendingPathComponent(".build/debug/groupscope").path

    /// Topics, groups and members of the built-in default scenario.
    static func showsDefaultScenario(_ screen: String) -> Bool {
        screen.contains("orders") && screen.contains("payments") && screen.contains("billing")
            && screen.range(of: #"billing-\d+"#, options: .regularExpression) != nil
    }

    @Test func defaultScenarioShowsTopicsGroupsAndMembersWithinASecond() throws {
        let binary = Self.binary
        let start = Date()
        let tmux = try Tmux(command: "'\(binary)'")
        let (screen, matched) = tmux.waitFor(timeout: 1.0, Self.showsDefaultScenario)
        #expect(matched, "after \(Date().timeIntervalSince(start)) s the screen was:\n\(screen)")
        #expect(screen.contains("GroupScope"))
        #expect(screen.contains("F1Help"))
    }

    @Test func crashingTheSelectedMemberLeadsToDetectionAndRebalance() throws {
        // A larger terminal gives the events pane room for the whole story.
        let tmux = try Tmux(command: "'\(Self.binary)' --speed 50", width: 200, height: 60)
        let ready = tmux.waitFor(timeout: 5, Self.showsDefaultScenario)
        try #require(ready.matched, "dashboard did not start:\n\(ready.screen)")
        tmux.send("k")
        let (screen, matched) = tmux.waitFor(timeout: 20, interval: 0.2) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            // Newest first: the expiry and the completed rebalance are listed above the crash.
            guard let crashed = lines.firstIndex(where: { $0.contains("member.crashed") }) else { return false }
            let above = lines[..<crashed]
            return above.contains { $0.contains("member.expired") } && above.contains { $0.contains("rebalance.completed") }
        }
        #expect(matched, "no detection and completed rebalance after k; screen:\n\(screen)")
    }

    @Test func tooSmallTerminalSaysSoAndRecovers() throws {
        let tmux = try Tmux(command: "'\(Self.binary)'")
        let ready = tmux.waitFor(timeout: 5, Self.showsDefaultScenario)
        try #require(ready.matched, "dashboard did not start:\n\(ready.screen)")
        tmux.resize(width: 40, height: 10)
        let small = tmux.waitFor(timeout: 3) { $0.contains("terminal too small") }
        #expect(small.matched, "at 40x10:\n\(small.screen)")
        #expect(small.screen.contains("have 40×10"))
        tmux.resize(width: 120, height: 40)
        let back = tmux.waitFor(timeout: 3) { !$0.contains("terminal too small") && Self.showsDefaultScenario($0) }
        #expect(back.matched, "back at 120x40:\n\(back.screen)")
    }

    @Test func quitExitsZeroAndLeavesTheTerminalUsable() throws {
        let tmux = try Tmux(command: "'\(Self.binary)'")
        let ready = tmux.waitFor(timeout: 5, Self.showsDefaultScenario)
        try #require(ready.matched, "dashboard did not start:\n\(ready.screen)")
        tmux.send("q")
        let (screen, matched) = tmux.waitFor(timeout: 3) { $0.contains("EXIT=") && $0.contains("TTY-") }
        #expect(matched, "after q:\n\(screen)")
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("TTY-RESTORED"))
        #expect(tmux.cursorVisible())
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let tmux = try Tmux(command: "'\(Self.binary)'")
        let ready = tmux.waitFor(timeout: 5, Self.showsDefaultScenario)
        try #require(ready.matched, "dashboard did not start:\n\(ready.screen)")
        tmux.send("C-c")
        let (screen, matched) = tmux.waitFor(timeout: 3) { $0.contains("EXIT=") && $0.contains("TTY-") }
        #expect(matched, "after Ctrl-C:\n\(screen)")
        #expect(screen.contains("EXIT=130"))
        #expect(screen.contains("TTY-RESTORED"))
        #expect(tmux.cursorVisible())
    }

    @Test func withoutATerminalItExitsTwoAndSuggestsSimulate() {
        let result = ProcessRunner.run([Self.binary])  // stdin /dev/null, stdout a file
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("groupscope simulate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
