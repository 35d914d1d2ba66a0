import GroupCore
import GroupSim

/// `Enter` on a member: what `kafka-consumer-groups.sh --describe --members --verbose` shows of it, plus what only
/// GroupScope knows (state, generation, deadlines, positions, its own recent events). Esc returns.
enum MemberDetailRenderer {
    static func draw(
        snapshot: SimulationSnapshot, member name: String?, events: [SimEvent], rect: Rect, glyphs: Glyphs,
        grid: inout CellGrid
    ) {
        guard let name, let (group, member) = find(name, in: snapshot) else {
            PaneTitle.draw("Member", info: "", in: rect, focused: true, glyphs: glyphs, grid: &grid)
            grid.put("no such member", x: rect.x + 1, y: rect.y + 1, style: .dim)
            return
        }
        PaneTitle.draw(
            "Member \(member.name)", info: "group \(group.id)  Esc returns", in: rect, focused: true, glyphs: glyphs,
            grid: &grid)
        var y = rect.y + 1
        let maxX = rect.maxX
        func line(_ fields: [(String, String)]) {
            guard y < rect.maxY else { return }
            var w = SegmentWriter(y: y, x: rect.x + 1, maxX: maxX, glyphs: glyphs)
            for (i, field) in fields.enumerated() { w.field(field.0, field.1, grid: &grid, first: i == 0) }
            y += 1
        }
        line([
            ("CONSUMER-ID", member.memberId.isEmpty ? "-" : member.memberId), ("HOST", member.host.isEmpty ? "-" : member.host),
            ("CLIENT-ID", member.clientId.isEmpty ? "-" : member.clientId),
        ])
        line([
            ("group.instance.id", member.groupInstanceId ?? "-"), ("generation", member.generation.map(String.init) ?? "-"),
            ("state", member.status.rawValue), ("leader", member.isLeader ? "yes" : "no"),
            ("kind", member.isExternal ? "real client" : "simulated"),
        ])
        line([
            ("session expires in", member.sessionExpiresInMs.map(Formatting.lagTime) ?? "-"),
            ("poll timeout in", member.pollTimeoutInMs.map(Formatting.lagTime) ?? "-"),
            ("processing", Formatting.rate(member.consumeRate) + " of " + Formatting.rate(member.processingRate) + " msg/s"),
        ])
        if let error = member.error, y < rect.maxY {
            grid.put("error: " + error, x: rect.x + 1, y: y, maxWidth: rect.width - 2, style: CellStyle(.danger, bold: true))
            y += 1
        }
        y += 1
        // The partitions, in kafka-consumer-groups.sh's column names.
        let columns: [(String, Int)] = [
            ("TOPIC", 16), ("PARTITION", 9), ("POSITION", 14), ("CURRENT-OFFSET", 14), ("LOG-END-OFFSET", 14), ("LAG", 10),
            ("BEHIND", 7),
        ]
        var notes: [String] = []
        if y < rect.maxY {
            var x = rect.x + 1
            for (i, (title, width)) in columns.enumerated() {
                if i < 2 {
                    grid.put(title, x: x, y: y, maxWidth: width, style: .label)
                } else {
                    grid.putRight(title, right: x + width, y: y, width: width, style: .label)
                }
                x += width + 1
            }
            y += 1
        }
        for tp in member.partitions {
            guard y < rect.maxY - 2 else { break }
            guard let topic = snapshot.topics.first(where: { $0.name == tp.topic }),
                let partition = topic.partitions.first(where: { $0.partition == tp.partition }),
                let view = partition.groups.first(where: { $0.groupId == group.id })
            else { continue }
            let below = TopicsPaneRenderer.isBelowLogStart(view, partition)
            if below, let committed = view.committedOffset {
                notes.append(
                    "\(glyphs.belowLogStart) \(tp): committed offset \(Formatting.grouped(committed)) is below the log start "
                        + "\(Formatting.grouped(partition.logStartOffset)): retention deleted "
                        + "\(Formatting.grouped(partition.logStartOffset - committed)) records the group never read")
            }
            let values: [String] = [
                tp.topic, String(tp.partition), view.position.map(Formatting.grouped) ?? "-",
                view.committedOffset.map(Formatting.grouped) ?? "-", Formatting.grouped(partition.logEndOffset),
                view.lag.map { (below ? String(glyphs.belowLogStart) : "") + Formatting.grouped($0) } ?? "-",
                TopicsPaneRenderer.behind(view, glyphs: glyphs),
            ]
            var x = rect.x + 1
            for (i, (value, column)) in zip(values, columns).enumerated() {
                if i < 2 {
                    grid.put(value, x: x, y: y, maxWidth: column.1, ellipsis: glyphs.ellipsis)
                } else {
                    grid.putRight(value, right: x + column.1, y: y, width: column.1)
                }
                x += column.1 + 1
            }
            y += 1
        }
        if member.partitions.isEmpty && y < rect.maxY {
            grid.put("owns no partitions", x: rect.x + 1, y: y, style: .dim)
            y += 1
        }
        for note in notes where y < rect.maxY {
            grid.put(note, x: rect.x + 1, y: y, maxWidth: rect.width - 2, style: CellStyle(.danger), ellipsis: glyphs.ellipsis)
            y += 1
        }
        y += 1
        guard y < rect.maxY else { return }
        grid.put("Its recent events", x: rect.x + 1, y: y, style: CellStyle(.title, bold: true))
        y += 1
        let own = events.reversed().filter { mentions($0, member.name) }
        for event in own where y < rect.maxY {
            var x = rect.x + 1
            x += grid.put(Formatting.eventTime(event.time), x: x, y: y, style: .label) + 1
            x += grid.put(event.type, x: x, y: y, maxWidth: 20, style: CellStyle(EventsPaneRenderer.role(for: event.type)))
            grid.put(
                glyphs.displayable(event.message), x: rect.x + 31, y: y, maxWidth: max(0, maxX - rect.x - 32),
                ellipsis: glyphs.ellipsis)
            y += 1
        }
    }

    static func find(_ name: String, in snapshot: SimulationSnapshot) -> (GroupView, MemberView)? {
        for group in snapshot.groups {
            if let member = group.members.first(where: { $0.name == name }) { return (group, member) }
        }
        return nil
    }

    /// The event names the member as a whole word (`billing-1`, not `billing-10`).
    static func mentions(_ event: SimEvent, _ name: String) -> Bool {
        var rest = Substring(event.message)
        while let range = rest.range(of: name) {
            let after = rest[range.upperBound...].first
            if after == nil || !(after!.isNumber || after!.isLetter) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
