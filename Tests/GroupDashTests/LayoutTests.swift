import GroupCore
import GroupSim
import Testing

@testable import GroupDash

@Suite struct LayoutTests {
    @Test func headerShowsScenarioTimeSpeedSeedRatesAndLagTrend() {
        var state = DashboardState(speed: 5)
        state.lagTrend = .rising
        let grid = Fixtures.render(state: state).grid
        let header = grid.text(row: 0) + "\n" + grid.text(row: 1)
        #expect(header.contains("scenario checkout-demo"))
        #expect(header.contains("time 00:01:23.4"))
        #expect(header.contains("speed ×5"))
        #expect(header.contains("seed 42"))
        #expect(header.contains("produce 1,200 msg/s"))
        #expect(header.contains("consume 1,150 msg/s"))
        #expect(header.contains("lag 3,456 ↑"))
    }

    @Test func aCrashedMemberShowsTheCountdownToItsDetection() throws {
        let grid = Fixtures.render(width: 160, height: 50).grid
        let row = try #require(Fixtures.row(containing: "crashed", in: grid))
        #expect(row.contains("billing-2"))
        #expect(row.contains("session expires in 6.2s"))
    }

    @Test func headerShowsPausedAndPausedProducersAndScenarioOverride() {
        var state = DashboardState(speed: 1, scenarioName: "my scenario")
        state.paused = true
        state.lagTrend = .falling
        let grid = Fixtures.render(Fixtures.snapshot(paused: true), state: state).grid
        let header = grid.text(row: 0) + "\n" + grid.text(row: 1)
        #expect(header.contains("PAUSED"))
        #expect(header.contains("producers paused"))
        #expect(header.contains("scenario my scenario"))
        #expect(header.contains("lag 3,456 ↓"))
    }

    @Test func topicRowsShowPartitionOffsetsOwnersLagAndTimeLag() throws {
        let grid = Fixtures.render().grid
        #expect(Fixtures.row(containing: "orders  4 partitions  200 msg/s", in: grid) != nil)
        let header = try #require(Fixtures.row(containing: "LOG-END", in: grid))
        #expect(header.contains("billing"))
        #expect(header.contains("analytics"))
        #expect(header.contains("CURRENT"))
        #expect(header.contains("LAG"))
        // orders-2: owned by billing-1 (lag 27, 2.7 s behind) and analytics-1 (lag 2).
        let row = try #require(Fixtures.row(containing: "12,347", in: grid))
        #expect(row.hasPrefix("   2 "))
        #expect(row.contains("billing-1"))
        #expect(row.contains("1,002"))
        #expect(row.contains(" 27 "))
        #expect(row.contains("2.7s"))
        #expect(row.contains("analytics-1"))
        // The hot partition is marked.
        #expect(try #require(Fixtures.row(containing: "12,346", in: grid)).hasPrefix("   1▲"))
        // Never committed → "-"; 45 s behind.
        let payments = try #require(
            (0..<grid.height).map { grid.text(row: $0) }.first { $0.hasPrefix("   0 ") && $0.contains(" 500 ") })
        #expect(payments.contains("billing-2"))
        #expect(payments.contains(" - "))
        #expect(payments.contains("45s"))
    }

    @Test func sparklineFollowsLagHistory() throws {
        let grid = Fixtures.render().grid
        let row = try #require(Fixtures.row(containing: "12,345", in: grid))
        #expect(row.contains("▁▂▃▄▅▆▇█"))
        let ascii = Fixtures.render(glyphs: .ascii).grid
        let asciiRow = try #require(Fixtures.row(containing: "12,345", in: ascii))
        #expect(asciiRow.contains("_.,-=+*#"))
        #expect(!ascii.text.unicodeScalars.contains { $0.value > 127 })
    }

    @Test func revokingAndUnassignedPartitionsAreMarked() throws {
        let snapshot = Fixtures.snapshot(ownership: [0: .revoking, 3: .unassigned])
        let grid = Fixtures.render(snapshot).grid
        let revoking = try #require(Fixtures.row(containing: "12,345", in: grid))
        #expect(revoking.contains("revoking"))
        let unassigned = try #require(Fixtures.row(containing: "12,348", in: grid))
        #expect(unassigned.contains("unassigned"))
        let y = try #require(Fixtures.rowIndex(containing: "12,348", in: grid))
        let x = try #require(unassigned.range(of: "unassigned")).lowerBound.utf16Offset(in: unassigned)
        #expect(grid[x: x, y: y].style.role == .danger)
    }

    @Test func groupsPaneShowsStateGenerationStrategyLeaderAndMembers() throws {
        let grid = Fixtures.render().grid
        let billing = try #require(Fixtures.row(containing: " billing  Stable", in: grid))
        #expect(billing.contains("gen 3"))
        #expect(billing.contains("strategy range"))
        #expect(billing.contains("leader billing-1"))
        let analytics = try #require(Fixtures.row(containing: " analytics  PreparingRebalance", in: grid))
        #expect(analytics.contains("sticky → cooperative-sticky"))
        let member = try #require(Fixtures.row(containing: "★ billing-1", in: grid))
        #expect(member.contains("stable"))
        #expect(member.contains(" 2 "))
        #expect(member.contains("orders-0 orders-2"))
        let header = try #require(Fixtures.row(containing: "MEMBER", in: grid))
        for column in ["STATE", "PARTS", "LAG", "RATE NOW/MAX", "PARTITIONS"] { #expect(header.contains(column)) }
        #expect(member.contains("95/100/s"))
        let crashed = try #require(Fixtures.row(containing: "billing-2   crashed", in: grid))
        #expect(crashed.contains("1,234,567"))
        #expect(Fixtures.row(containing: "analytics-1 joining", in: grid) != nil)
    }

    @Test func aHungMemberThatLeftShowsSoWithNoPartitions() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].members[1].status = .hungLeftGroup
        snapshot.groups[0].members[1].partitions = []
        let grid = Fixtures.render(snapshot, width: 160, height: 50).grid
        let row = try #require(Fixtures.row(containing: "billing-2   hung (left group)", in: grid))
        #expect(row.contains(" 0 "))
        // The status column widened for it: the other members' columns still line up.
        let other = try #require(Fixtures.row(containing: "★ billing-1", in: grid))
        #expect(other.firstRange(of: "95/100/s")?.lowerBound.utf16Offset(in: other) != nil)
    }

    @Test func wideCharactersTakeTwoColumnsAndNothingShifts() {
        var grid = CellGrid(width: 12, height: 1)
        #expect(grid.put("注文-1|", x: 0, y: 0) == 7)  // 注 and 文 two columns each
        #expect(grid.text(row: 0) == "注文-1|     ")
        var cut = CellGrid(width: 6, height: 1)
        #expect(cut.put("ab注x", x: 0, y: 0, maxWidth: 4, ellipsis: "…") == 4)
        #expect(cut.text(row: 0) == "ab …  ")  // no half of 注 left before the ellipsis
        #expect(DisplayWidth.of("🚀x") == 3)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // a combining accent takes no column
    }

    @Test func firstMemberOfFirstGroupIsSelectedAtStart() throws {
        let (grid, metrics) = Fixtures.render()
        #expect(metrics.selectedMember == "billing-1")
        let y = try #require(Fixtures.rowIndex(containing: "★ billing-1", in: grid))
        #expect(grid[x: 10, y: y].style.reverse)
        let other = try #require(Fixtures.rowIndex(containing: "billing-2   crashed", in: grid))
        #expect(!grid[x: 10, y: other].style.reverse)
    }

    @Test func eventsAreNewestFirstAndScroll() throws {
        let events = Fixtures.events(30)
        let grid = Fixtures.render(events: events).grid
        let newest = try #require(Fixtures.rowIndex(containing: "event number 29", in: grid))
        let older = try #require(Fixtures.rowIndex(containing: "event number 28", in: grid))
        #expect(newest < older)
        #expect(Fixtures.row(containing: "event number 29", in: grid)!.contains("rebalance.completed"))
        var state = DashboardState()
        state.eventsScroll = 5
        let scrolled = Fixtures.render(events: events, state: state).grid
        #expect(Fixtures.row(containing: "event number 29", in: scrolled) == nil)
        #expect(Fixtures.row(containing: "event number 24", in: scrolled) != nil)
    }

    @Test func tooSmallScreenSaysWhatItNeeds() {
        let grid = Fixtures.render(width: 40, height: 10).grid
        let text = grid.text
        #expect(text.contains("terminal too small:"))
        #expect(text.contains("need 60×15, have 40×10"))
        let wide = Fixtures.render(width: 59, height: 30).grid.text
        #expect(wide.contains("terminal too small: need 60×15, have 59×30"))
        let (ok, metrics) = Fixtures.render(width: 60, height: 15)
        #expect(!metrics.tooSmall)
        #expect(!ok.text.contains("too small"))
        #expect(Fixtures.render(width: 59, height: 30).metrics.tooSmall)
    }

    @Test func helpOverlayListsEveryKey() {
        var state = DashboardState()
        state.showHelp = true
        for (width, height) in [(160, 50), (120, 40)] {
            let text = Fixtures.render(state: state, width: width, height: height).grid.text
            for keys in [
                "↑/↓", "PgUp/PgDn", "Home/End", "Tab", "k ", "l ", "h ", "r ", "a ", "s ", "g ", "p ", "+/-", ">/<",
                "Space", "/ ", "o ", "?/F1", "q/F10",
            ] {
                #expect(text.contains(keys), "help at \(width)x\(height) lacks \(keys)")
            }
            #expect(text.contains("crash the selected member"))
        }
        // With room, every column and mark is explained.
        let text = Fixtures.render(state: state, width: 200, height: 60).grid.text
        for term in [
            "LOG-END-OFFSET", "CURRENT-OFFSET", "LAG", "BEHIND", "▲", "★", "↯", "revoking", "unassigned", "hung (left group)",
            "PARTS,", "POSITION",
        ] {
            #expect(text.contains(term + " "), "help lacks \(term)")
        }
        #expect(text.contains("LOG-END-OFFSET - CURRENT-OFFSET"))
    }

    @Test func keyBarShowsHelpAndQuitAtEverySize() {
        for width in [60, 80, 120, 250] {
            let grid = Fixtures.render(width: width, height: 24).grid
            let bar = grid.text(row: 23)
            #expect(bar.hasPrefix("F1Help"), "\(width): \(bar)")
            #expect(bar.contains("F10Quit"))
            if width >= 120 { #expect(bar.contains("kCra")) }
            if width >= 250 { #expect(bar.contains("kCrash")) }
        }
        // Narrower than every full label: labels shorten first, so every member key stays.
        let bar = Fixtures.render(width: 100, height: 24).grid.text(row: 23)
        for key in ["kCra", "lLea", "hHan", "rRes", "aAdd", "sStr", "gGC"] { #expect(bar.contains(key), "\(bar)") }
    }

    /// Monitor mode refuses every command class, broker mode the clock: the key bar leaves out what would only be
    /// refused, and keeps navigation, help and quit.
    @Test func keyBarLeavesOutKeysTheSourceRefuses() {
        var readOnly = DashboardState()
        readOnly.refusedCommandClasses = Set(CommandClass.allCases)
        let bar = Fixtures.render(state: readOnly, width: 250, height: 24).grid.text(row: 23)
        #expect(bar.hasPrefix("F1Help") && bar.contains("F10Quit") && bar.contains("/Filter"), "\(bar)")
        for gone in ["kCrash", "lLeave", "hHang", "aAdd", "sStrat", "pProd", "Speed", "Pause"] {
            #expect(!bar.contains(gone), "\(gone) in \(bar)")
        }
        var serving = DashboardState()
        serving.refusedCommandClasses = [.clock]
        let brokerBar = Fixtures.render(state: serving, width: 250, height: 24).grid.text(row: 23)
        #expect(brokerBar.contains("kCrash") && !brokerBar.contains("Pause"), "\(brokerBar)")
    }

    @Test func narrowTerminalsTruncateInsteadOfOverflowing() throws {
        let wide = String(repeating: "x", count: 200)
        var snapshot = Fixtures.snapshot()
        snapshot.scenarioName = wide
        for width in [60, 80] {
            let grid = Fixtures.render(snapshot, width: width, height: 24).grid
            #expect(grid.text(row: 0).hasSuffix("…"))
            // Owners and lag stay visible even when there is no room for every column.
            let row = try #require(Fixtures.row(containing: "12,347", in: grid))
            #expect(row.contains("billing-1"))
            #expect(row.contains("27"))
            #expect(row.count == width)
        }
    }

    @Test func widthDecidesColumnsAndLayout() throws {
        let small = Fixtures.render(width: 80, height: 24).grid
        #expect(Fixtures.row(containing: "CURRENT", in: small) == nil)
        let large = Fixtures.render(width: 250, height: 70).grid
        // Kafka's column names (kafka-consumer-groups.sh) when the width allows.
        let header = try #require(Fixtures.row(containing: "CURRENT-OFFSET", in: large))
        #expect(header.contains("LOG-END-OFFSET"))
        #expect(header.contains("LAG, LAST 60s"))
        // Side by side: groups and events share rows in a large terminal.
        let y = try #require(Fixtures.rowIndex(containing: "Groups", in: large))
        #expect(large.text(row: y).contains("Events"))
    }

    @Test func sortByLagOrdersPartitionsByLargestLag() throws {
        var state = DashboardState()
        state.sort = .byLag
        let grid = Fixtures.render(state: state).grid
        let p3 = try #require(Fixtures.rowIndex(containing: "12,348", in: grid))
        let p0 = try #require(Fixtures.rowIndex(containing: "12,345", in: grid))
        #expect(p3 < p0)
        #expect(grid.text.contains("sort: lag"))
    }

    @Test func topicsRenderOnlyVisibleRowsOfLargeTopics() throws {
        let snapshot = Fixtures.snapshot(ordersPartitions: 1000)
        var state = DashboardState()
        state.topicsScroll = 500
        let (grid, metrics) = Fixtures.render(snapshot, state: state)
        #expect(metrics.topicsRows == 2 + 1000 + 2 + 2)
        #expect(metrics.topicsScroll == 500)
        // Rows 500 and 501 (partitions 498, 499) lie under the topic's title and column header, kept on top.
        #expect(Fixtures.row(containing: "12,843", in: grid) == nil)
        #expect(Fixtures.row(containing: "12,845", in: grid) != nil)
        let top = try #require(Fixtures.rowIndex(containing: "Topics", in: grid))
        #expect(grid.text(row: top + 1).hasPrefix("orders  1,000 partitions"))
        #expect(grid.text(row: top + 2).contains("LOG-END"))
    }

    @Test func noColorAndAsciiLeaveOnlyPlainCharacters() {
        var state = DashboardState()
        state.showHelp = true
        let text = Fixtures.render(state: state, glyphs: .ascii).grid.text
        #expect(!text.unicodeScalars.contains { $0.value > 127 })
    }
}

@Suite struct AsciiFallbackTests {
    @Test func eventMessagesAreSpelledInAsciiWithoutUTF8() {
        var events = Fixtures.events(1)
        events[0].message = "orders-0 billing-1 → billing-2 (×2)"
        let text = Fixtures.render(events: events, glyphs: .ascii).grid.text
        #expect(text.contains("orders-0 billing-1 -> billing-2 (x2)"))
        let unicode = Fixtures.render(events: events, glyphs: .unicode).grid.text
        #expect(unicode.contains("billing-1 → billing-2"))
    }
}
