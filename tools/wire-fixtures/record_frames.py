#!/usr/bin/env python3
"""A recording TCP proxy between Kafka clients and a Kafka-protocol broker.

Every request frame a client sends and every response frame the broker returns is forwarded unchanged and, the
first time a (client label, API, version) pair is seen, written to OUT/<label>/<Api>-v<version>-request.bin and
-response.bin (whole frames, INT32 size prefix included). Responses are matched to requests by correlation id.

Usage: record_frames.py LISTEN_PORT BROKER_PORT OUT_DIR
The label of a connection is read from the client id of its first request (the driver sets one per client).
"""

import asyncio
import os
import struct
import sys

API_NAMES = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit", 9: "OffsetFetch",
    10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
    15: "DescribeGroups", 16: "ListGroups", 18: "ApiVersions", 19: "CreateTopics", 22: "InitProducerId",
    69: "ConsumerGroupDescribe",
}


# Issue 10's ranges. The proxy narrows the broker's ApiVersions answer to them (in place: same byte layout), so that
# clients choose versions this codec serves; the fixture keeps the broker's original bytes.
SERVED = {
    0: (0, 11), 1: (4, 12), 2: (1, 7), 3: (0, 12), 8: (2, 9), 9: (1, 9), 10: (0, 4), 11: (0, 9), 12: (0, 4),
    13: (0, 5), 14: (0, 5), 15: (0, 5), 16: (0, 5), 18: (0, 4), 19: (2, 7), 22: (0, 4),
}


def read_uvarint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def narrow_api_versions(frame, version):
    """Rewrites min/max of each ApiVersions entry to the intersection with SERVED (APIs not served: left alone)."""
    data = bytearray(frame)
    pos = 4 + 4 + 2  # size, correlation id (response header v0 always), error code
    if version >= 3:
        count, pos = read_uvarint(data, pos)
        count -= 1
    else:
        (count,) = struct.unpack(">i", data[pos:pos + 4])
        pos += 4
    for _ in range(max(count, 0)):
        api, low, high = struct.unpack(">hhh", data[pos:pos + 6])
        if api in SERVED:
            new_low, new_high = max(low, SERVED[api][0]), min(high, SERVED[api][1])
            data[pos + 2:pos + 6] = struct.pack(">hh", new_low, new_high)
        pos += 6
        if version >= 3:
            tags, pos = read_uvarint(data, pos)
            for _ in range(tags):
                _, pos = read_uvarint(data, pos)
                size, pos = read_uvarint(data, pos)
                pos += size
    return bytes(data)


def label_of(client_id):
    """Fixture folder for a client id: the driver's ids start with the client library's name."""
    for prefix in ("kafka-python", "confluent-kafka", "kcat", "rdkafka"):
        if client_id and client_id.startswith(prefix):
            return prefix
    return "other"


class Recorder:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.seen = set()

    def path(self, label, api, version, kind):
        name = API_NAMES.get(api, f"api{api}")
        folder = os.path.join(self.out_dir, label)
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, f"{name}-v{version}-{kind}.bin")


async def read_frame(reader):
    size_bytes = await reader.readexactly(4)
    (size,) = struct.unpack(">i", size_bytes)
    return size_bytes + await reader.readexactly(size)


async def handle(client_reader, client_writer, broker_port, recorder):
    broker_reader, broker_writer = await asyncio.open_connection("127.0.0.1", broker_port)
    pending = {}  # correlation id -> (label, api, version, record?)
    state = {"label": None}

    async def upstream():
        try:
            while True:
                frame = await read_frame(client_reader)
                api, version, correlation = struct.unpack(">hhi", frame[4:12])
                (client_len,) = struct.unpack(">h", frame[12:14])
                client_id = frame[14:14 + client_len].decode() if client_len >= 0 else None
                if state["label"] is None:
                    state["label"] = label_of(client_id)
                key = (state["label"], api, version)
                record = key not in recorder.seen
                if record:
                    recorder.seen.add(key)
                    with open(recorder.path(state["label"], api, version, "request"), "wb") as f:
                        f.write(frame)
                pending[correlation] = (state["label"], api, version, record)
                broker_writer.write(frame)
                await broker_writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            broker_writer.close()

    async def downstream():
        try:
            while True:
                frame = await read_frame(broker_reader)
                (correlation,) = struct.unpack(">i", frame[4:8])
                label, api, version, record = pending.pop(correlation, (None, None, None, False))
                if record:
                    with open(recorder.path(label, api, version, "response"), "wb") as f:
                        f.write(frame)
                if api == 18 and struct.unpack(">h", frame[8:10])[0] == 0:
                    frame = narrow_api_versions(frame, version)
                client_writer.write(frame)
                await client_writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            client_writer.close()

    await asyncio.gather(upstream(), downstream())


async def main():
    listen_port, broker_port, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    recorder = Recorder(out_dir)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, broker_port, recorder), "127.0.0.1", listen_port)
    print("listening", listen_port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
