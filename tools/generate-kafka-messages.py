#!/usr/bin/env python3
"""Generates Sources/KafkaWire/Messages/Generated/*.swift from Kafka's own message specs, and the consumer
protocol's embedded data types (DATA below) into Tests/KafkaWireTests/Generated/, a spec-derived reference for the
consumer protocol's bytes that only tests use (production has one codec for them: GroupCore.ConsumerProtocol).

The inputs in tools/kafka-messages/ are Apache Kafka's JSON message specs
(clients/src/main/resources/common/message/*.json, Kafka 4.x, as shipped in kafka-python 3.0.12's
kafka/protocol/schemas/resources/; ConsumerGroupDescribe transcribed from apache/kafka). Only the versions in
SUPPORTED below are generated; fields outside them are left out.

Adding an API: copy its two JSON files here, add a line to SUPPORTED, run this script, add the ApiKey case.
Adding a version: widen its range in SUPPORTED (and in Sources/KafkaWire/Protocol/SupportedVersions.swift).

Usage: python3 tools/generate-kafka-messages.py   (from the package root; rewrites the Generated folder)
"""

import json
import subprocess
import textwrap
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPECS = os.path.join(ROOT, "tools", "kafka-messages")
OUT = os.path.join(ROOT, "Sources", "KafkaWire", "Messages", "Generated")
TEST_OUT = os.path.join(ROOT, "Tests", "KafkaWireTests", "Generated")

# API name -> (lowest version, highest version). Mirrors issue 10's table.
SUPPORTED = {
    # Kafka 4 dropped Produce v0-2 from its specs but still advertises them (librdkafka < 2.11 needs v0 to enable
    # compression) and answers them with UNSUPPORTED_VERSION. Their layouts are still described by the specs' field
    # versions (TransactionalId 3+, ThrottleTimeMs 1+, LogAppendTimeMs 2+), so they are generated to be answerable.
    "Produce": (0, 11),
    "Fetch": (4, 12),
    "ListOffsets": (1, 7),
    "Metadata": (0, 12),
    "OffsetCommit": (2, 9),
    "OffsetFetch": (1, 9),
    "FindCoordinator": (0, 4),
    "JoinGroup": (0, 9),
    "Heartbeat": (0, 4),
    "LeaveGroup": (0, 5),
    "SyncGroup": (0, 5),
    "DescribeGroups": (0, 5),
    "ListGroups": (0, 5),
    "ApiVersions": (0, 4),
    "CreateTopics": (2, 7),
    "InitProducerId": (0, 4),
    "ConsumerGroupDescribe": (0, 1),
}

# Embedded data types (not messages) -> versions: the consumer protocol inside JoinGroup/SyncGroup/DescribeGroups.
# Generated into the test target only: production reads and writes these bytes with GroupCore.ConsumerProtocol; the
# spec-derived types check the recorded clients' bytes in KafkaWireTests, as GroupCoreTests check GroupCore's codec.
DATA = {
    "ConsumerProtocolSubscription": (0, 3),
    "ConsumerProtocolAssignment": (0, 3),
}

SWIFT_KEYWORDS = {
    "protocol", "internal", "default", "repeat", "operator", "extension", "in", "is", "as", "where", "func",
    "var", "let", "class", "struct", "enum", "return", "self", "Self", "throws", "try", "catch", "import",
    "public", "private", "static", "switch", "case", "for", "while", "if", "else", "guard", "defer", "do",
}


def load_spec(name):
    with open(os.path.join(SPECS, name + ".json")) as f:
        text = f.read()
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
    return json.loads(text)


class Versions:
    """A Kafka version range string ("3+", "0-4", "7", "none") as an inclusive [low, high] pair."""

    def __init__(self, spec):
        spec = (spec or "none").strip()
        if spec == "none":
            self.low, self.high = 1, 0
        elif spec.endswith("+"):
            self.low, self.high = int(spec[:-1]), 32767
        elif "-" in spec:
            low, high = spec.split("-")
            self.low, self.high = int(low), int(high)
        else:
            self.low = self.high = int(spec)

    def empty(self):
        return self.low > self.high

    def clip(self, low, high):
        clipped = Versions("none")
        clipped.low, clipped.high = max(self.low, low), min(self.high, high)
        return clipped

    def condition(self, low, high):
        """Swift condition on `version` that holds exactly for this range within [low, high]; None if always."""
        c = self.clip(low, high)
        if c.empty():
            return "false"
        parts = []
        if c.low > low:
            parts.append(f"version >= {c.low}")
        if c.high < high:
            parts.append(f"version <= {c.high}")
        return " && ".join(parts) if parts else None


def lower_camel(name):
    result = name[0].lower() + name[1:]
    # Leading acronyms such as "ISR" stay lowercase as a whole.
    return f"`{result}`" if result in SWIFT_KEYWORDS else result


def plain(identifier):
    return identifier.strip("`")


PRIMITIVES = {
    "int8": ("Int8", "0", "Int8"),
    "int16": ("Int16", "0", "Int16"),
    "uint16": ("UInt16", "0", "UInt16"),
    "int32": ("Int32", "0", "Int32"),
    "int64": ("Int64", "0", "Int64"),
    "float64": ("Double", "0", "Float64"),
    "bool": ("Bool", "false", "Bool"),
    "uuid": ("KafkaUUID", ".zero", "UUID"),
}


class Field:
    def __init__(self, spec, message, low, high):
        self.spec = spec
        self.name = spec["name"]
        self.prop = lower_camel(self.name)
        self.type = spec["type"]
        self.versions = Versions(spec["versions"]).clip(low, high)
        self.nullable = Versions(spec.get("nullableVersions")).clip(low, high)
        self.tagged = "tag" in spec
        self.tag = spec.get("tag")
        if self.tagged:
            assert spec.get("taggedVersions") == spec["versions"], (message.name, self.name)
        self.about = spec.get("about", "")
        self.default_spec = spec.get("default")
        self.is_array = self.type.startswith("[]")
        self.element = self.type[2:] if self.is_array else self.type
        self.is_struct = self.element not in PRIMITIVES and self.element not in ("string", "bytes", "records")
        self.struct = None
        if self.is_struct and not self.versions.empty():
            self.struct = message.struct_named(self.element, spec.get("fields"), low, high)

    def optional(self):
        return not self.nullable.empty()

    def element_swift(self):
        if self.is_struct:
            return self.element
        if self.element == "string":
            return "String"
        if self.element in ("bytes", "records"):
            return "[UInt8]"
        return PRIMITIVES[self.element][0]

    def swift_type(self):
        base = f"[{self.element_swift()}]" if self.is_array else self.element_swift()
        if self.element == "records":
            return "[UInt8]?"
        return base + "?" if self.optional() else base

    def default(self):
        d = self.default_spec
        if self.optional() and (d == "null" or self.element == "records"):
            return "nil"
        if self.is_array:
            return "[]"
        if self.is_struct:
            return f"{self.element}()"
        if self.element == "string":
            return json.dumps(d) if d not in (None, "null") else '""'
        if self.element in ("bytes",):
            return "[]"
        if self.element == "bool":
            return "true" if str(d).lower() == "true" else "false"
        if self.element == "uuid":
            return ".zero"
        if d is None or d == "":
            return "0"
        return str(int(str(d), 0))


class Struct:
    def __init__(self, name, field_specs, message, low, high, top_level=False):
        self.name = name
        self.top_level = top_level
        self.fields = []
        for spec in field_specs:
            field = Field(spec, message, low, high)
            if not field.versions.empty():
                self.fields.append(field)


class Message:
    def __init__(self, spec, low, high):
        self.spec = spec
        self.name = spec["name"]
        self.api_key = spec.get("apiKey", -1)
        self.kind = spec["type"]
        self.low, self.high = low, high
        valid = Versions(spec["validVersions"])
        if spec["type"] == "data":
            pass
        elif (valid.low > low and not (self.name.startswith("Produce") and low == 0)) or valid.high < high:
            sys.exit(f"{self.name}: spec covers {spec['validVersions']}, wanted {low}-{high}")
        self.flexible = Versions(spec.get("flexibleVersions", "none"))
        self.common = {c["name"]: c for c in spec.get("commonStructs", [])}
        self.structs = []  # nested structs in definition order
        self.root = Struct(self.name, spec["fields"], self, low, high, top_level=True)

    def struct_named(self, name, fields, low, high):
        for s in self.structs:
            if s.name == name:
                return s
        if fields is None:
            fields = self.common[name]["fields"]
        struct = Struct(name, fields, self, low, high)
        self.structs.append(struct)
        return struct

    def flexible_condition(self):
        if self.flexible.empty():
            return "false"
        return self.flexible.condition(self.low, self.high) or "true"


def read_expr(field, flexible):
    """Swift expression reading one non-array value of `field` (element type)."""
    label = f'"{field.name}"'
    e = field.element
    if e in PRIMITIVES:
        return f"try reader.read{PRIMITIVES[e][2]}({label})"
    if e == "string":
        return f"try reader.readString(flexible: {flexible}, {label})"
    if e in ("bytes", "records"):
        return f"try reader.readBytes(flexible: {flexible}, {label})"
    raise AssertionError(e)


def nullable_read_expr(field, flexible):
    label = f'"{field.name}"'
    if field.element == "string":
        return f"try reader.readNullableString(flexible: {flexible}, {label})"
    return f"try reader.readNullableBytes(flexible: {flexible}, {label})"


def write_stmt(field, value, flexible):
    e = field.element
    if e in PRIMITIVES:
        return f"writer.write{PRIMITIVES[e][2]}({value})"
    if e == "string":
        return f"writer.writeString({value}, flexible: {flexible})"
    if e in ("bytes", "records"):
        return f"writer.writeBytes({value}, flexible: {flexible})"
    raise AssertionError(e)


def nullable_write_stmt(field, value, flexible):
    if field.element == "string":
        return f"writer.writeNullableString({value}, flexible: {flexible})"
    return f"writer.writeNullableBytes({value}, flexible: {flexible})"


class Emitter:
    def __init__(self, message):
        self.m = message
        self.lines = []

    def emit(self, indent, text=""):
        self.lines.append(("    " * indent + text) if text else "")

    def guarded(self, indent, condition, body):
        """Emits body lines (a list of strings), wrapped in `if condition` unless always true."""
        if condition == "false":
            return
        if condition is None:
            for line in body:
                self.emit(indent, line)
        else:
            self.emit(indent, f"if {condition} {{")
            for line in body:
                self.emit(indent + 1, line)
            self.emit(indent, "}")

    # Decoding

    def decode_value_lines(self, field, target, flexible):
        """Lines that decode `field` (whole value, array or not) into `target`."""
        m = self.m
        nullable = field.nullable.condition(field.versions.low, field.versions.high)
        nullable_expr = "true" if nullable is None else nullable
        lines = []
        if field.is_array:
            element = field.element_swift()
            if field.optional():
                lines.append(
                    f'if let count = try reader.readArrayCount(flexible: {flexible}, nullable: {nullable_expr}, "{field.name}") {{')
            else:
                lines.append(f'do {{')
                lines.append(f'    let count = try reader.readArrayCount(flexible: {flexible}, "{field.name}")')
            lines.append(f"    var items: [{element}] = []")
            lines.append("    items.reserveCapacity(count)")
            lines.append("    for _ in 0..<count {")
            if field.is_struct:
                lines.append("        do {")
                lines.append(f"            items.append(try {element}(from: &reader, version: version))")
                lines.append(f'        }} catch {{ throw error.inField("{field.name}") }}')
            else:
                lines.append(f"        items.append({read_expr(field, flexible)})")
            lines.append("    }")
            lines.append(f"    {target} = items")
            if field.optional():
                lines.append("} else {")
                lines.append(f"    {target} = nil")
            lines.append("}")
        elif field.is_struct:
            lines.append("do {")
            lines.append(f"    {target} = try {field.element}(from: &reader, version: version)")
            lines.append(f'}} catch {{ throw error.inField("{field.name}") }}')
        elif field.optional():
            if nullable is None:
                lines.append(f"{target} = {nullable_read_expr(field, flexible)}")
            else:
                lines.append(f"if {nullable} {{")
                lines.append(f"    {target} = {nullable_read_expr(field, flexible)}")
                lines.append("} else {")
                lines.append(f"    {target} = {read_expr(field, flexible)}")
                lines.append("}")
        else:
            lines.append(f"{target} = {read_expr(field, flexible)}")
        return lines

    def encode_value_lines(self, field, source, flexible):
        nullable = field.nullable.condition(field.versions.low, field.versions.high)
        lines = []
        if field.is_array:
            if field.optional():
                if nullable is None:
                    lines.append(f"writer.writeArrayCount({source}?.count, flexible: {flexible})")
                else:
                    lines.append(
                        f"writer.writeArrayCount({nullable} ? {source}?.count : ({source}?.count ?? 0), flexible: {flexible})")
                items = f"{source} ?? []"
            else:
                lines.append(f"writer.writeArrayCount({source}.count, flexible: {flexible})")
                items = source
            lines.append(f"for item in {items} {{")
            if field.is_struct:
                lines.append("    item.encode(into: &writer, version: version)")
            else:
                lines.append(f"    {write_stmt(field, 'item', flexible)}")
            lines.append("}")
        elif field.is_struct:
            lines.append(f"{source}.encode(into: &writer, version: version)")
        elif field.optional():
            empty = '""' if field.element == "string" else "[]"
            if nullable is None:
                lines.append(nullable_write_stmt(field, source, flexible))
            else:
                lines.append(f"if {nullable} {{")
                lines.append(f"    {nullable_write_stmt(field, source, flexible)}")
                lines.append("} else {")
                lines.append(f"    {write_stmt(field, f'{source} ?? {empty}', flexible)}")
                lines.append("}")
        else:
            lines.append(write_stmt(field, source, flexible))
        return lines

    def struct_body(self, struct, indent):
        m = self.m
        flexible_cond = m.flexible_condition()
        tagged = [f for f in struct.fields if f.tagged]
        for f in struct.fields:
            for line in textwrap.wrap(f.about, 100):
                self.emit(indent, f"/// {line}")
            self.emit(indent, f"public var {f.prop}: {f.swift_type()} = {f.default()}")
        if flexible_cond != "false":
            self.emit(indent, "/// Tagged fields this codec does not know, kept so that re-encoding is byte-exact.")
            self.emit(indent, "public var unknownTaggedFields: [TaggedField] = []")
        if tagged:
            self.emit(indent, "/// Known tags that decoded bytes carried. They are written again even when they hold their default")
            self.emit(indent, "/// (some brokers, e.g. tansu, send defaults explicitly), so that re-encoding is byte-exact.")
            self.emit(indent, "public var presentTags: Set<UInt32> = []")
        self.emit(indent)

        # Memberwise initialiser with defaults.
        params = [f"{plain(f.prop)}: {f.swift_type()} = {f.default()}" for f in struct.fields]
        if params:
            self.emit(indent, "public init(")
            for i, p in enumerate(params):
                self.emit(indent + 1, p + ("," if i < len(params) - 1 else ""))
            self.emit(indent, ") {")
            for f in struct.fields:
                self.emit(indent + 1, f"self.{plain(f.prop)} = {plain(f.prop)}")
            self.emit(indent, "}")
        else:
            self.emit(indent, "public init() {}")
        self.emit(indent)

        # Decoder.
        self.emit(indent, "public init(from reader: inout WireReader, version: Int16) throws(WireError) {")
        self.emit(indent + 1, "self.init()")
        if struct.top_level and m.kind == "data":
            self.emit(indent + 1, f"guard Self.versions.contains(version) else {{")
            self.emit(indent + 2, f'throw WireError(.invalid("unsupported {m.name} version \\(version)"), offset: reader.offset)')
            self.emit(indent + 1, "}")
            self.emit(indent + 1, "try decodeFields(from: &reader, version: version)")
        elif struct.top_level:
            self.emit(indent + 1, f"guard Self.versions.contains(version) else {{")
            self.emit(indent + 2, f"throw WireError(")
            self.emit(indent + 3, f".unsupportedVersion(apiKey: {m.api_key}, version: version), offset: reader.offset,")
            self.emit(indent + 3, f"apiKey: {m.api_key}, version: version)")
            self.emit(indent + 1, "}")
            self.emit(indent + 1, "do {")
            self.emit(indent + 2, "try decodeFields(from: &reader, version: version)")
            self.emit(indent + 1, f"}} catch {{ throw error.inMessage(apiKey: {m.api_key}, version: version) }}")
        else:
            self.emit(indent + 1, "try decodeFields(from: &reader, version: version)")
        self.emit(indent, "}")
        self.emit(indent)
        uses_flexible = flexible_cond != "false"
        self.emit(indent, "private mutating func decodeFields(from reader: inout WireReader, version: Int16) throws(WireError) {")
        if uses_flexible and flexible_cond != "true":
            self.emit(indent + 1, f"let flexible = {flexible_cond}")
            flex = "flexible"
        else:
            flex = "true" if uses_flexible else "false"
        for f in struct.fields:
            if f.tagged:
                continue
            cond = f.versions.condition(m.low, m.high)
            self.guarded(indent + 1, cond, self.decode_value_lines(f, f"self.{f.prop}", flex))
        if uses_flexible:
            body = ['let taggedCount = Int(try reader.readUnsignedVarint("TaggedFields"))']
            body.append("for _ in 0..<taggedCount {")
            body.append('    var (tag, data) = try reader.readTaggedField("TaggedFields")')
            if tagged:
                body.append("    switch tag {")
                for f in tagged:
                    cond = f.versions.condition(m.low, m.high)
                    guard = f" where {cond}" if cond else ""
                    body.append(f"    case {f.tag}{guard}:")
                    body.append(f"        presentTags.insert({f.tag})")
                    inner = self.decode_value_lines(f, f"self.{f.prop}", "true")
                    inner = [l.replace("reader.", "data.").replace("from: &reader", "from: &data") for l in inner]
                    for l in inner:
                        body.append("        " + l)
                body.append("    default:")
                body.append(
                    '        unknownTaggedFields.append(TaggedField(tag: tag, data: try data.readRawBytes(count: data.remaining)))')
                body.append("    }")
            else:
                body.append(
                    '    unknownTaggedFields.append(TaggedField(tag: tag, data: try data.readRawBytes(count: data.remaining)))')
            body.append("}")
            self.guarded(indent + 1, None if flex == "true" else flex, body)
        if not struct.fields and not uses_flexible:
            self.emit(indent + 1, "_ = reader")
        self.emit(indent, "}")
        self.emit(indent)

        # Encoder.
        self.emit(indent, "public func encode(into writer: inout WireWriter, version: Int16) {")
        if uses_flexible and flexible_cond != "true":
            self.emit(indent + 1, f"let flexible = {flexible_cond}")
        for f in struct.fields:
            if f.tagged:
                continue
            cond = f.versions.condition(m.low, m.high)
            self.guarded(indent + 1, cond, self.encode_value_lines(f, f"self.{f.prop}", flex))
        if uses_flexible:
            body = []
            if tagged:
                body.append("var tagged: [TaggedField] = []")
                for f in tagged:
                    cond = f.versions.condition(m.low, m.high)
                    check = f"self.{f.prop} != {f.default()}"
                    if f.is_struct and not f.is_array:
                        check = f"self.{f.prop} != {f.element}()"
                    check = f"({check} || presentTags.contains({f.tag}))"
                    if cond:
                        check = f"{cond} && {check}"
                    body.append(f"if {check} {{")
                    body.append("    var field = WireWriter()")
                    inner = self.encode_value_lines(f, f"self.{f.prop}", "true")
                    inner = [l.replace("writer.", "field.").replace("into: &writer", "into: &field") for l in inner]
                    for l in inner:
                        body.append("    " + l)
                    body.append(f"    tagged.append(TaggedField(tag: {f.tag}, data: field.bytes))")
                    body.append("}")
                body.append("tagged.append(contentsOf: unknownTaggedFields)")
                body.append("if !unknownTaggedFields.isEmpty { tagged.sort { $0.tag < $1.tag } }")
                body.append("writer.writeTaggedFields(tagged)")
            else:
                body.append("writer.writeTaggedFields(unknownTaggedFields)")
            self.guarded(indent + 1, None if flex == "true" else flex, body)
        if not struct.fields and not uses_flexible:
            self.emit(indent + 1, "_ = writer")
        self.emit(indent, "}")

    def generate_data(self):
        m = self.m
        self.emit(0, "// Generated by tools/generate-kafka-messages.py from Kafka's")
        self.emit(0, f"// clients/src/main/resources/common/message/{m.name}.json. Do not edit.")
        self.emit(0)
        self.emit(0, f"/// {m.name}, versions {m.low}–{m.high} (embedded data, never flexible).")
        self.emit(0, f"public struct {m.name}: Sendable, Hashable {{")
        self.emit(1, f"public static let versions: ClosedRange<Int16> = {m.low}...{m.high}")
        self.emit(0)
        self.struct_body(m.root, 1)
        for s in m.structs:
            self.emit(0)
            self.emit(1, f"public struct {s.name}: Sendable, Hashable {{")
            self.struct_body(s, 2)
            self.emit(1, "}")
        self.emit(0, "}")
        return "\n".join(self.lines) + "\n"

    def generate(self):
        m = self.m
        api = m.name[: -len("Request")] if m.kind == "request" else m.name[: -len("Response")]
        conformance = {"request": "KafkaRequestMessage", "response": "KafkaResponseMessage"}.get(m.kind, "Sendable, Hashable")
        if m.kind == "data":
            return self.generate_data()
        self.emit(0, "// Generated by tools/generate-kafka-messages.py from Kafka's")
        self.emit(0, f"// clients/src/main/resources/common/message/{m.name}.json. Do not edit.")
        self.emit(0)
        self.emit(0, f"/// {api} {m.kind} (API key {m.api_key}), versions {m.low}–{m.high}; flexible from "
                  f"v{m.flexible.low if not m.flexible.empty() else 'none'}.")
        self.emit(0, f"public struct {m.name}: {conformance} {{")
        self.emit(1, f"public static let apiKey = ApiKey.{api[0].lower() + api[1:]}")
        self.emit(1, f"public static let versions: ClosedRange<Int16> = {m.low}...{m.high}")
        flex = "nil" if m.flexible.empty() else str(m.flexible.low)
        self.emit(1, "/// The spec's first flexible version (`flexibleVersions`).")
        self.emit(1, f"public static let firstFlexibleVersion: Int16? = {flex}")
        if m.kind == "request":
            self.emit(1, f"public typealias Response = {api}Response")
        self.emit(0)
        self.struct_body(m.root, 1)
        for s in m.structs:
            self.emit(0)
            self.emit(1, f"public struct {s.name}: Sendable, Hashable {{")
            self.struct_body(s, 2)
            self.emit(1, "}")
        self.emit(0, "}")
        return "\n".join(self.lines) + "\n"


def example_expr(field, message, counter, depth=0):
    """A non-default Swift value for `field`, distinct per field, for round-trip tests."""
    counter[0] += 1
    k = counter[0]
    e = field.element

    def one():
        if field.is_struct:
            return struct_example(field.struct, message, counter, depth + 1)
        if e == "string":
            return json.dumps(f"{field.name}-{k}")
        if e in ("bytes", "records"):
            return f"[1, 2, 3, {k % 256}]"
        if e == "bool":
            return "false" if field.default() == "true" else "true"
        if e == "uuid":
            return f"KafkaUUID(mostSignificantBits: {k}, leastSignificantBits: {k + 1})"
        if e == "float64":
            return "1.5"
        base = {"int8": 1, "int16": 100, "uint16": 100, "int32": 1000, "int64": 100000}[e]
        return str(base + k)

    if field.is_array:
        return f"[{one()}, {one()}]"
    return one()


def struct_example(struct, message, counter, depth=0):
    name = struct.name if struct.top_level else f"{message.name}.{struct.name}"
    args = [f"{plain(f.prop)}: {example_expr(f, message, counter, depth)}" for f in struct.fields]
    value = f"{name}({', '.join(args)})"
    return value


def examples_code(messages):
    lines = ["// Generated by tools/generate-kafka-messages.py. Do not edit.",
             "// One value per message with every field set to a non-default value, for round-trip tests.",
             "", "import KafkaWire", ""]
    for kind in ("Request", "Response"):
        lines.append(f"let example{kind}s: [Kafka{kind}] = [")
        for m in messages:
            if m.kind != kind.lower():
                continue
            api = m.name[: -len(kind)]
            value = struct_example(m.root, m, [0])
            if not m.flexible.empty():
                value = (f"{{\n var value = {value}\n"
                         "value.unknownTaggedFields = [TaggedField(tag: 90, data: [9, 9])]\nreturn value\n}()")
            lines.append(f"    .{api[0].lower() + api[1:]}({value}),")
        lines.append("]")
        lines.append("")
    return "\n".join(lines)


def dispatch_code():
    lines = ["// Generated by tools/generate-kafka-messages.py. Do not edit.", ""]
    for kind in ("Request", "Response"):
        lines.append(f"/// Any {kind.lower()} body this codec knows, tagged by API.")
        lines.append(f"public enum Kafka{kind}: Sendable, Hashable {{")
        for api in SUPPORTED:
            lines.append(f"    case {api[0].lower() + api[1:]}({api}{kind})")
        lines.append("")
        lines.append("    public var apiKey: ApiKey {")
        lines.append("        switch self {")
        for api in SUPPORTED:
            lines.append(f"        case .{api[0].lower() + api[1:]}: .{api[0].lower() + api[1:]}")
        lines.append("        }")
        lines.append("    }")
        lines.append("")
        lines.append(f"    /// Decodes the body of a {kind.lower()} of `api` at `version` (the header already read).")
        lines.append("    public init(api: ApiKey, from reader: inout WireReader, version: Int16) throws(WireError) {")
        lines.append("        switch api {")
        for api in SUPPORTED:
            case = api[0].lower() + api[1:]
            lines.append(f"        case .{case}: self = .{case}(try {api}{kind}(from: &reader, version: version))")
        lines.append("        }")
        lines.append("    }")
        lines.append("")
        lines.append("    public func encode(into writer: inout WireWriter, version: Int16) {")
        lines.append("        switch self {")
        for api in SUPPORTED:
            case = api[0].lower() + api[1:]
            lines.append(f"        case .{case}(let body): body.encode(into: &writer, version: version)")
        lines.append("        }")
        lines.append("    }")
        lines.append("")
        lines.append("    /// The versions the codec can encode and decode for this body's API.")
        lines.append("    public static func versions(of api: ApiKey) -> ClosedRange<Int16> {")
        lines.append("        switch api {")
        for api in SUPPORTED:
            lines.append(f"        case .{api[0].lower() + api[1:]}: {api}{kind}.versions")
        lines.append("        }")
        lines.append("    }")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".swift"):
            os.remove(os.path.join(OUT, old))
    messages = []
    for api, (low, high) in SUPPORTED.items():
        for kind in ("Request", "Response"):
            spec = load_spec(api + kind)
            message = Message(spec, low, high)
            messages.append(message)
            code = Emitter(message).generate()
            with open(os.path.join(OUT, message.name + ".swift"), "w") as f:
                f.write(code)
    os.makedirs(TEST_OUT, exist_ok=True)
    data_files = []
    for name, (low, high) in DATA.items():
        message = Message(load_spec(name), low, high)
        code = Emitter(message).generate()
        # Outside the module: the same code, importing the codec's public primitives.
        header, _, body = code.partition("\n\n")
        path = os.path.join(TEST_OUT, name + ".swift")
        with open(path, "w") as f:
            f.write(header + "\n\nimport KafkaWire\n\n" + body)
        data_files.append(path)
    examples = os.path.join(TEST_OUT, "MessageExamples.swift")
    with open(examples, "w") as f:
        f.write(examples_code(messages))
    with open(os.path.join(OUT, "KafkaMessageEnums.swift"), "w") as f:
        f.write(dispatch_code())
    # Let swift-format lay the code out (the project's .swift-format), so that `swift format lint` stays quiet.
    files = sorted(os.path.join(OUT, f) for f in os.listdir(OUT)) + data_files + [examples]
    subprocess.run(["swift", "format", "format", "--in-place", "--configuration", os.path.join(ROOT, ".swift-format")]
                   + files, check=True)
    print(f"wrote {2 * len(SUPPORTED)} files to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
