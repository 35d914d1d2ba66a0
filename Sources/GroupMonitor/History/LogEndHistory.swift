import GroupCore

/// When did a partition's log end reach each offset? Samples of (time, log-end offset) from successive refreshes,
/// kept only when the log end moved, so that a group's time lag can be estimated: the age of the moment the log end
/// stood where the group's committed offset stands now. Between two samples the log is assumed to have grown
/// evenly — an estimate, which is why the dashboard's help calls it one.
public struct LogEndHistory: Sendable {
    public struct Sample: Sendable, Equatable {
        public var time: Millis
        public var logEndOffset: Int64
    }

    /// Bounded: when full, every second sample of the older half is dropped, so old history thins out instead of
    /// disappearing and memory stays fixed per partition.
    public static let capacity = 64

    public private(set) var samples: [Sample] = []
    /// The latest time the log end was seen unchanged at the last sample's value: when it next moves, this becomes
    /// a sample too, so the growth is placed after it rather than spread over the whole quiet stretch.
    private var lastSeenUnchanged: Millis?

    public init() {}

    /// Records the log end seen at `time`. A log end that went down (a truncation, a recreated topic, or a broker
    /// answering nonsense) starts the history over: the old samples no longer describe this log.
    public mutating func record(time: Millis, logEndOffset: Int64) {
        if let last = samples.last {
            if time < last.time || logEndOffset < last.logEndOffset {
                samples.removeAll()
                lastSeenUnchanged = nil
            } else if logEndOffset == last.logEndOffset {
                lastSeenUnchanged = time
                return
            } else if let quietUntil = lastSeenUnchanged {
                append(Sample(time: quietUntil, logEndOffset: last.logEndOffset))
            }
        }
        lastSeenUnchanged = nil
        append(Sample(time: time, logEndOffset: logEndOffset))
    }

    private mutating func append(_ sample: Sample) {
        if samples.count == Self.capacity { thin() }
        samples.append(sample)
    }

    private mutating func thin() {
        let half = samples.count / 2
        var kept: [Sample] = []
        kept.reserveCapacity(Self.capacity)
        for (i, sample) in samples.enumerated() where i >= half || i % 2 == 0 { kept.append(sample) }
        samples = kept
    }

    /// How far behind the head `committedOffset` is at `now`, in milliseconds: the age of the record at the committed
    /// offset, which was appended when the log end first passed it. `atLeast` is set when the log end was already
    /// past it at the oldest sample, so the true lag is longer. Nil when there is no sample.
    public func timeLag(committedOffset: Int64, now: Millis) -> (millis: Millis, atLeast: Bool)? {
        guard let last = samples.last else { return nil }
        if committedOffset >= last.logEndOffset { return (0, false) }
        guard committedOffset >= samples[0].logEndOffset else {
            return (max(0, now - samples[0].time), true)
        }
        // The first sample whose log end is past the committed offset; the one before it is at or below it. A
        // consumer is usually near the head, so the search gallops back from the newest sample (1, 2, 4 … back)
        // and bisects only the last stretch: a refresh does this for ~100,000 (group, partition) pairs.
        var high = samples.count - 1
        var step = 1
        var low = high - step
        while low > 0 && samples[low].logEndOffset > committedOffset {
            high = low
            step *= 2
            low = max(0, high - step)
        }
        // samples[low] is at or below the committed offset (samples[0] is, checked above): the answer is past it.
        low += 1
        while low < high {
            let mid = (low + high) / 2
            if samples[mid].logEndOffset > committedOffset { high = mid } else { low = mid + 1 }
        }
        guard low > 0 else { return (max(0, now - samples[0].time), true) }
        return (Self.age(of: committedOffset, appendedBetween: samples[low - 1], and: samples[low], now: now), false)
    }

    /// The newest two samples (the older one nil with a single sample): a consumer near the head has its committed
    /// offset between them, which `MonitorModel` dates without reaching into every partition's history.
    public var newestStretch: (before: Sample?, after: Sample)? {
        guard let last = samples.last else { return nil }
        return (samples.count >= 2 ? samples[samples.count - 2] : nil, last)
    }

    /// The age at `now` of the record at `offset`, appended while the log end went from `before` to `after` (so
    /// `before.logEndOffset <= offset < after.logEndOffset`): it is number (offset − before + 1) of the records
    /// appended between the two samples, and spreading them evenly over the interval dates it.
    static func age(of offset: Int64, appendedBetween before: Sample, and after: Sample, now: Millis) -> Millis {
        let fraction = Double(offset - before.logEndOffset + 1) / Double(after.logEndOffset - before.logEndOffset)
        let appended = Double(before.time) + fraction * Double(after.time - before.time)
        let lag = Double(now) - appended
        return lag.isFinite && lag > 0 ? Millis(lag.rounded()) : 0
    }

    /// Messages per second over the last two samples, 0 with fewer than two or when they are older than `window`.
    public func rate(now: Millis, window: Millis) -> Double {
        guard samples.count >= 2 else { return 0 }
        let last = samples[samples.count - 1]
        let previous = samples[samples.count - 2]
        guard now - last.time <= window, last.time > previous.time else { return 0 }
        return Double(last.logEndOffset - previous.logEndOffset) * 1_000 / Double(last.time - previous.time)
    }
}
