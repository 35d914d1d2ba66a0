import GroupCore

/// The bounds every scenario, command and key press stays within. Each exists so that no input can trap
/// (overflow, Double→Int) or make the simulation allocate or loop without bound; the loader, the `rate` and
/// `slow` commands and the dashboard's `+` key check against these same numbers.
public enum ScenarioLimits {
    /// Messages per second: a topic's producer rate (at any point of its pattern) and a member's processing rate.
    /// Ten million per second is far above what one Kafka partition leader or consumer sustains.
    public static let maxRate: Double = 10_000_000

    /// Kafka's `Topic.MAX_NAME_LENGTH` (clients/src/main/java/org/apache/kafka/common/internals/Topic.java).
    public static let maxTopicNameLength = 249
    /// Group ids: Kafka sets no length of its own beyond the protocol's 32767-byte STRING; the topic bound keeps
    /// member names (`<group>-<n>`) and tables readable.
    public static let maxGroupIdLength = 249

    public static let maxTopics = 10_000
    public static let maxPartitionsPerTopic = 100_000
    /// Partitions over all topics: the log, the per-group statistics and the dashboard grow with this.
    public static let maxTotalPartitions = 1_000_000
    public static let maxGroups = 1_000
    public static let maxMembersPerGroup = 10_000
    public static let maxTotalMembers = 100_000
    /// Partitions subscribed, summed over groups: each group keeps statistics per subscribed partition.
    public static let maxSubscribedPartitions = 2_000_000
    /// Keys of keyed producers, summed over producers: each key's partition is computed once at start.
    public static let maxKeySpace = 10_000_000
    public static let maxEvents = 50_000
    /// Larger files are refused before YAML parsing: a file within the bounds above is far smaller.
    public static let maxFileBytes = 4 << 20

    /// The longest run, in virtual time: 365 days. With rates and topics bounded, every offset, counter and sum
    /// stays far below Int64.max over a run this long (10⁴ topics × 10⁷ msg/s × 3.2·10⁷ s ≈ 3.2·10¹⁸ < 9.2·10¹⁸).
    public static let maxDurationMs: Millis = 365 * 24 * 3_600_000

    /// Kafka's broker defaults `group.min.session.timeout.ms` and `group.max.session.timeout.ms`
    /// (GroupCoordinatorConfig.GROUP_MIN_SESSION_TIMEOUT_MS_DEFAULT / GROUP_MAX_SESSION_TIMEOUT_MS_DEFAULT):
    /// a JoinGroup outside them gets INVALID_SESSION_TIMEOUT and the group never forms.
    public static let minSessionTimeoutMs: Millis = 6_000
    public static let maxSessionTimeoutMs: Millis = 1_800_000

    /// What is wrong with a topic name under Kafka's rule (`Topic.validate`, clients/src/main/java/org/apache/kafka/
    /// common/internals/Topic.java): 1 to 249 characters of ASCII letters, digits, '.', '_' and '-', not "." or "..".
    /// Nil for a legal name. The messages follow Kafka's own wording.
    public static func topicNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the empty string is not allowed" }
        if name == "." { return "'.' is not allowed" }
        if name == ".." { return "'..' is not allowed" }
        let length = name.unicodeScalars.count
        if length > maxTopicNameLength {
            return "the length of the name (\(length)) is longer than the max allowed length \(maxTopicNameLength)"
        }
        if !name.unicodeScalars.allSatisfy({ topicNameCharacters.contains($0) }) {
            return "it contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        }
        return nil
    }

    private static let topicNameCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".unicodeScalars)
}
