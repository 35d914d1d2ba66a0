import DequeModule

/// One partition's log as counters: log-start and log-end offsets, plus a bounded history of
/// when offsets were appended, enough to say how far behind in time an offset is.
/// Costs O(1) memory per partition whatever the number of records ever appended.
public struct PartitionLog: Sendable {
    /// The first offset still readable (advanced by retention).
    public private(set) var logStartOffset: Int64 = 0
    /// The offset the next appended record gets (LEO).
    public private(set) var logEndOffset: Int64 = 0
    /// (first offset appended in a time bucket, time of that append), oldest first; at most `markCapacity`.
    private(set) var marks = Deque<TimeMark>()

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
            if marks.count == Self.markCapacity { marks.removeFirst() }
            marks.append(TimeMark(offset: logEndOffset, time: time))
        }
        // A log at Long.MAX takes no more offsets (Kafka could not assign them either); it pins instead of trapping.
        logEndOffset = logEndOffset.addingSaturating(count)
    }

    /// The append time of the record at `offset`, nil if the offset is not in the log.
    public func appendTime(of offset: Int64) -> Millis? {
        guard offset >= logStartOffset, offset < logEndOffset, let oldest = marks.first else { return nil }
        guard offset >= oldest.offset else { return oldest.time }
        // Binary search for the newest mark whose offset is ≤ `offset` (marks ascend by offset).
        var low = marks.startIndex, high = marks.endIndex
        while low < high {
            let mid = (low + high) / 2
            if marks[mid].offset <= offset { low = mid + 1 } else { high = mid }
        }
        return low > marks.startIndex ? marks[low - 1].time : nil
    }

    /// Where a group with this committed offset resumes: the committed offset, or the log start when nothing is
    /// committed or retention deleted past it.
    public func resumePosition(committed: Int64?) -> Int64 { max(committed ?? logStartOffset, logStartOffset) }

    /// kafka-consumer-groups' LAG: LOG-END-OFFSET − CURRENT-OFFSET, nil (printed `-`) when nothing is committed
    /// (ConsumerGroupCommand.getLag). Not clamped: a commit below the log start shows a lag above the log's size.
    public func consumerLag(committed: Int64?) -> Int64? {
        Self.consumerLag(logEndOffset: logEndOffset, committed: committed)
    }

    /// The one LAG formula, for any log end (the simulation's logs, a real cluster's ListOffsets): as
    /// ConsumerGroupCommand.getLag, nil without a commit or with Kafka's "no offset" -1. Where Java's long subtraction
    /// would wrap (a commit near Long.MIN from a hostile client), the lag pins at the bound instead.
    public static func consumerLag(logEndOffset: Int64, committed: Int64?) -> Int64? {
        guard let committed, committed != -1 else { return nil }
        return logEndOffset.subtractingSaturating(committed)
    }

    /// Records still to consume from where the group would resume (the committed offset, else the log start, as
    /// auto.offset.reset=earliest does): what group totals and gauges add up, never negative.
    public func backlog(committed: Int64?) -> Int64 { max(0, logEndOffset - resumePosition(committed: committed)) }

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
            // Kafka deletes a segment when now − its newest timestamp > retention.ms (UnifiedLog
            // .deleteRetentionMsBreachedSegments); retention.ms = Long.MAX therefore keeps everything forever, and so
            // does the pinned cutoff here.
            let cutoff = now.subtractingSaturating(retentionMs)
            var keepFrom = newStart
            for i in marks.indices where marks[i].time < cutoff {
                keepFrom = max(keepFrom, i + 1 < marks.endIndex ? marks[i + 1].offset : logEndOffset)
            }
            if let last = marks.last, last.time < cutoff.subtractingSaturating(Self.markGranularityMs) {
                keepFrom = logEndOffset
            }
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
