"""Baseline 2: a bare `websockets` broadcast server, the floor of what Python fan-out costs.

Every text frame a client sends goes to every connected client with `websockets.broadcast`, which
encodes the frame once per connection and writes it without awaiting. Run with
``python -m bench.bare_ws --port N``.
"""

from __future__ import annotations

import argparse
import asyncio

from websockets.asyncio.server import ServerConnection, broadcast, serve

CLIENTS: set[ServerConnection] = set()


async def handler(ws: ServerConnection) -> None:
    CLIENTS.add(ws)
    try:
        async for message in ws:
            broadcast(CLIENTS, message)
    finally:
        CLIENTS.discard(ws)


async def main(port: int) -> None:
    # Same defaults as uvicorn's WebSocket settings where they matter (frame size, keepalive).
    async with serve(
        handler, "127.0.0.1", port, max_size=1048576, ping_interval=20, compression=None
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    try:
        import uvloop

        uvloop.run(main(port))
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        asyncio.run(main(port))
