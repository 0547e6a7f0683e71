"""Runs the uvicorn CLI with the upstream fix for multi-worker TCP_NODELAY (uvicorn issue #3149, PR #3155).

With `--workers N` uvicorn binds the listening socket itself with proto 0; accepted sockets inherit
it and asyncio only enables TCP_NODELAY for IPPROTO_TCP sockets, so every keep-alive response
waits ~40 ms on the client's delayed ACK. The benchmark measures FastAPI, not that bug: this
launcher re-tags the bound socket as IPPROTO_TCP, exactly what the upstream fix does.
Usage: python3 bench/peers/uvicorn_nodelay.py <uvicorn CLI arguments>
"""
import socket
import sys

import uvicorn.config
import uvicorn.main

_bind_socket = uvicorn.config.Config.bind_socket


def _bind_socket_tcp(self):
    sock = _bind_socket(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


uvicorn.config.Config.bind_socket = _bind_socket_tcp

if __name__ == "__main__":
    sys.argv[0] = "uvicorn"
    uvicorn.main.main()
