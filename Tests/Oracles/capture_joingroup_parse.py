import struct, sys
def rd(b, i, n): return b[i:i+n], i+n
for line in open('join.txt'):
    ver, hx = line.split(); b = bytes.fromhex(hx); i = 8
    n = struct.unpack('>h', b[i:i+2])[0]; i += 2 + n          # client id
    n = struct.unpack('>h', b[i:i+2])[0]; gid = b[i+2:i+2+n]; i += 2 + n
    i += 8                                                     # session, rebalance
    n = struct.unpack('>h', b[i:i+2])[0]; mid = b[i+2:i+2+max(n,0)]; i += 2 + max(n, 0)
    n = struct.unpack('>h', b[i:i+2])[0]; i += 2 + max(n, 0)   # group instance id
    n = struct.unpack('>h', b[i:i+2])[0]; i += 2 + n           # protocol type
    cnt = struct.unpack('>i', b[i:i+4])[0]; i += 4
    for _ in range(cnt):
        n = struct.unpack('>h', b[i:i+2])[0]; name = b[i+2:i+2+n]; i += 2 + n
        n = struct.unpack('>i', b[i:i+4])[0]; meta = b[i+4:i+4+n]; i += 4 + n
        print(mid.decode()[:14], name.decode(), meta.hex())
