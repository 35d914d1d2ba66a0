#!/usr/bin/env python3
"""Seed corpus for the fuzzer: every recorded frame's body, prefixed with the two selector bytes FuzzEntry.swift reads."""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "KafkaWireTests", "Fixtures", "messages")
# ApiKey.allCases order and supportedVersions lower bounds (Sources/KafkaWire/Protocol).
APIS = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 22, 69]
RANGES = {0: (0, 11), 1: (4, 12), 2: (1, 7), 3: (0, 12), 8: (2, 9), 9: (1, 9), 10: (0, 4), 11: (0, 9), 12: (0, 4),
          13: (0, 5), 14: (0, 5), 15: (0, 5), 16: (0, 5), 18: (0, 4), 19: (2, 7), 22: (0, 4), 69: (0, 1)}
FLEX = {0: 9, 1: 12, 2: 6, 3: 9, 8: 8, 9: 6, 10: 3, 11: 6, 12: 4, 13: 4, 14: 4, 15: 5, 16: 3, 18: 3, 19: 5, 22: 2, 69: 0}
NAMES = {"Produce": 0, "Fetch": 1, "ListOffsets": 2, "Metadata": 3, "OffsetCommit": 8, "OffsetFetch": 9,
         "FindCoordinator": 10, "JoinGroup": 11, "Heartbeat": 12, "LeaveGroup": 13, "SyncGroup": 14,
         "DescribeGroups": 15, "ListGroups": 16, "ApiVersions": 18, "CreateTopics": 19, "InitProducerId": 22,
         "ConsumerGroupDescribe": 69}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for client in os.listdir(FIXTURES):
    for name in os.listdir(os.path.join(FIXTURES, client)):
        api_name, version, kind = name[:-4].split("-")
        api, version = NAMES[api_name], int(version[1:])
        frame = open(os.path.join(FIXTURES, client, name), "rb").read()[4:]
        flexible = version >= FLEX[api]
        if kind == "request":
            (client_len,) = struct.unpack(">h", frame[8:10])
            body = frame[10 + max(client_len, 0) + (1 if flexible else 0):]
        else:
            body = frame[4 + (1 if flexible and api != 18 else 0):]
        selector = bytes([APIS.index(api), version - RANGES[api][0]])
        open(os.path.join(out, f"{client}-{name}"), "wb").write(selector + body)
