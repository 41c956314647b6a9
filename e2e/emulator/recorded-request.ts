/** What the emulator saw of one request and what it did, for tests to inspect. */
export interface RecordedRequest {
  /** 1, 2, 3… in arrival order since the last reset. */
  id: number;
  requestId: string;
  method: string;
  path: string;
  /** Lower-cased header names; the authorization value is replaced by whether the key matched. */
  headers: Record<string, string>;
  keyMatched: boolean;
  /** The JSON body as sent, or the raw text when it was not JSON. */
  body: unknown;
  /** Epoch ms. */
  receivedAt: number;
  /** Which behaviour of the scenario answered (`ok`, `error:rate_limit`, `drop`, …), null if none was used. */
  behaviour: string | null;
  status: number | null;
  outcome: "pending" | "completed" | "error_sent" | "stream_error" | "dropped" | "truncated" | "stalled" | "held" | "client_closed";
  /** Answer and reasoning tokens written to the stream. */
  tokensSent: number;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The client closed the connection before the response ended (a cancel). */
  clientClosed: boolean;
  /** Epoch ms when the response ended or the connection closed. */
  endedAt: number | null;
}
