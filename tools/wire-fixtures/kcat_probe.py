#!/usr/bin/env python3
"""A one-connection fake broker for Debian's kcat (librdkafka 2.0.2), which gives up on tansu's ApiVersions answer.

It answers kcat's ApiVersions v3 request with a response written here by hand from ApiVersionsResponse.json (response
header v0; error 0; issue 10's advertised ranges in a compact array; throttle 0; no tagged fields — tansu writes its
default-valued tags 0-3 explicitly), records kcat's next request (Metadata), and hangs up. Files written to OUT_DIR:
ApiVersions-v3-request.bin, ApiVersions-v3-response.bin (what this script sent) and Metadata-v<N>-request.bin.

Usage: kcat_probe.py OUT_DIR, then: kcat -b 127.0.0.1:PORT -L -X client.id=kcat-metadata (PORT printed on stdout).
"""
import os
import socket
import struct
import sys

# Issue 10's advertised ranges, by API key.
ADVERTISED = {0: (0, 11), 1: (4, 12), 2: (1, 7), 3: (0, 12), 8: (2, 9), 9: (1, 9), 10: (0, 4), 11: (0, 9),
              12: (0, 4), 13: (0, 5), 14: (0, 5), 15: (0, 5), 16: (0, 5), 18: (0, 4), 19: (2, 7), 22: (0, 4)}
NAMES = {18: "ApiVersions", 3: "Metadata"}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
conn, _ = server.accept()


def read_frame():
    (size,) = struct.unpack(">i", conn.recv(4, socket.MSG_WAITALL))
    return struct.pack(">i", size) + conn.recv(size, socket.MSG_WAITALL)


while True:
    frame = read_frame()
    api, version, correlation = struct.unpack(">hhi", frame[4:12])
    with open(os.path.join(out, f"{NAMES.get(api, api)}-v{version}-request.bin"), "wb") as f:
        f.write(frame)
    if api != 18:
        break
    body = struct.pack(">ih", correlation, 0) + bytes([len(ADVERTISED) + 1])
    for key, (low, high) in sorted(ADVERTISED.items()):
        body += struct.pack(">hhh", key, low, high) + b"\0"
    body += struct.pack(">i", 0) + b"\0"
    response = struct.pack(">i", len(body)) + body
    with open(os.path.join(out, f"ApiVersions-v{version}-response.bin"), "wb") as f:
        f.write(response)
    conn.sendall(response)
conn.close()
