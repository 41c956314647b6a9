import { jobEventSchema, type JobEvent } from "@/lib/jobs/wire";

/**
 * One SSE event of /api/jobs/:id/events (its `event:` type and raw `data:`) checked against the
 * schema the server records it with. A malformed event is skipped with a warning rather than
 * thrown: one bad row in a job's log must not take the page down, and the events after it still
 * apply.
 */
export function parseJobEvent(type: string, data: string, warn: (message: string) => void = console.warn): JobEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    warn(`Skipped a "${type}" job event whose data is not JSON`);
    return null;
  }
  const parsed = jobEventSchema.safeParse({ type, data: json });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(event)"}: ${issue.message}`).join("; ");
    warn(`Skipped a malformed "${type}" job event: ${issues}`);
    return null;
  }
  return parsed.data;
}
