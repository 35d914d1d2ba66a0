import java.util.*;

/**
 * Oracle for GroupScope's Java-order tests: replays puts and removes on a java.util.HashMap<String, ...> exactly as
 * Kafka's ClassicGroup does with its members, and prints what Java iterates.
 *
 *   javac HashMapOrder.java && java HashMapOrder put:a put:b remove:a print
 *
 * Operations: put:KEY, remove:KEY, print (the key set in iteration order, one line, comma-separated),
 * vote:P1/P2/... (a member votes for P1: counts go into a HashMap<String, Integer> as in ClassicGroup.selectProtocol),
 * elect (prints the protocol ClassicGroup.selectProtocol's stream().max(comparingInt) returns for the votes so far).
 */
public class HashMapOrder {
    public static void main(String[] args) {
        Map<String, Integer> members = new HashMap<>();
        Map<String, Integer> votes = new HashMap<>();
        for (String op : args) {
            if (op.startsWith("put:")) {
                members.put(op.substring(4), 0);
            } else if (op.startsWith("remove:")) {
                members.remove(op.substring(7));
            } else if (op.equals("print")) {
                System.out.println(String.join(",", members.keySet()));
            } else if (op.startsWith("vote:")) {
                String name = op.substring(5);
                votes.put(name, votes.getOrDefault(name, 0) + 1);
            } else if (op.equals("elect")) {
                System.out.println(votes.entrySet().stream()
                    .max(Comparator.comparingInt(Map.Entry::getValue))
                    .map(Map.Entry::getKey).orElse(null));
            }
        }
    }
}
