"""Prints consumer-protocol bytes as kafka-python (3.0.12, the venv's) builds them, for ConsumerProtocolGoldenTests.

    .venv/bin/python Tests/Oracles/capture_consumer_protocol.py

Each line: NAME HEX. The classes are kafka-python's own (generated from Kafka's ConsumerProtocolSubscription.json,
ConsumerProtocolAssignment.json and StickyAssignorUserData.json); the sticky line goes through
StickyPartitionAssignor._metadata, what a kafka-python consumer sends in JoinGroup.
"""
from kafka.protocol.consumer.metadata import ConsumerProtocolSubscription as S, ConsumerProtocolAssignment as A
from kafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor
from kafka.structs import TopicPartition as TP

for v in range(4):
    s = S(topics=['audit', 'orders'], user_data=b'\x01\x02',
          owned_partitions=[S.TopicPartition(topic='orders', partitions=[0, 2])] if v >= 1 else [],
          generation_id=7, rack_id='rack-a' if v >= 3 else None, version=v)
    print(f'subscription_v{v}', s.encode().hex())
    a = A(assigned_partitions=[A.TopicPartition(topic='audit', partitions=[1]),
                               A.TopicPartition(topic='orders', partitions=[0, 2])],
          user_data=None, version=v)
    print(f'assignment_v{v}', a.encode().hex())
sticky = StickyPartitionAssignor._metadata(['orders'], [TP('orders', 0), TP('orders', 2), TP('audit', 1)], 4)
print('sticky_subscription', sticky.encode().hex())
