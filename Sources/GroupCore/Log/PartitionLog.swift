/// One partition's log as counters: log-start and log-end offsets, plus a bounded history of
/// when offsets were appended, enough to say how far behind in time an offset is.
/// Costs O(1) memory per partition whatever the number of records ever appended.
public struct PartitionLog: Sendable {
    /// The first offset still readable (advanced by retention).
    public private(set) var logStartOffset: Int64 = 0
    /// The offset the next appended record gets (LEO).
    public private(set) var logEndOffset: Int64 = 0
    /// (first offset appended in a time bucket, time of that append), oldest first.
    private var marks = TimeMarkRing(capacity: PartitionLog.markCapacity)

    /// One mark per second for ten minutes: time lag is exact to the second for anything that recent,
    /// and a lower bound for older offsets.
    static let markCapacity = 600
    static let markGranularityMs: Millis = 1_000

    public init() {}

    public mutating func append(count: Int64, at time: Millis) {
        guard count > 0 else { return }
        if let last = marks.last, time - last.time < Self.markGranularityMs {
            // Same bucket: the records share the bucket's first timestamp (error < 1 s).
        } else {
            marks.append(TimeMark(offset: logEndOffset, time: time))
        }
        logEndOffset += count
    }

    /// The append time of the record at `offset`, nil if the offset is not in the log.
    public func appendTime(of offset: Int64) -> Millis? {
        guard offset >= logStartOffset, offset < logEndOffset, let oldest = marks.first else { return nil }
        guard offset >= oldest.offset else { return oldest.time }
        return marks.lastMark(atOrBefore: offset)?.time
    }

    /// How many milliseconds behind the head a consumer at `position` (the next offset to read) is:
    /// now minus the append time of the first record it has not read; 0 when caught up.
    public func timeLag(position: Int64, now: Millis) -> Millis {
        guard position < logEndOffset else { return 0 }
        guard let appended = appendTime(of: max(position, logStartOffset)) else { return 0 }
        return max(0, now - appended)
    }

    /// Deletes records older than `retentionMs` or beyond the newest `retentionMessages`,
    /// advancing the log-start offset. Returns how many records were deleted.
    @discardableResult
    public mutating func applyRetention(now: Millis, retentionMs: Millis?, retentionMessages: Int64?) -> Int64 {
        var newStart = logStartOffset
        if let retentionMessages { newStart = max(newStart, logEndOffset - retentionMessages) }
        if let retentionMs {
            // Everything appended in buckets that ended before the cutoff goes.
            let cutoff = now - retentionMs
            var keepFrom = newStart
            marks.forEach { mark, next in
                if mark.time < cutoff { keepFrom = max(keepFrom, next?.offset ?? logEndOffset) }
            }
            if let last = marks.last, last.time < cutoff - Self.markGranularityMs { keepFrom = logEndOffset }
            newStart = max(newStart, keepFrom)
        }
        newStart = min(newStart, logEndOffset)
        let deleted = newStart - logStartOffset
        logStartOffset = newStart
        return deleted
    }
}

struct TimeMark: Sendable, Equatable {
    var offset: Int64
    var time: Millis
}

/// A fixed-capacity ring of time marks, oldest first, with binary search by offset.
struct TimeMarkRing: Sendable {
    private var storage: [TimeMark] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { storage.count }
    private func at(_ i: Int) -> TimeMark { storage[(head + i) % storage.count] }
    var first: TimeMark? { storage.isEmpty ? nil : at(0) }
    var last: TimeMark? { storage.isEmpty ? nil : at(storage.count - 1) }

    mutating func append(_ mark: TimeMark) {
        if storage.count < capacity {
            storage.append(mark)
        } else {
            storage[head] = mark
            head = (head + 1) % capacity
        }
    }

    /// The newest mark whose offset is ≤ `offset`.
    func lastMark(atOrBefore offset: Int64) -> TimeMark? {
        var low = 0, high = storage.count - 1, found: TimeMark?
        while low <= high {
            let mid = (low + high) / 2
            let mark = at(mid)
            if mark.offset <= offset { found = mark; low = mid + 1 } else { high = mid - 1 }
        }
        return found
    }

    /// Visits each mark with the one after it.
    func forEach(_ body: (TimeMark, TimeMark?) -> Void) {
        for i in 0..<storage.count { body(at(i), i + 1 < storage.count ? at(i + 1) : nil) }
    }
}
