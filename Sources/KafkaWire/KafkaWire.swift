// KafkaWire: the Kafka wire protocol as a pure codec (no I/O, nothing of GroupScope's).
