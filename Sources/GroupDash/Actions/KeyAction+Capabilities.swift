import GroupSim

extension KeyAction {
    /// The class of command this key sends, which a source may refuse as a whole (`SourceCapabilities`);
    /// nil for keys that only change the view.
    public var commandClass: CommandClass? {
        switch self {
        case .speedUp, .speedDown, .togglePause: .clock
        case .crash, .leave, .hang, .restart, .gcPause: .memberFault
        case .addMember, .cycleStrategy: .membership
        case .toggleProducers, .rateUp, .rateDown: .producers
        default: nil
        }
    }

    /// The fault this key injects on the selected member, if it is one.
    public var memberFault: MemberFault? {
        switch self {
        case .crash: .crash
        case .leave: .leave
        case .hang: .hang
        case .restart: .restart
        case .gcPause: .pause
        default: nil
        }
    }
}

extension SourceCapabilities {
    /// Why the source refuses `action` now (with `member` selected), or nil when it may go ahead.
    public func refusal(for action: KeyAction, member: MemberView?) -> String? {
        guard let commandClass = action.commandClass else { return nil }
        if let fault = action.memberFault, let member { return refusal(for: fault, on: member) }
        return refusal(for: commandClass)
    }
}
