#!/usr/bin/python3
"""Hostile clients for bench/limits/run.sh: one attack against a Keyward server until killed.

Usage: attack.py MODE PORT [CONNECTIONS]

  slowloris  CONNECTIONS connections send a request header one byte per second; each one the
             server cuts off is opened again.
  idle       CONNECTIONS connections that send nothing; each one the server closes is opened
             again.
  headers    CONNECTIONS loops sending requests with a 64 KiB header section (431).
  body       CONNECTIONS loops announcing a 100 MB body and streaming 2 MiB of it (413).
  json       CONNECTIONS loops posting 100,000 nested arrays to /agent/v1/activate (400).

Prints one line per second to stderr: connections open and answers seen by status.
"""
import asyncio
import collections
import sys
import time

HOST = "127.0.0.1"
HEAD = ("POST /agent/v1/checkin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\n")

answers = collections.Counter()
open_now = 0


async def connect(port):
    global open_now
    reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
    open_now += 1
    return reader, writer


def closed(writer):
    global open_now
    open_now -= 1
    writer.close()


async def connected(port):
    """A new connection, retried every half second while the server refuses."""
    while True:
        try:
            return await connect(port)
        except OSError:
            await asyncio.sleep(0.5)


async def hold_slowly(reader, writer):
    """Sends a header one byte per second until the server cuts the connection off."""
    writer.write(HEAD.encode())
    try:
        while not reader.at_eof():
            await writer.drain()
            await asyncio.sleep(1)
            writer.write(b"X")
            try:
                if not await asyncio.wait_for(reader.read(1), 0.001):
                    break
            except asyncio.TimeoutError:
                pass
    except OSError:
        pass  # a reset is a cut-off too
    return "cut off"


async def hold_idle(reader, writer):
    await reader.read(1)  # returns b"" when the server closes
    await asyncio.sleep(0.05)
    return "closed"


def send_request(payload, stream=b""):
    async def exchange(reader, writer):
        writer.write(payload)
        if stream:
            for _ in range(32):
                writer.write(stream)
                await writer.drain()
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), 30)
        return response[9:12].decode() or "none"
    return exchange


async def repeat(port, exchange):
    """Runs `exchange` on one connection after another, counting what each one ended in."""
    while True:
        reader, writer = await connected(port)
        try:
            answers[await exchange(reader, writer)] += 1
        except (OSError, asyncio.TimeoutError):
            answers["error"] += 1
        closed(writer)


def payload(mode):
    if mode == "headers":
        return (HEAD + "X-Padding: " + "a" * 65536 + "\r\nContent-Length: 2\r\n\r\n{}").encode(), b""
    if mode == "body":
        return (HEAD + "Content-Length: 104857600\r\n\r\n").encode(), b" " * 65536
    if mode == "json":
        body = "[" * 100_000
        return (f"POST /agent/v1/activate HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
                ).encode(), b""
    raise SystemExit(f"unknown mode {mode}")


async def report():
    while True:
        await asyncio.sleep(1)
        print(f"attack: open {open_now} answers {dict(answers)}", file=sys.stderr, flush=True)


async def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    tasks = [asyncio.create_task(report())]
    exchange = {"slowloris": hold_slowly, "idle": hold_idle}.get(mode) or send_request(*payload(mode))
    for i in range(count):
        tasks.append(asyncio.create_task(repeat(port, exchange)))
        if i % 100 == 99:
            await asyncio.sleep(0.01)  # do not overrun the listen backlog all at once
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
