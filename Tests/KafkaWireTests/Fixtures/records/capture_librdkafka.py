#!/usr/bin/env python3
"""Captures the record batches librdkafka really sends (confluent-kafka's bundled librdkafka, see NOTES.md).

A minimal Kafka-protocol server on 127.0.0.1 (port 0) speaks just enough for a producer: ApiVersions (answering
any version other than 0 with error 35 in the v0 layout, as Kafka does, so the client retries with v0), Metadata
v0, InitProducerId v0 (for the idempotent run) and Produce v3–v7 (v0–v2 advertised too: older librdkafka only
compresses when Produce v0 is advertised; its lz4 needs the LZ4 feature, which librdkafka infers from
FindCoordinator v0 being advertised — never called here). Each Produce request's records field is written to librdkafka/.

Run from this folder: ../../../../.venv/bin/python capture_librdkafka.py
"""
import json
import socket
import struct
import threading

import confluent_kafka

TOPIC = "fixtures"
PRODUCER_ID, PRODUCER_EPOCH = 1000, 3
captured = []


def string(s):
    data = s.encode()
    return struct.pack(">h", len(data)) + data


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values[0] if len(values) == 1 else values

    def nullable_string(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    def nullable_bytes(self):
        n = self.take(">i")
        if n < 0:
            return None
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b


def answer(port, api_key, version, body):
    if api_key == 18:  # ApiVersions, always response header v0
        error = 0 if version == 0 else 35
        ranges = [(0, 0, 7), (1, 4, 10), (3, 0, 0), (10, 0, 0), (18, 0, 0), (22, 0, 0)]
        return struct.pack(">hi", error, len(ranges)) + b"".join(struct.pack(">hhh", *r) for r in ranges)
    if api_key == 3:  # Metadata v0
        brokers = struct.pack(">i", 1) + struct.pack(">i", 1) + string("127.0.0.1") + struct.pack(">i", port)
        partition = struct.pack(">hii", 0, 0, 1) + struct.pack(">ii", 1, 1) + struct.pack(">ii", 1, 1)
        topics = struct.pack(">i", 1) + struct.pack(">h", 0) + string(TOPIC) + struct.pack(">i", 1) + partition
        return brokers + topics
    if api_key == 22:  # InitProducerId v0: throttle, error, producer id, epoch
        return struct.pack(">ihqh", 0, 0, PRODUCER_ID, PRODUCER_EPOCH)
    if api_key == 0:  # Produce v3–v7
        reader = Reader(body)
        if version >= 3:
            reader.nullable_string()  # transactional id
        acks, _timeout = reader.take(">hi")
        responses = b""
        topic_count = reader.take(">i")
        for _ in range(topic_count):
            name = reader.nullable_string()
            partitions = b""
            partition_count = reader.take(">i")
            for _ in range(partition_count):
                index = reader.take(">i")
                captured.append(reader.nullable_bytes())
                partitions += struct.pack(">ihq", index, 0, 0)
                if version >= 2:
                    partitions += struct.pack(">q", -1)
                if version >= 5:
                    partitions += struct.pack(">q", 0)
            responses += string(name) + struct.pack(">i", partition_count) + partitions
        if acks == 0:
            return None
        return struct.pack(">i", topic_count) + responses + struct.pack(">i", 0)
    raise RuntimeError(f"unexpected api {api_key} v{version}")


def serve_connection(conn, port):
    with conn:
        while True:
            header = conn.recv(4, socket.MSG_WAITALL)
            if len(header) < 4:
                return
            size = struct.unpack(">i", header)[0]
            frame = b""
            while len(frame) < size:
                chunk = conn.recv(size - len(frame))
                if not chunk:
                    return
                frame += chunk
            api_key, version, correlation = struct.unpack_from(">hhi", frame, 0)
            client_id_length = struct.unpack_from(">h", frame, 8)[0]
            body_start = 10 + max(client_id_length, 0)
            if api_key != 18 and version >= 9 and api_key == 0:
                raise RuntimeError("flexible Produce not advertised")
            body = answer(port, api_key, version, frame[body_start:])
            if body is None:
                continue
            response = struct.pack(">i", correlation) + body
            conn.sendall(struct.pack(">i", len(response)) + response)


def capture(name, config):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            threading.Thread(target=serve_connection, args=(conn, port), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    captured.clear()
    producer = confluent_kafka.Producer({"bootstrap.servers": f"127.0.0.1:{port}", "linger.ms": 200,
                                         "broker.address.family": "v4", **config})
    with open("kafka-python/records.json") as f:
        records = json.load(f)
    for r in records:
        producer.produce(TOPIC, partition=0, timestamp=r["timestamp"],
                         key=None if r["key"] is None else bytes.fromhex(r["key"]),
                         value=None if r["value"] is None else bytes.fromhex(r["value"]),
                         headers=[(k, None if v is None else bytes.fromhex(v)) for k, v in r["headers"]])
    remaining = producer.flush(15)
    stop.set()
    thread.join()
    listener.close()
    assert remaining == 0, f"{name}: {remaining} messages undelivered"
    assert len(captured) == 1, f"{name}: expected one batch, got {len(captured)}"
    with open(f"librdkafka/batch-{name}.bin", "wb") as f:
        f.write(captured[0])
    print(name, len(captured[0]), "bytes")


def main():
    print("librdkafka", confluent_kafka.libversion()[0])
    for codec in ["gzip", "snappy", "lz4", "zstd"]:
        capture(codec, {"compression.type": codec})
    capture("none-idempotent", {"enable.idempotence": True})


if __name__ == "__main__":
    main()
