import type http from "node:http";
import type net from "node:net";

export interface ServerLimits {
  /** Longest time to receive a whole request (headers and body), ms; a slow upload past it is cut. */
  requestTimeoutMs: number;
  /** Longest silence while a request body is being sent, ms. */
  bodyIdleTimeoutMs: number;
  /** Longest time to receive a request's headers, ms. */
  headersTimeoutMs: number;
  /** Open connections one address may hold; more are closed at once. */
  maxConnectionsPerAddress: number;
}

/**
 * Bounds what slow or greedy clients can hold: a request must arrive within requestTimeoutMs and
 * its body may not pause longer than bodyIdleTimeoutMs (a client trickling one byte every few
 * seconds is cut), while responses are not bounded, so SSE streams live as long as their job.
 * Each address may hold maxConnectionsPerAddress connections at once.
 */
export function applyServerLimits(server: http.Server, limits: ServerLimits): void {
  // Node measures these from the request's start until the request (not the response) is received.
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  // Node checks both timeouts on this interval; at its default (30 s) a bound of a few seconds
  // would wait up to 30 s longer than asked.
  const checkMs = Math.max(50, Math.min(30_000, Math.floor(Math.min(limits.requestTimeoutMs, limits.headersTimeoutMs) / 4)));
  (server as http.Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = checkMs;

  const perAddress = new Map<string, number>();
  server.on("connection", (socket: net.Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once("close", () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });

  server.on("request", (request: http.IncomingMessage) => {
    const hasBody = request.headers["content-length"] !== undefined ? request.headers["content-length"] !== "0" : request.headers["transfer-encoding"] !== undefined;
    if (!hasBody) return;
    const socket = request.socket;
    // The socket's byte count, polled: Node's HTTP parser reads the socket in C++, so no 'data'
    // event tells JavaScript that bytes arrived, and a listener on the request would start it
    // flowing before the handler reads it.
    let lastBytes = socket.bytesRead;
    let quietMs = 0;
    const stepMs = Math.max(10, Math.floor(limits.bodyIdleTimeoutMs / 4));
    const timer = setInterval(() => {
      const bytes = socket.bytesRead;
      // Bytes waiting for the handler, or a socket the server paused, are not the client's silence.
      if (bytes !== lastBytes || request.readableLength > 0 || socket.isPaused()) {
        lastBytes = bytes;
        quietMs = 0;
        return;
      }
      quietMs += stepMs;
      if (quietMs >= limits.bodyIdleTimeoutMs) {
        clearInterval(timer);
        socket.destroy();
      }
    }, stepMs);
    timer.unref();
    const stop = () => clearInterval(timer);
    request.once("end", stop);
    request.once("close", stop);
    request.once("error", stop);
  });
}
