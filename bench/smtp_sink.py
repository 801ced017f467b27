"""A minimal SMTP sink for benchmarks: accepts every message, keeps none, counts them.

    python bench/smtp_sink.py PORT

aiosmtpd's sink parses each message line by line in Python and, on this machine, took as
much CPU as the digest run it was measuring. This one reads a message's data in large
reads up to the closing dot, so the figures are the run's own.
"""

from __future__ import annotations

import asyncio
import sys

received = 0


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    global received
    writer.write(b"220 sink ESMTP\r\n")
    while line := await reader.readline():
        command = line[:4].upper()
        if command == b"EHLO":
            writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
        elif command == b"DATA":
            writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            await reader.readuntil(b"\r\n.\r\n")
            received += 1
            writer.write(b"250 OK\r\n")
        elif command == b"QUIT":
            writer.write(b"221 Bye\r\n")
            await writer.drain()
            break
        else:  # HELO, MAIL, RCPT, RSET, NOOP
            writer.write(b"250 OK\r\n")
        await writer.drain()
    writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(session, "127.0.0.1", port, limit=64 * 1024 * 1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
