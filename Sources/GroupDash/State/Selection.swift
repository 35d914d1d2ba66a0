import GroupSim

/// Which member is selected, resolved against what is visible now.
public enum Selection {
    /// The selected member's (group index, member index): the state's choice if it is visible,
    /// otherwise the first visible member (at start: the first member of the first group).
    public static func resolve(
        _ state: DashboardState, in view: FilteredView, snapshot: SimulationSnapshot
    ) -> (group: Int, member: Int)? {
        let members = view.members
        if let name = state.selectedMember,
            let found = members.first(where: { snapshot.groups[$0.group].members[$0.member].name == name })
        {
            return found
        }
        return members.first
    }

    /// The name of the member `offset` places from the current selection (clamped to the list).
    public static func moved(
        by offset: Int, from state: DashboardState, in view: FilteredView, snapshot: SimulationSnapshot
    ) -> String? {
        let members = view.members
        guard !members.isEmpty else { return nil }
        var index = 0
        if let current = resolve(state, in: view, snapshot: snapshot),
            let i = members.firstIndex(where: { $0 == current })
        {
            index = i
        }
        let target = min(max(index + offset, 0), members.count - 1)
        let m = members[target]
        return snapshot.groups[m.group].members[m.member].name
    }
}
