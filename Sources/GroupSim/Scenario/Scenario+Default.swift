extension Scenario {
    /// The scenario that runs when no file is given: two topics, three groups with different strategies,
    /// a steady load with a hot key on `orders`, session timeouts of 10 s so that failures are detected
    /// while you watch, and no scripted events (you drive it from the dashboard).
    public static let builtInDefaultYAML = """
        # GroupScope's built-in scenario; also an example of the file format.
        name: default
        seed: 42
        duration: 10m
        topics:
          - name: orders
            partitions: 6
          - name: payments
            partitions: 4
        producers:
          - topic: orders
            rate: 600              # messages per second
            keys: hot:0.3          # key-0 takes 30%: its partition runs hot
            key-space: 1000
          - topic: payments
            rate: 200
            keys: uniform
            key-space: 5000
        groups:
          - id: billing
            topics: [orders, payments]
            members: 3
            processing-rate: 450   # per member, messages per second
            config:
              partition.assignment.strategy: cooperative-sticky
              session.timeout.ms: 10000
              heartbeat.interval.ms: 3000
              auto.commit.interval.ms: 5000
          - id: analytics
            topics: [orders]
            members: 3
            processing-rate: 400
            config:
              partition.assignment.strategy: range
              session.timeout.ms: 10000
              heartbeat.interval.ms: 3000
          - id: audit
            topics: [payments]
            members: 2
            processing-rate: 150
            commit: after-processing
            config:
              partition.assignment.strategy: roundrobin
              session.timeout.ms: 10000
              heartbeat.interval.ms: 3000
        """

    /// `builtInDefaultYAML`, parsed by the same loader as scenario files.
    public static var builtInDefault: Scenario {
        // The text is fixed and covered by a test, so a failure here is a programming error.
        do {
            return try parse(yaml: builtInDefaultYAML, file: "<built-in default>", defaultName: "default")
        } catch {
            fatalError("the built-in scenario does not load: \(error)")
        }
    }
}
