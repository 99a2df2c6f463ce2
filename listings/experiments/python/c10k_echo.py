"""Echo server for the c10k experiment: stdlib asyncio, one task per connection.

Usage: c10k_echo.py <expected connections> <listen backlog>

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
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2])))
