import Testing

@testable import GroupCore

/// The general (unequal subscriptions) sticky path where Java's iteration order decides the answer.
/// Expected values are printed by Tests/Oracles/kafka-sticky/StickyOracle.java, a transcription of Kafka's
/// `AbstractStickyAssignor.GeneralAssignmentBuilder` (clients/.../consumer/internals/AbstractStickyAssignor.java)
/// running on real `java.util.HashMap`/`HashSet`/`TreeSet`; see Tests/Oracles/README.md for the commands.
/// Checked order-sensitive: with StickyGeneral.fillPreviousOwners visiting members by id and PartitionMovements
/// taking the first-moved partition (a scratch copy), both cases fail with the oracle's counterfactual answers.
@Suite struct StickyMemberOrderTests {
    let sticky = StickyAssignor()

    @Test func previousOwnerTieGoesToFirstMemberInJavaHashMapOrder() {
        // AbstractStickyAssignor.GeneralAssignmentBuilder.prepopulateCurrentAssignments / updatePrevAssignment:
        // amy and zoe both claim t0-0 in generation 1, below m10's generation 2, so m10 keeps it and t0-0's
        // previous owner is whichever of them the subscriptions HashMap yields first (a later claim of the same
        // generation does not replace it). performReassignments then hands t0-0 back to that previous owner.
        // Java's String.hashCode puts zoe in bucket 1 and amy in bucket 12, so zoe comes first, although amy is
        // first both lexically and in the order given here.
        //   java -cp /tmp/so StickyOracle 't0:4,t1:1' 'amy;t0;t0-0;1' 'zoe;t0;t0-0;1' \
        //     'm10;t0,t1;t0-0,t0-1,t0-2,t0-3,t1-0;2'
        //   → amy: t0-1 t0-2 / m10: t0-3 t1-0 / zoe: t0-0
        // With --linked-members (the subscriptions map in the order given here, not Kafka's) the oracle gives
        // amy: t0-0 t0-2 / zoe: t0-1 instead, so an insertion- or name-ordered tie-break fails this test.
        let a = assign(
            sticky, ["t0": 4, "t1": 1],
            [
                member("amy", ["t0"], owned: [tp("t0", 0)], generation: 1),
                member("zoe", ["t0"], owned: [tp("t0", 0)], generation: 1),
                member(
                    "m10", ["t0", "t1"], owned: [tp("t0", 0), tp("t0", 1), tp("t0", 2), tp("t0", 3), tp("t1", 0)],
                    generation: 2),
            ])
        #expect(
            normalized(a) == [
                "amy": [tp("t0", 1), tp("t0", 2)],
                "m10": [tp("t0", 3), tp("t1", 0)],
                "zoe": [tp("t0", 0)],
            ])
    }

    @Test func movingBackTakesTheFirstPartitionInJavaHashSetOrder() {
        // AbstractStickyAssignor.PartitionMovements.getTheActualPartitionToBeMoved: a move from bob to ann takes,
        // instead of the partition asked for, the first partition of the set of those already moved ann → bob, in
        // HashSet<TopicPartition> order. Run by hand (and by the oracle): performReassignments over t0-0…t0-11
        // moves t0-0 and t0-1 from ann (8) to their previous owner bob (generation 1), then t0-2, t0-3, t0-4 to
        // their previous owner zed, leaving ann 3, bob 6, zed 3; at t0-8 bob is more than one above ann (first in
        // the TreeSet by count, then id), and the partition that goes back is the first of {t0-0, t0-1} in the
        // HashSet: TopicPartition.hashCode is 31 * (31 + p) + "t0".hashCode() = 4605 + 31p, so t0-1 sits in
        // bucket 12 and t0-0 in bucket 13: t0-1 goes back. t0-9 then goes to zed (4, 4, 4).
        //   java -cp /tmp/so StickyOracle 't0:12,t1:1' 'ann;t0;t0-0,t0-1,t0-2,t0-3,t0-4,t0-5,t0-6,t0-7;2' \
        //     'bob;t0;t0-0,t0-1,t0-8,t0-9,t0-10,t0-11;1' 'zed;t0;t0-2,t0-3,t0-4,t0-5;1' 'w;t1;t1-0;2'
        //   → ann: t0-5 t0-6 t0-7 t0-1 / bob: t0-8 t0-10 t0-11 t0-0 / w: t1-0 / zed: t0-2 t0-3 t0-4 t0-9
        // With --linked-movements (the moved set in insertion order, not Kafka's) t0-0 goes back instead, so a
        // first-moved or lowest-partition choice fails this test. w (subscribed to t1 alone) makes the
        // subscriptions unequal, so the general path runs.
        let ann = (0...7).map { tp("t0", $0) }
        let bob = [tp("t0", 0), tp("t0", 1)] + (8...11).map { tp("t0", $0) }
        let zed = (2...5).map { tp("t0", $0) }
        let a = assign(
            sticky, ["t0": 12, "t1": 1],
            [
                member("ann", ["t0"], owned: ann, generation: 2),
                member("bob", ["t0"], owned: bob, generation: 1),
                member("zed", ["t0"], owned: zed, generation: 1),
                member("w", ["t1"], owned: [tp("t1", 0)], generation: 2),
            ])
        #expect(
            normalized(a) == [
                "ann": [tp("t0", 1), tp("t0", 5), tp("t0", 6), tp("t0", 7)],
                "bob": [tp("t0", 0), tp("t0", 8), tp("t0", 10), tp("t0", 11)],
                "w": [tp("t1", 0)],
                "zed": [tp("t0", 2), tp("t0", 3), tp("t0", 4), tp("t0", 9)],
            ])
    }
}
