import asyncio, sys, struct
LISTEN, TARGET, OUT = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
async def pipe(r, w, capture):
    buf = b''
    try:
        while True:
            data = await r.read(65536)
            if not data: break
            w.write(data); await w.drain()
            if capture:
                buf += data
                while len(buf) >= 4:
                    n = struct.unpack('>i', buf[:4])[0]
                    if len(buf) < 4 + n: break
                    frame, buf = buf[4:4+n], buf[4+n:]
                    key, ver = struct.unpack('>hh', frame[:4])
                    if key == 11:
                        with open(OUT, 'a') as f: f.write(f'{ver} {frame.hex()}\n')
    except Exception as e:
        pass
    finally:
        w.close()
async def handle(cr, cw):
    sr, sw = await asyncio.open_connection('127.0.0.1', TARGET)
    await asyncio.gather(pipe(cr, sw, True), pipe(sr, cw, False))
async def main():
    s = await asyncio.start_server(handle, '127.0.0.1', LISTEN)
    async with s: await s.serve_forever()
asyncio.run(main())
