import Foundation
import Testing

/// The real `groupscope` binary in tmux: the default scenario, `k`, resizing, quitting.
/// Without tmux these skip with a message, except in CI (env CI set), where they fail.
/// Deadlines are generous (a debug binary on a busy 2-core machine); none of them measures speed.
@Suite(.serialized, .enabled(if: Tmux.shouldRun, Comment(rawValue: Tmux.skipReason)))
struct DashboardEndToEndTests {
    static let startup: Double = 30
    static let packageRoot = Tmux.packageRoot
    /// The built `groupscope` (from `swift build --show-bin-path`), for the other end-to-end suites.
    static let binary = (Tmux.binPath ?? packageRoot.appendingPathComponent(".build/debug").path) + "/groupscope"

    /// Topics, groups and members of the built-in default scenario.
    static func showsDefaultScenario(_ screen: String) -> Bool {
        screen.contains("orders") && screen.contains("payments") && screen.contains("billing")
            && screen.range(of: #"billing-\d+"#, options: .regularExpression) != nil
    }

    /// Starts the binary with `arguments` in a fresh tmux and waits until the default scenario shows.
    static func start(_ arguments: String = "", width: Int = 120, height: Int = 40) throws -> Tmux {
        try Tmux.requireAvailable()
        let tmux = try Tmux(command: "'\(try Tmux.binary())' \(arguments)", width: width, height: height)
        let ready = tmux.waitFor(timeout: startup, interval: 0.1, showsDefaultScenario)
        try #require(ready.matched, "dashboard did not start:\n\(ready.screen)")
        return tmux
    }

    @Test func defaultScenarioShowsTopicsGroupsAndMembers() throws {
        let tmux = try Self.start()
        let screen = tmux.capture()
        #expect(screen.contains("GroupScope"))
        #expect(screen.contains("F1Help"))
    }

    /// `k` on the selected member (billing-1, the first member of the first group): the coordinator expires
    /// that member — not another — and the cooperative-sticky group moves exactly the partitions it owned
    /// (Kafka's CooperativeStickyAssignor keeps every live member's partitions).
    @Test func crashingTheSelectedMemberExpiresItAndMovesItsPartitions() throws {
        // Stacked layout (narrower than 140 columns) and tall: the events pane spans the width.
        let tmux = try Self.start("--speed 20", width: 130, height: 70)
        let settled = tmux.waitFor(timeout: 60, interval: 0.2) { screen in
            let owned = ScreenText.partitions(of: "billing-1", in: screen)
            return !owned.isEmpty && ScreenText.groupRow("billing", in: screen)?.contains("Stable") == true
                && screen.contains("selected: billing-1")
        }
        try #require(settled.matched, "billing-1 never owned partitions in a stable group:\n\(settled.screen)")
        let owned = ScreenText.partitions(of: "billing-1", in: settled.screen)
        tmux.send("k")
        let (screen, matched) = tmux.waitFor(timeout: 60, interval: 0.2) { screen in
            let events = ScreenText.events(in: screen)
            guard let crashed = events.firstIndex(where: { $0.contains("member.crashed") }) else { return false }
            return events[..<crashed].contains { $0.contains("rebalance.completed") && $0.contains("billing:") }
        }
        try #require(matched, "no completed rebalance of billing after k; screen:\n\(screen)")
        let events = ScreenText.events(in: screen)
        let crashedIndex = try #require(events.firstIndex { $0.contains("member.crashed") })
        #expect(events[crashedIndex].contains("billing-1 crashed"), "\(events[crashedIndex])")
        let newer = events[..<crashedIndex]
        let expired = newer.filter { $0.contains("member.expired") }
        #expect(expired.count == 1, "\(expired)")
        #expect(expired.allSatisfy { $0.contains("from billing-1 ") }, "\(expired)")
        let completed = try #require(newer.last { $0.contains("rebalance.completed") && $0.contains("billing:") })
        let moves = ScreenText.moves(in: completed)
        #expect(Set(moves.map(\.partition)) == owned, "moved \(moves) but billing-1 owned \(owned.sorted())")
        #expect(moves.allSatisfy { $0.from == "billing-1" && $0.to != "billing-1" }, "\(moves)")
    }

    /// The large scenario (10,000 partitions, 20 groups × 20 members, 1,000,000 msg/s) at ×100: more than a debug
    /// build can simulate, so the header admits the real speed, and `q` still ends it (the loop reads keys between
    /// bounded simulation slices). The deadline only guards against a freeze; speed is measured by groupscope-bench.
    @Test func theLargeScenarioStaysResponsiveAndSaysHowFastItReallyRuns() throws {
        try Tmux.requireAvailable()
        let scenario = Tmux.packageRoot.appendingPathComponent("demo/load/large.yaml").path
        let tmux = try Tmux(command: "'\(try Tmux.binary())' --scenario '\(scenario)' --speed 100", width: 160, height: 50)
        let running = tmux.waitFor(timeout: Self.startup, interval: 0.2) { $0.contains("speed ×100 (running ×") }
        try #require(running.matched, "no 'running ×' in the header:\n\(running.screen)")
        tmux.send("q")
        let (screen, matched) = tmux.waitFor(timeout: 10) { $0.contains("EXIT=") && $0.contains("TTY-") }
        #expect(matched, "after q:\n\(screen)")
        #expect(screen.contains("EXIT=0"))
    }

    @Test func tooSmallTerminalSaysSoAndRecovers() throws {
        let tmux = try Self.start()
        tmux.resize(width: 40, height: 10)
        let small = tmux.waitFor(timeout: 10) { $0.contains("terminal too small") }
        #expect(small.matched, "at 40x10:\n\(small.screen)")
        #expect(small.screen.contains("have 40×10"))
        tmux.resize(width: 120, height: 40)
        let back = tmux.waitFor(timeout: 10) { !$0.contains("terminal too small") && Self.showsDefaultScenario($0) }
        #expect(back.matched, "back at 120x40:\n\(back.screen)")
    }

    @Test func quitExitsZeroAndLeavesTheTerminalUsable() throws {
        let tmux = try Self.start()
        tmux.send("q")
        let (screen, matched) = tmux.waitFor(timeout: 10) { $0.contains("EXIT=") && $0.contains("TTY-") }
        #expect(matched, "after q:\n\(screen)")
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("TTY-RESTORED"))
        #expect(tmux.cursorVisible())
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let tmux = try Self.start()
        tmux.send("C-c")
        let (screen, matched) = tmux.waitFor(timeout: 10) { $0.contains("EXIT=") && $0.contains("TTY-") }
        #expect(matched, "after Ctrl-C:\n\(screen)")
        #expect(screen.contains("EXIT=130"))
        #expect(screen.contains("TTY-RESTORED"))
        #expect(tmux.cursorVisible())
    }

    @Test func dumbTerminalExitsTwoWithTheHeadlessHint() throws {
        try Tmux.requireAvailable()
        let tmux = try Tmux(command: "TERM=dumb '\(try Tmux.binary())' 2>err.txt; s=$?; cat err.txt; (exit $s)")
        let (screen, matched) = tmux.waitFor(timeout: Self.startup) { $0.contains("EXIT=") }
        #expect(matched, "\(screen)")
        #expect(screen.contains("EXIT=2"), "\(screen)")
        let message = screen.replacingOccurrences(of: "\n", with: "")  // the shell wraps the one line
        #expect(message.contains("TERM=dumb"), "\(screen)")
        #expect(message.contains("groupscope simulate"), "\(screen)")
    }

    @Test func withoutATerminalItExitsTwoAndSuggestsSimulate() throws {
        let result = ProcessRunner.run([try Tmux.binary()])  // stdin /dev/null, stdout a file
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("groupscope simulate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

/// Reading the dashboard's panes back from a tmux capture.
enum ScreenText {
    /// The rows between the pane title containing `start` and the next pane title (or the status line).
    static func pane(_ name: String, in screen: String) -> [Substring] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let top = lines.firstIndex(where: { $0.hasPrefix("─ \(name) ") || $0.hasPrefix("- \(name) ") }) else {
            return []
        }
        var rows: [Substring] = []
        for line in lines[(top + 1)...] {
            if line.hasPrefix("─ ") || line.hasPrefix("- ") { break }
            rows.append(line)
        }
        return rows
    }

    /// The group's own row in the groups pane.
    static func groupRow(_ group: String, in screen: String) -> Substring? {
        pane("Groups", in: screen).first { $0.hasPrefix(" \(group) ") }
    }

    /// The partitions the member's row in the groups pane lists (`orders-0 payments-3` …).
    static func partitions(of member: String, in screen: String) -> Set<String> {
        let rows = pane("Groups", in: screen).map { $0.split(separator: " ").map(String.init) }
        // A member row starts with its name, after the leader's ★ (* in ASCII) and a real client's ⇄ (@ in ASCII);
        // the group row names its leader later on.
        let marks: Set<Character> = ["★", "*", "⇄", "@"]
        func name(_ token: String) -> String { String(token.drop(while: { marks.contains($0) })) }
        guard let tokens = rows.first(where: { $0.map(name).first(where: { !$0.isEmpty }) == member }) else {
            return []
        }
        return Set(tokens.filter { $0.range(of: #"^(orders|payments)-\d+$"#, options: .regularExpression) != nil })
    }

    /// The events pane's events, newest first, each with its wrapped lines joined.
    static func events(in screen: String) -> [String] {
        var events: [String] = []
        for row in pane("Events", in: screen) {
            if row.range(of: #"^ (\d+:)?\d\d:\d\d\.\d "#, options: .regularExpression) != nil {
                events.append(String(row))
            } else if !events.isEmpty, !row.trimmingCharacters(in: .whitespaces).isEmpty {
                events[events.count - 1] += " " + row.trimmingCharacters(in: .whitespaces)
            }
        }
        return events
    }

    /// The `moved` list of a `rebalance.completed` message: `orders-0 billing-1→billing-2`.
    static func moves(in event: String) -> [(partition: String, from: String, to: String)] {
        guard let moved = event.range(of: "moved ") else { return [] }
        let text = event[moved.upperBound...]
        let pattern = try! NSRegularExpression(pattern: #"((?:orders|payments)-\d+) ([^\s,→]+)→([^\s,;)]+)"#)
        let ns = String(text) as NSString
        return pattern.matches(in: String(text), range: NSRange(location: 0, length: ns.length)).map { m in
            (ns.substring(with: m.range(at: 1)), ns.substring(with: m.range(at: 2)), ns.substring(with: m.range(at: 3)))
        }
    }
}
