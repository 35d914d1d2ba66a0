import Testing

@testable import GroupCore

/// English count agreement, as the event texts and the dashboard print it: singular only for exactly one.
@Suite struct CountedNounTests {
    @Test func singularOnlyForOne() {
        #expect(CountedNoun.counted(1, "member") == "1 member")
        #expect(CountedNoun.counted(0, "member") == "0 members")
        #expect(CountedNoun.counted(2, "partition") == "2 partitions")
        #expect(CountedNoun.counted(1_000, "member assignment") == "1000 member assignments")
    }

    @Test func irregularPluralIsGiven() {
        #expect(CountedNoun.counted(3, "child", plural: "children") == "3 children")
        #expect(CountedNoun.noun("child", count: 1, plural: "children") == "child")
    }
}
