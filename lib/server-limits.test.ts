import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { applyServerLimits, type ServerLimits } from "./server-limits";

const servers: http.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const LIMITS: ServerLimits = { requestTimeoutMs: 600, bodyIdleTimeoutMs: 200, headersTimeoutMs: 600, maxConnectionsPerAddress: 4 };

async function serve(handler: http.RequestListener, limits = LIMITS): Promise<number> {
  const server = http.createServer(handler);
  applyServerLimits(server, limits);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
    sockets.push(socket);
  });
}

const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));

/** Reads the whole body, then answers with its length. */
const echoLength: http.RequestListener = (request, response) => {
  let length = 0;
  request.on("data", (chunk: Buffer) => (length += chunk.length));
  request.on("end", () => response.end(String(length)));
};

describe("server limits", () => {
  it("cuts a request body that goes silent", async () => {
    const port = await serve(echoLength);
    const socket = await connect(port);
    socket.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nx");
    // Without the bound the server would wait for the other 999 bytes for ever.
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it("cuts a body trickled one byte at a time once the whole-request bound passes", async () => {
    const port = await serve(echoLength, { ...LIMITS, bodyIdleTimeoutMs: 60_000 });
    const socket = await connect(port);
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    const trickle = setInterval(() => socket.writable && socket.write("x"), 20);
    await closed(socket);
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("does not cut a body the handler is slow to read, nor a response that streams longer than the bounds", async () => {
    const body = Buffer.alloc(1 << 20, 0x61);
    const port = await serve((request, response) => {
      // The handler starts reading only after several idle bounds have passed.
      setTimeout(() => echoLength(request, response), LIMITS.bodyIdleTimeoutMs * 4);
    }, { ...LIMITS, requestTimeoutMs: 60_000 });
    // Headers and body in one write: the client is never silent, only the handler is late.
    const socket = await connect(port);
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(Buffer.concat([Buffer.from(`POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    await closed(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.endsWith(`\r\n\r\n${body.length}`)).toBe(true);

    const streamPort = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        response.write(`data: ${sent}\n\n`);
        if (sent === 20) {
          clearInterval(timer);
          response.end();
        }
      }, LIMITS.requestTimeoutMs / 5);
    });
    const streamed = await fetch(`http://127.0.0.1:${streamPort}/events`);
    const text = await streamed.text();
    expect(text.match(/^data: /gm)).toHaveLength(20);
  });

  it("closes connections past the per-address cap at once and keeps the others", async () => {
    const port = await serve((_request, response) => response.end("ok"));
    const kept = await Promise.all(Array.from({ length: LIMITS.maxConnectionsPerAddress }, () => connect(port)));
    // The server counts a connection when it accepts it; one request each proves all were accepted.
    for (const socket of kept) {
      const answered = new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString())));
      socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    }
    const extra = await connect(port);
    await closed(extra);
    expect(kept.every((socket) => !socket.destroyed)).toBe(true);
    kept[0]!.destroy();
    await closed(kept[0]!);
    // A closed connection frees its place (the server sees the close after the client does).
    let again: net.Socket;
    for (;;) {
      again = await connect(port);
      const answered = new Promise<string | null>((resolve) => {
        again.once("data", (chunk: Buffer) => resolve(chunk.toString()));
        again.once("close", () => resolve(null));
      });
      again.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      if ((await answered) !== null) break;
    }
    expect(again.destroyed).toBe(false);
  });
});
