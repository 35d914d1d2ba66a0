// Oracle for GroupScope's general sticky path: Kafka's AbstractStickyAssignor.GeneralAssignmentBuilder (and
// allSubscriptionsEqual, PartitionMovements), transcribed from apache/kafka
// clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignor.java
// (commit b3e65bdd0aedbc375693e2b2666d581b5a81776b) with the rack-aware branches removed (no racks given, so
// RackInfo is empty and those branches never run) and logging dropped. Everything that decides an order uses the
// same java.util collections as Kafka (HashMap, HashSet, TreeSet with SubscriptionComparator), so iteration order
// is Java's own. The subscriptions map is a HashMap, as AbstractPartitionAssignor.assign builds it.
//
// Usage: java -cp DIR StickyOracle [--linked-members] [--linked-movements] TOPIC:N[,TOPIC:N...] MEMBER;TOPICS;OWNED;GENERATION ...
//   e.g. java -cp /tmp/so StickyOracle 't0:3,t1:3' 'C0;t0;t0-0,t0-1;1' 'C1;t0,t1;;-1'
//   OWNED is topic-partition,...; GENERATION -1 means "no generation in userData" (Optional.empty).
// Prints one line per member in member-id order: "MEMBER: t0-0 t0-2" (partitions in assignment-list order).
import java.util.*;

public class StickyOracle {
    static final int DEFAULT_GENERATION = -1;

    static final class TopicPartition {
        final String topic; final int partition;
        TopicPartition(String topic, int partition) { this.topic = topic; this.partition = partition; }
        @Override public int hashCode() { final int prime = 31; int result = 1; result = prime * result + partition;
            result = prime * result + Objects.hashCode(topic); return result; }
        @Override public boolean equals(Object o) { if (!(o instanceof TopicPartition)) return false;
            TopicPartition t = (TopicPartition) o; return partition == t.partition && topic.equals(t.topic); }
        @Override public String toString() { return topic + "-" + partition; }
    }

    static final class Subscription {
        final List<String> topics; final List<TopicPartition> owned; final Optional<Integer> generation;
        Subscription(List<String> topics, List<TopicPartition> owned, Optional<Integer> generation) {
            this.topics = topics; this.owned = owned; this.generation = generation; }
    }

    static final class ConsumerGenerationPair {
        final String consumer; final int generation;
        ConsumerGenerationPair(String consumer, int generation) { this.consumer = consumer; this.generation = generation; }
    }

    static final class ConsumerPair {
        final String srcMemberId; final String dstMemberId;
        ConsumerPair(String s, String d) { srcMemberId = s; dstMemberId = d; }
        @Override public int hashCode() { final int prime = 31; int result = 1;
            result = prime * result + srcMemberId.hashCode(); result = prime * result + dstMemberId.hashCode(); return result; }
        @Override public boolean equals(Object o) { if (!(o instanceof ConsumerPair)) return false;
            ConsumerPair p = (ConsumerPair) o; return srcMemberId.equals(p.srcMemberId) && dstMemberId.equals(p.dstMemberId); }
    }

    // Counterfactual switches (not Kafka): iterate members / moved partitions in insertion order instead of hash order,
    // to show that a test case depends on Java's hash order.
    static boolean linkedMembers = false;
    static boolean linkedMovements = false;

    static final class PartitionMovements {
        final Map<String, Map<ConsumerPair, Set<TopicPartition>>> partitionMovementsByTopic = new HashMap<>();
        final Map<TopicPartition, ConsumerPair> partitionMovements = new HashMap<>();

        ConsumerPair removeMovementRecordOfPartition(TopicPartition partition) {
            ConsumerPair pair = partitionMovements.remove(partition);
            String topic = partition.topic;
            Map<ConsumerPair, Set<TopicPartition>> forTopic = partitionMovementsByTopic.get(topic);
            forTopic.get(pair).remove(partition);
            if (forTopic.get(pair).isEmpty()) forTopic.remove(pair);
            if (partitionMovementsByTopic.get(topic).isEmpty()) partitionMovementsByTopic.remove(topic);
            return pair;
        }

        void addPartitionMovementRecord(TopicPartition partition, ConsumerPair pair) {
            partitionMovements.put(partition, pair);
            String topic = partition.topic;
            if (!partitionMovementsByTopic.containsKey(topic)) partitionMovementsByTopic.put(topic, new HashMap<>());
            Map<ConsumerPair, Set<TopicPartition>> forTopic = partitionMovementsByTopic.get(topic);
            if (!forTopic.containsKey(pair)) forTopic.put(pair, linkedMovements ? new LinkedHashSet<>() : new HashSet<>());
            forTopic.get(pair).add(partition);
        }

        void movePartition(TopicPartition partition, String oldConsumer, String newConsumer) {
            ConsumerPair pair = new ConsumerPair(oldConsumer, newConsumer);
            if (partitionMovements.containsKey(partition)) {
                ConsumerPair existingPair = removeMovementRecordOfPartition(partition);
                if (!existingPair.srcMemberId.equals(newConsumer))
                    addPartitionMovementRecord(partition, new ConsumerPair(existingPair.srcMemberId, newConsumer));
            } else addPartitionMovementRecord(partition, pair);
        }

        TopicPartition getTheActualPartitionToBeMoved(TopicPartition partition, String oldConsumer, String newConsumer) {
            String topic = partition.topic;
            if (!partitionMovementsByTopic.containsKey(topic)) return partition;
            if (partitionMovements.containsKey(partition)) oldConsumer = partitionMovements.get(partition).srcMemberId;
            Map<ConsumerPair, Set<TopicPartition>> forTopic = partitionMovementsByTopic.get(topic);
            ConsumerPair reversePair = new ConsumerPair(newConsumer, oldConsumer);
            if (!forTopic.containsKey(reversePair)) return partition;
            return forTopic.get(reversePair).iterator().next();
        }
    }

    final Map<String, Integer> partitionsPerTopic;
    final Map<String, Subscription> subscriptions;
    int maxGeneration = DEFAULT_GENERATION;
    PartitionMovements partitionMovements;

    StickyOracle(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        this.partitionsPerTopic = partitionsPerTopic; this.subscriptions = subscriptions;
    }

    // AbstractStickyAssignor.allSubscriptionsEqual
    boolean allSubscriptionsEqual(Set<String> allTopics, Map<String, List<TopicPartition>> consumerToOwnedPartitions,
                                  Set<TopicPartition> partitionsWithMultiplePreviousOwners) {
        boolean isAllSubscriptionsEqual = true;
        Set<String> subscribedTopics = new HashSet<>();
        Map<TopicPartition, String> allPreviousPartitionsToOwner = new HashMap<>();
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            final String consumer = e.getKey();
            final Subscription subscription = e.getValue();
            if (subscribedTopics.isEmpty()) subscribedTopics.addAll(subscription.topics);
            else if (isAllSubscriptionsEqual && !(subscription.topics.size() == subscribedTopics.size()
                    && subscribedTopics.containsAll(subscription.topics))) isAllSubscriptionsEqual = false;
            final int memberGeneration = subscription.generation.orElse(DEFAULT_GENERATION);
            maxGeneration = Math.max(maxGeneration, memberGeneration);
            List<TopicPartition> ownedPartitions = new ArrayList<>();
            consumerToOwnedPartitions.put(consumer, ownedPartitions);
            for (final TopicPartition tp : subscription.owned) {
                if (allTopics.contains(tp.topic)) {
                    String otherConsumer = allPreviousPartitionsToOwner.get(tp);
                    if (otherConsumer == null) {
                        ownedPartitions.add(tp);
                        allPreviousPartitionsToOwner.put(tp, consumer);
                    } else {
                        final int otherMemberGeneration = subscriptions.get(otherConsumer).generation.orElse(DEFAULT_GENERATION);
                        if (memberGeneration == otherMemberGeneration) {
                            partitionsWithMultiplePreviousOwners.add(tp);
                            consumerToOwnedPartitions.get(otherConsumer).remove(tp);
                            allPreviousPartitionsToOwner.put(tp, consumer);
                        } else if (memberGeneration > otherMemberGeneration) {
                            ownedPartitions.add(tp);
                            consumerToOwnedPartitions.get(otherConsumer).remove(tp);
                            allPreviousPartitionsToOwner.put(tp, consumer);
                        }
                    }
                }
            }
        }
        return isAllSubscriptionsEqual;
    }

    // GeneralAssignmentBuilder state
    Map<String, List<TopicPartition>> currentAssignment;
    Map<String, List<String>> topic2AllPotentialConsumers;
    Map<String, List<String>> consumer2AllPotentialTopics;
    Map<TopicPartition, String> currentPartitionConsumer;
    List<TopicPartition> sortedAllPartitions;
    TreeSet<String> sortedCurrentSubscriptions;
    boolean revocationRequired;
    int totalPartitionsCount;

    Map<String, List<TopicPartition>> generalAssign(Map<String, List<TopicPartition>> currentAssignment) {
        this.currentAssignment = currentAssignment;
        totalPartitionsCount = partitionsPerTopic.values().stream().reduce(0, Integer::sum);
        topic2AllPotentialConsumers = new HashMap<>(partitionsPerTopic.keySet().size());
        consumer2AllPotentialTopics = new HashMap<>(subscriptions.keySet().size());
        partitionsPerTopic.keySet().forEach(t -> topic2AllPotentialConsumers.put(t, new ArrayList<>()));
        subscriptions.forEach((consumerId, subscription) -> {
            List<String> subscribedTopics = new ArrayList<>(subscription.topics.size());
            consumer2AllPotentialTopics.put(consumerId, subscribedTopics);
            subscription.topics.stream().filter(t -> partitionsPerTopic.get(t) != null).forEach(t -> {
                subscribedTopics.add(t);
                topic2AllPotentialConsumers.get(t).add(consumerId);
            });
            if (!currentAssignment.containsKey(consumerId)) currentAssignment.put(consumerId, new ArrayList<>());
        });
        currentPartitionConsumer = new HashMap<>();
        for (Map.Entry<String, List<TopicPartition>> entry : currentAssignment.entrySet())
            for (TopicPartition tp : entry.getValue()) currentPartitionConsumer.put(tp, entry.getKey());
        List<String> sortedAllTopics = new ArrayList<>(topic2AllPotentialConsumers.keySet());
        // TopicComparator: by number of potential consumers, then name
        sortedAllTopics.sort((a, b) -> {
            int r = topic2AllPotentialConsumers.get(a).size() - topic2AllPotentialConsumers.get(b).size();
            return r != 0 ? r : a.compareTo(b);
        });
        sortedAllPartitions = new ArrayList<>(totalPartitionsCount);
        for (String t : sortedAllTopics) for (int i = 0; i < partitionsPerTopic.get(t); i++) sortedAllPartitions.add(new TopicPartition(t, i));
        // SubscriptionComparator: by assignment size, then member id
        sortedCurrentSubscriptions = new TreeSet<>((a, b) -> {
            int r = currentAssignment.get(a).size() - currentAssignment.get(b).size();
            return r != 0 ? r : a.compareTo(b);
        });

        // build()
        Map<TopicPartition, ConsumerGenerationPair> prevAssignment = new HashMap<>();
        partitionMovements = new PartitionMovements();
        prepopulateCurrentAssignments(prevAssignment);
        List<TopicPartition> assignedPartitions = assignOwnedPartitions();
        // getUnassignedPartitions: the sorted-merge in Kafka yields exactly sortedAllPartitions minus assigned, in order
        Set<TopicPartition> assignedSet = new HashSet<>(assignedPartitions);
        List<TopicPartition> unassignedPartitions = new ArrayList<>();
        if (assignedPartitions.isEmpty()) unassignedPartitions = sortedAllPartitions;
        else for (TopicPartition tp : sortedAllPartitions) if (!assignedSet.contains(tp)) unassignedPartitions.add(tp);
        sortedCurrentSubscriptions.addAll(currentAssignment.keySet());
        balance(prevAssignment, unassignedPartitions);
        return currentAssignment;
    }

    List<TopicPartition> assignOwnedPartitions() {
        List<TopicPartition> assignedPartitions = new ArrayList<>();
        for (Iterator<Map.Entry<String, List<TopicPartition>>> it = currentAssignment.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, List<TopicPartition>> entry = it.next();
            String consumer = entry.getKey();
            Subscription s = subscriptions.get(consumer);
            if (s == null) {
                for (TopicPartition tp : entry.getValue()) currentPartitionConsumer.remove(tp);
                it.remove();
            } else {
                for (Iterator<TopicPartition> pi = entry.getValue().iterator(); pi.hasNext();) {
                    TopicPartition partition = pi.next();
                    if (!topic2AllPotentialConsumers.containsKey(partition.topic)) {
                        pi.remove();
                        currentPartitionConsumer.remove(partition);
                    } else if (!s.topics.contains(partition.topic)) {
                        pi.remove();
                        revocationRequired = true;
                    } else assignedPartitions.add(partition);
                }
            }
        }
        return assignedPartitions;
    }

    void updatePrevAssignment(Map<TopicPartition, ConsumerGenerationPair> prev, List<TopicPartition> partitions, String consumer, int generation) {
        for (TopicPartition p : partitions) {
            if (prev.containsKey(p)) {
                if (generation > prev.get(p).generation) prev.put(p, new ConsumerGenerationPair(consumer, generation));
            } else prev.put(p, new ConsumerGenerationPair(consumer, generation));
        }
    }

    void prepopulateCurrentAssignments(Map<TopicPartition, ConsumerGenerationPair> prev) {
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            Subscription s = e.getValue();
            if (s.generation.isPresent() && s.generation.get() < maxGeneration)
                updatePrevAssignment(prev, s.owned, e.getKey(), s.generation.get());
            else if (!s.generation.isPresent() && maxGeneration > DEFAULT_GENERATION)
                updatePrevAssignment(prev, s.owned, e.getKey(), DEFAULT_GENERATION);
        }
    }

    boolean isBalanced() {
        int min = currentAssignment.get(sortedCurrentSubscriptions.first()).size();
        int max = currentAssignment.get(sortedCurrentSubscriptions.last()).size();
        if (min >= max - 1) return true;
        final Map<TopicPartition, String> allPartitions = new HashMap<>();
        for (Map.Entry<String, List<TopicPartition>> entry : currentAssignment.entrySet())
            for (TopicPartition tp : entry.getValue()) allPartitions.put(tp, entry.getKey());
        for (String consumer : sortedCurrentSubscriptions) {
            int consumerPartitionCount = currentAssignment.get(consumer).size();
            List<String> allSubscribedTopics = consumer2AllPotentialTopics.get(consumer);
            if (consumerPartitionCount == getMaxAssignmentSize(allSubscribedTopics)) continue;
            for (String topic : allSubscribedTopics) {
                for (int i = 0; i < partitionsPerTopic.get(topic); i++) {
                    TopicPartition tp = new TopicPartition(topic, i);
                    if (!currentAssignment.get(consumer).contains(tp)) {
                        String other = allPartitions.get(tp);
                        if (consumerPartitionCount + 1 < currentAssignment.get(other).size()) return false;
                    }
                }
            }
        }
        return true;
    }

    int getMaxAssignmentSize(List<String> topics) {
        if (topics.size() == partitionsPerTopic.size()) return totalPartitionsCount;
        return topics.stream().map(partitionsPerTopic::get).reduce(0, Integer::sum);
    }

    int getBalanceScore(Map<String, List<TopicPartition>> assignment) {
        int score = 0;
        Map<String, Integer> sizes = new HashMap<>();
        for (Map.Entry<String, List<TopicPartition>> e : assignment.entrySet()) sizes.put(e.getKey(), e.getValue().size());
        Iterator<Map.Entry<String, Integer>> it = sizes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Integer> e = it.next();
            int size = e.getValue();
            it.remove();
            for (Map.Entry<String, Integer> o : sizes.entrySet()) score += Math.abs(size - o.getValue());
        }
        return score;
    }

    boolean maybeAssignPartition(TopicPartition partition) {
        for (String consumer : sortedCurrentSubscriptions) {
            if (consumer2AllPotentialTopics.get(consumer).contains(partition.topic)) {
                sortedCurrentSubscriptions.remove(consumer);
                currentAssignment.get(consumer).add(partition);
                currentPartitionConsumer.put(partition, consumer);
                sortedCurrentSubscriptions.add(consumer);
                return true;
            }
        }
        return false;
    }

    boolean canTopicParticipateInReassignment(String topic) { return topic2AllPotentialConsumers.get(topic).size() >= 2; }

    boolean canConsumerParticipateInReassignment(String consumer) {
        List<TopicPartition> current = currentAssignment.get(consumer);
        if (current.size() < getMaxAssignmentSize(consumer2AllPotentialTopics.get(consumer))) return true;
        for (TopicPartition p : current) if (canTopicParticipateInReassignment(p.topic)) return true;
        return false;
    }

    void balance(Map<TopicPartition, ConsumerGenerationPair> prevAssignment, List<TopicPartition> unassignedPartitions) {
        boolean initializing = currentAssignment.get(sortedCurrentSubscriptions.last()).isEmpty();
        for (TopicPartition partition : unassignedPartitions) {
            if (topic2AllPotentialConsumers.get(partition.topic).isEmpty()) continue;
            maybeAssignPartition(partition);
        }
        Set<TopicPartition> fixedPartitions = new HashSet<>();
        for (String topic : topic2AllPotentialConsumers.keySet())
            if (!canTopicParticipateInReassignment(topic))
                for (int i = 0; i < partitionsPerTopic.get(topic); i++) fixedPartitions.add(new TopicPartition(topic, i));
        sortedAllPartitions.removeAll(fixedPartitions);
        unassignedPartitions.removeAll(fixedPartitions);
        Map<String, List<TopicPartition>> fixedAssignments = new HashMap<>();
        for (String consumer : consumer2AllPotentialTopics.keySet())
            if (!canConsumerParticipateInReassignment(consumer)) {
                sortedCurrentSubscriptions.remove(consumer);
                fixedAssignments.put(consumer, currentAssignment.remove(consumer));
            }
        Map<String, List<TopicPartition>> preBalanceAssignment = deepCopy(currentAssignment);
        Map<TopicPartition, String> preBalancePartitionConsumers = new HashMap<>(currentPartitionConsumer);
        if (!revocationRequired) performReassignments(unassignedPartitions, prevAssignment);
        boolean reassignmentPerformed = performReassignments(sortedAllPartitions, prevAssignment);
        if (!initializing && reassignmentPerformed && getBalanceScore(currentAssignment) >= getBalanceScore(preBalanceAssignment)) {
            deepCopy(preBalanceAssignment, currentAssignment);
            currentPartitionConsumer.clear();
            currentPartitionConsumer.putAll(preBalancePartitionConsumers);
        }
        for (Map.Entry<String, List<TopicPartition>> e : fixedAssignments.entrySet()) {
            currentAssignment.put(e.getKey(), e.getValue());
            sortedCurrentSubscriptions.add(e.getKey());
        }
    }

    boolean performReassignments(List<TopicPartition> reassignable, Map<TopicPartition, ConsumerGenerationPair> prevAssignment) {
        boolean reassignmentPerformed = false;
        boolean modified;
        do {
            modified = false;
            Iterator<TopicPartition> it = reassignable.iterator();
            while (it.hasNext() && !isBalanced()) {
                TopicPartition partition = it.next();
                String consumer = currentPartitionConsumer.get(partition);
                if (prevAssignment.containsKey(partition) &&
                        currentAssignment.get(consumer).size() > currentAssignment.get(prevAssignment.get(partition).consumer).size() + 1) {
                    reassignPartition(partition, prevAssignment.get(partition).consumer);
                    reassignmentPerformed = true;
                    modified = true;
                    continue;
                }
                for (String other : topic2AllPotentialConsumers.get(partition.topic)) {
                    if (currentAssignment.get(consumer).size() > currentAssignment.get(other).size() + 1) {
                        reassignPartition(partition);
                        reassignmentPerformed = true;
                        modified = true;
                        break;
                    }
                }
            }
        } while (modified);
        return reassignmentPerformed;
    }

    void reassignPartition(TopicPartition partition) {
        String newConsumer = null;
        for (String another : sortedCurrentSubscriptions)
            if (consumer2AllPotentialTopics.get(another).contains(partition.topic)) { newConsumer = another; break; }
        reassignPartition(partition, newConsumer);
    }

    void reassignPartition(TopicPartition partition, String newConsumer) {
        String consumer = currentPartitionConsumer.get(partition);
        TopicPartition toMove = partitionMovements.getTheActualPartitionToBeMoved(partition, consumer, newConsumer);
        processPartitionMovement(toMove, newConsumer);
    }

    void processPartitionMovement(TopicPartition partition, String newConsumer) {
        String oldConsumer = currentPartitionConsumer.get(partition);
        sortedCurrentSubscriptions.remove(oldConsumer);
        sortedCurrentSubscriptions.remove(newConsumer);
        partitionMovements.movePartition(partition, oldConsumer, newConsumer);
        currentAssignment.get(oldConsumer).remove(partition);
        currentAssignment.get(newConsumer).add(partition);
        currentPartitionConsumer.put(partition, newConsumer);
        sortedCurrentSubscriptions.add(newConsumer);
        sortedCurrentSubscriptions.add(oldConsumer);
    }

    static void deepCopy(Map<String, List<TopicPartition>> source, Map<String, List<TopicPartition>> dest) {
        dest.clear();
        for (Map.Entry<String, List<TopicPartition>> e : source.entrySet()) dest.put(e.getKey(), new ArrayList<>(e.getValue()));
    }

    static Map<String, List<TopicPartition>> deepCopy(Map<String, List<TopicPartition>> a) {
        Map<String, List<TopicPartition>> copy = new HashMap<>();
        deepCopy(a, copy);
        return copy;
    }

    static TopicPartition parseTp(String s) {
        int dash = s.lastIndexOf('-');
        return new TopicPartition(s.substring(0, dash), Integer.parseInt(s.substring(dash + 1)));
    }

    public static void main(String[] args) {
        int a0 = 0;
        while (args[a0].startsWith("--")) {
            if (args[a0].equals("--linked-members")) linkedMembers = true;
            else if (args[a0].equals("--linked-movements")) linkedMovements = true;
            else throw new IllegalArgumentException("unknown flag " + args[a0]);
            a0++;
        }
        args = Arrays.copyOfRange(args, a0, args.length);
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        for (String t : args[0].split(",")) { String[] kv = t.split(":"); partitionsPerTopic.put(kv[0], Integer.parseInt(kv[1])); }
        Map<String, Subscription> subscriptions = linkedMembers ? new LinkedHashMap<>() : new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] f = args[i].split(";", -1);
            List<String> topics = f[1].isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(f[1].split(",")));
            List<TopicPartition> owned = new ArrayList<>();
            if (!f[2].isEmpty()) for (String tp : f[2].split(",")) owned.add(parseTp(tp));
            int gen = Integer.parseInt(f[3]);
            subscriptions.put(f[0], new Subscription(topics, owned, gen < 0 ? Optional.empty() : Optional.of(gen)));
        }
        StickyOracle o = new StickyOracle(partitionsPerTopic, subscriptions);
        Map<String, List<TopicPartition>> owned = linkedMembers ? new LinkedHashMap<>() : new HashMap<>();
        Set<TopicPartition> multi = new HashSet<>();
        Map<String, List<TopicPartition>> result;
        if (o.allSubscriptionsEqual(partitionsPerTopic.keySet(), owned, multi)) {
            System.out.println("# all subscriptions equal: constrained path, not modelled by this oracle");
            return;
        }
        result = o.generalAssign(owned);
        System.out.println("# hash order of members: " + subscriptions.keySet());
        for (String m : new TreeSet<>(result.keySet())) {
            StringBuilder b = new StringBuilder(m + ":");
            for (TopicPartition tp : result.get(m)) b.append(' ').append(tp);
            System.out.println(b);
        }
    }
}
