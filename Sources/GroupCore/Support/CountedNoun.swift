/// `1 member`, `2 members`: one wording rule for event texts, reports and the dashboard, instead of a hedged
/// `member(s)`.
public enum CountedNoun {
    /// The noun as it reads after `count`: singular only for exactly one.
    public static func noun(_ singular: String, count: Int, plural: String? = nil) -> String {
        count == 1 ? singular : plural ?? singular + "s"
    }

    /// `count` and its noun, the count written plainly (event texts are parsed by scripts: no digit grouping).
    public static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) " + noun(singular, count: count, plural: plural)
    }
}
