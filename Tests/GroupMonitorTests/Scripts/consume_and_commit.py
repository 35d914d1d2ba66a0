"""Drives a Kafka-protocol broker for GroupMonitor's tests: creates a topic, produces records, and runs consumers
that commit offsets, so that `groupscope describe` has real groups to read.

usage: consume_and_commit.py BOOTSTRAP TOPIC PARTITIONS RECORDS GROUP CONSUMERS SECONDS [CLIENT]
Each consumer stops once the group has read every record, or after SECONDS.
CLIENT is kafka-python (default) or confluent. Prints one JSON line per consumer with the offsets it committed
(what the broker's OffsetFetch must return), then exits; consumers leave the group on close.
"""
import json
import sys
import multiprocessing
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
        auto_offset_reset="earliest", enable_auto_commit=False,
        # tansu holds a JoinGroup much longer with kafka-python's default 10 s session timeout.
        session_timeout_ms=6000, heartbeat_interval_ms=1000)
    deadline = time.time() + seconds
    consumed = 0
    while time.time() < deadline and total.value < records:
        batch = consumer.poll(timeout_ms=200)
        for tp, messages in batch.items():
            consumed += len(messages)
            with total.get_lock():
                total.value += len(messages)
        if batch:
            consumer.commit()
    committed = {f"{tp.topic}-{tp.partition}": consumer.committed(tp) for tp in consumer.assignment()}
    results.put((index, {"client": f"monitor-test-{index}", "consumed": consumed, "committed": committed}))
    consumer.close()


def run_confluent(index, results):
    from confluent_kafka import Consumer

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": f"monitor-test-{index}",
        "auto.offset.reset": "earliest", "enable.auto.commit": False,
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000})
    consumer.subscribe([topic])
    deadline = time.time() + seconds
    consumed = 0
    while time.time() < deadline and total.value < records:
        message = consumer.poll(0.2)
        if message is None or message.error():
            continue
        consumed += 1
        with total.get_lock():
            total.value += 1
        consumer.commit(message=message, asynchronous=False)
    committed = {f"{tp.topic}-{tp.partition}": tp.offset for tp in consumer.committed(consumer.assignment(), timeout=5)}
    results.put((index, {"client": f"monitor-test-{index}", "consumed": consumed, "committed": committed}))
    consumer.close()


# One process per consumer: kafka-python 3's consumer joins a group slowly when it runs outside the main thread.
create_and_produce()
total = multiprocessing.Value("l", 0)
queue = multiprocessing.Queue()
run = run_kafka_python if client == "kafka-python" else run_confluent
workers = [multiprocessing.Process(target=run, args=(i, queue)) for i in range(consumers)]
for w in workers:
    w.start()
results = dict(queue.get(timeout=seconds + 30) for _ in workers)
for w in workers:
    w.join()
for i in sorted(results):
    print(json.dumps(results[i]), flush=True)
