#!/usr/bin/env python3
"""Drives real Kafka clients through the recording proxy so that their frames become test fixtures.

Usage: drive_clients.py BOOTSTRAP (host:port of record_frames.py)
Runs kafka-python 3.0.x and confluent-kafka (librdkafka 2.16) against the same topic and groups; kcat is run by
record.sh. Names used here are asserted by Tests/KafkaWireTests/GoldenFixtureTests.swift.
"""

import sys
import time

TOPIC = "wire-fixtures"
KAFKA_PYTHON_GROUP = "wire-fixtures-kafka-python"
CONFLUENT_GROUP = "wire-fixtures-confluent"


def kafka_python(bootstrap):
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition
    from kafka.admin import KafkaAdminClient, NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kafka-python-admin")
    admin.create_topics([NewTopic(TOPIC, num_partitions=3, replication_factor=1)])
    producer = KafkaProducer(bootstrap_servers=bootstrap, client_id="kafka-python-producer")
    for i in range(10):
        producer.send(TOPIC, key=b"key-%d" % i, value=b"kafka-python value %d" % i)
    producer.flush()
    producer.close()

    consumer = KafkaConsumer(
        TOPIC, bootstrap_servers=bootstrap, group_id=KAFKA_PYTHON_GROUP, client_id="kafka-python-consumer",
        auto_offset_reset="earliest", enable_auto_commit=False)
    received = 0
    deadline = time.time() + 30
    while received < 10 and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            received += len(records)
    consumer.commit()
    consumer.end_offsets([TopicPartition(TOPIC, p) for p in range(3)])
    print("kafka-python consumed", received, flush=True)
    time.sleep(4)  # let a heartbeat go out
    consumer.close()

    # The frames are what matters; kafka-python 3.0.12 fails to interpret some of tansu's answers (e.g. authorized
    # operations 15 in DescribeGroups), which does not stop the requests and responses from being recorded.
    for name, call in (("groups", lambda: admin.list_groups()),
                       ("describe", lambda: admin.describe_groups([KAFKA_PYTHON_GROUP])),
                       ("offsets", lambda: admin.list_group_offsets(KAFKA_PYTHON_GROUP))):
        try:
            print(name, call(), flush=True)
        except Exception as error:  # noqa: BLE001 - report and go on
            print(name, "failed:", repr(error), flush=True)
    admin.close()


def confluent(bootstrap):
    from confluent_kafka import Consumer, Producer
    from confluent_kafka.admin import AdminClient

    producer = Producer({"bootstrap.servers": bootstrap, "client.id": "confluent-kafka-producer"})
    for i in range(10):
        producer.produce(TOPIC, key=b"key-%d" % i, value=b"confluent value %d" % i)
    producer.flush(15)

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": CONFLUENT_GROUP, "client.id": "confluent-kafka-consumer",
        "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([TOPIC])
    received = 0
    deadline = time.time() + 30
    while received < 10 and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            received += 1
    consumer.commit(asynchronous=False)
    print("confluent consumed", received, flush=True)
    time.sleep(4)
    consumer.close()

    admin = AdminClient({"bootstrap.servers": bootstrap, "client.id": "confluent-kafka-admin"})
    print("groups", admin.list_consumer_groups().result(timeout=15), flush=True)
    for group, future in admin.describe_consumer_groups([CONFLUENT_GROUP]).items():
        print("describe", group, future.result(timeout=15), flush=True)


if __name__ == "__main__":
    which = sys.argv[2] if len(sys.argv) > 2 else "all"
    if which in ("all", "kafka-python"):
        kafka_python(sys.argv[1])
    if which in ("all", "confluent"):
        confluent(sys.argv[1])
