#!/usr/bin/env python3
"""Record batches and compressed payloads made by other implementations than ours (see NOTES.md).

Run from this folder with the project's venv: ../../../../.venv/bin/python make_kafka_python_fixtures.py
Deterministic apart from gzip's header (no mtime: we pass mtime=0) — rerunning rewrites the same files.
"""
import gzip
import io
import json
import struct

import lz4.frame
import snappy
import zstandard
from kafka.codec import snappy_encode, lz4_encode, zstd_encode
from kafka.record.default_records import DefaultRecordBatchBuilder, DefaultRecordBatch
from kafka.record.util import calc_crc32c

BASE_TIMESTAMP = 1_700_000_000_000


def records():
    """Keys, values, headers and timestamps the Swift tests expect back, written to records.json."""
    line = b"GroupScope record fixture: the quick brown fox jumps over the lazy dog. "
    result = [
        dict(offset=0, timestamp=BASE_TIMESTAMP, key=b"key-0", value=line * 3,
             headers=[("trace-id", b"abc123"), ("null-header", None)]),
        dict(offset=1, timestamp=BASE_TIMESTAMP + 5, key=None, value=line * 2, headers=[]),
        # A timestamp before the base: a negative zigzag delta.
        dict(offset=2, timestamp=BASE_TIMESTAMP - 3, key=b"", value=None, headers=[("empty", b"")]),
        dict(offset=3, timestamp=BASE_TIMESTAMP + 300_000, key="clé-ünïcode".encode(), value="välue ✓".encode(),
             headers=[("ключ", "значение".encode())]),
    ]
    for i in range(4, 40):
        result.append(dict(offset=i, timestamp=BASE_TIMESTAMP + i * 1000, key=b"key-%d" % i,
                           value=line * (1 + i % 4) + b"#%d" % i, headers=[("n", b"%d" % i)]))
    return result


def build(codec, producer=(-1, -1, -1), transactional=False):
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=transactional,
                                        producer_id=producer[0], producer_epoch=producer[1],
                                        base_sequence=producer[2], batch_size=1 << 20)
    for r in records():
        assert builder.append(r["offset"], timestamp=r["timestamp"], key=r["key"], value=r["value"],
                              headers=r["headers"]) is not None
    data = bytes(builder.build())
    batch = DefaultRecordBatch(data)
    assert batch.validate_crc()
    assert batch.compression_type == codec, "kafka-python sent it uncompressed (no gain): use more compressible data"
    return data


def control_batch():
    """kafka-python cannot build control batches (only brokers write them). Build a one-record batch whose key and
    value are a COMMIT marker (ControlRecordType: version 0, type 1; EndTransactionMarker: version 0, epoch 5), set
    the control and transactional bits in the attributes and recompute the CRC with kafka-python's calc_crc32c."""
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=True, producer_id=4242,
                                        producer_epoch=7, base_sequence=-1, batch_size=1 << 20)
    builder.append(0, timestamp=BASE_TIMESTAMP + 99, key=struct.pack(">hh", 0, 1), value=struct.pack(">hi", 0, 5),
                   headers=[])
    data = bytearray(builder.build())
    attributes = struct.unpack_from(">h", data, 21)[0] | 0x20
    struct.pack_into(">h", data, 21, attributes)
    struct.pack_into(">I", data, 17, calc_crc32c(bytes(data[21:])))
    batch = DefaultRecordBatch(bytes(data))
    assert batch.is_control_batch and batch.validate_crc()
    return bytes(data)


def main():
    codecs = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
    for name, codec in codecs.items():
        with open(f"kafka-python/batch-{name}.bin", "wb") as f:
            f.write(build(codec))
    with open("kafka-python/batch-transactional.bin", "wb") as f:
        f.write(build(0, producer=(4242, 7, 100), transactional=True))
    with open("kafka-python/batch-control-commit.bin", "wb") as f:
        f.write(control_batch())
    with open("kafka-python/records.json", "w") as f:
        json.dump([dict(offset=r["offset"], timestamp=r["timestamp"],
                        key=None if r["key"] is None else r["key"].hex(),
                        value=None if r["value"] is None else r["value"].hex(),
                        headers=[[k, None if v is None else v.hex()] for k, v in r["headers"]])
                   for r in records()], f, indent=1)

    # Compressed payloads for the codec tests: 80 KiB, so that xerial (32 KiB) and LZ4 (64 KiB) use several blocks.
    payload = b"".join(b"payload line %06d: %s\n" % (i, b"abcdefghij" * (i % 7)) for i in range(3000))[: 80 * 1024]
    assert len(payload) == 80 * 1024
    out = {
        "payload.bin": payload,
        "payload.gzip": gzip.compress(payload, mtime=0),
        # Two gzip members back to back: Java's GZIPInputStream and Python's gzip read them as one stream.
        "payload.gzip-two-members": gzip.compress(payload[:1000], mtime=0) + gzip.compress(payload[1000:], mtime=0),
        "payload.snappy-raw": snappy.compress(payload),
        "payload.snappy-xerial": snappy_encode(payload),
        "payload.lz4": lz4_encode(payload),
        "payload.lz4-block-checksums": lz4.frame.compress(payload, block_linked=False, block_checksum=True,
                                                          content_checksum=True, store_size=False),
        "payload.zstd": zstd_encode(payload),
        "payload.zstd-no-content-size": zstandard.ZstdCompressor(write_content_size=False).compress(payload),
    }
    streamed = io.BytesIO()
    with zstandard.ZstdCompressor().stream_writer(streamed, closefd=False) as writer:
        writer.write(payload)
    out["payload.zstd-streamed"] = streamed.getvalue()
    assert zstandard.ZstdDecompressor().decompress(out["payload.zstd"]) == payload
    for name, data in out.items():
        with open(f"compressed/{name}", "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
