/** A short title per error code; the server's message (shown under it) says what to do. */
const TITLES: Record<string, string> = {
  missing_key: "No API key is set",
  auth: "The API key was refused",
  balance: "The account balance is used up",
  quota: "The usage quota is used up",
  rate_limit: "Rate limited by the model server",
  context_overflow: "The prompt did not fit the model's window",
  budget: "Stopped at the budget cap",
  round_cap: "Stopped: the answer kept going",
  interrupted: "Interrupted when the server stopped",
  cancelled: "Cancelled",
  forbidden: "The model server refused access",
  model_not_found: "The model was not found",
  server: "The model server failed",
  network: "The model server could not be reached",
  timeout: "The model server stopped answering",
  stream_error: "The answer's stream broke",
  bad_request: "The model server rejected the request",
  document_missing: "The document was deleted",
  internal_error: "An unexpected server error",
};

export function errorTitle(code: string | null | undefined): string {
  return (code && TITLES[code]) ?? "The job stopped";
}
