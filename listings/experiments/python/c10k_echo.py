"""Echo server for the c10k experiment: asyncio, one task per connection.

Usage: c10k_echo.py <expected connections> <listen backlog> [uvloop]

With "uvloop" the same server runs on uvloop's event loop instead of the
stdlib one.

Binds 127.0.0.1 port 0 and prints "port P"; prints "accepted N" once the
expected number of connections has been accepted; echoes every byte back
until the parent kills it (SIGTERM).
"""

import asyncio
import resource
import sys

BUFFER = 1024  # the same read size as the Rust servers


def raise_fd_limit():
    """One file descriptor per connection: lift the soft limit to the hard one."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def serve(expected, backlog):
    accepted = 0

    async def echo(reader, writer):
        nonlocal accepted
        accepted += 1
        if accepted == expected:
            print(f"accepted {accepted}", flush=True)
        while data := await reader.read(BUFFER):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=backlog)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    raise_fd_limit()
    main = serve(int(sys.argv[1]), int(sys.argv[2]))
    if sys.argv[3:] == ["uvloop"]:
        import uvloop

        if hasattr(uvloop, "run"):  # uvloop 0.18 and later
            uvloop.run(main)
        else:
            uvloop.install()
            asyncio.run(main)
    else:
        asyncio.run(main)
