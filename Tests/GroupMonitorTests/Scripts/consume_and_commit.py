"""Drives a Kafka-protocol broker for GroupMonitor's tests: creates a topic, produces records, and runs consumers
that commit offsets, so that `groupscope describe` has real groups to read.

usage: consume_and_commit.py BOOTSTRAP TOPIC PARTITIONS RECORDS GROUP CONSUMERS SECONDS [CLIENT]
CLIENT is kafka-python (default) or confluent. Prints one JSON line per consumer with the offsets it committed
(what the broker's OffsetFetch must return), then exits; consumers leave the group on close.
"""
import json
import sys
import threading
import time

bootstrap, topic, partitions, records, group, consumers, seconds = sys.argv[1:8]
client = sys.argv[8] if len(sys.argv) > 8 else "kafka-python"
partitions, records, consumers, seconds = int(partitions), int(records), int(consumers), float(seconds)


def create_and_produce():
    from kafka import KafkaProducer
    from kafka.admin import KafkaAdminClient, NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="monitor-test-admin")
    try:
        admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])
    except Exception as error:  # already there from an earlier run
        print(f"create_topics: {error}", file=sys.stderr)
    admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap, client_id="monitor-test-producer")
    for i in range(records):
        producer.send(topic, value=b"x" * 20, partition=i % partitions)
    producer.flush()
    producer.close()


def run_kafka_python(index, results):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group, client_id=f"monitor-test-{index}",
        auto_offset_reset="earliest", enable_auto_commit=False)
    deadline = time.time() + seconds
    consumed = 0
    while time.time() < deadline:
        batch = consumer.poll(timeout_ms=200)
        for tp, messages in batch.items():
            consumed += len(messages)
        if batch:
            consumer.commit()
    committed = {f"{tp.topic}-{tp.partition}": consumer.committed(tp) for tp in consumer.assignment()}
    results[index] = {"client": f"monitor-test-{index}", "consumed": consumed, "committed": committed}
    consumer.close()


def run_confluent(index, results):
    from confluent_kafka import Consumer

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": f"monitor-test-{index}",
        "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    deadline = time.time() + seconds
    consumed = 0
    while time.time() < deadline:
        message = consumer.poll(0.2)
        if message is None or message.error():
            continue
        consumed += 1
        consumer.commit(message=message, asynchronous=False)
    committed = {f"{tp.topic}-{tp.partition}": tp.offset for tp in consumer.committed(consumer.assignment(), timeout=5)}
    results[index] = {"client": f"monitor-test-{index}", "consumed": consumed, "committed": committed}
    consumer.close()


create_and_produce()
results = {}
run = run_kafka_python if client == "kafka-python" else run_confluent
threads = [threading.Thread(target=run, args=(i, results)) for i in range(consumers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for i in sorted(results):
    print(json.dumps(results[i]), flush=True)
