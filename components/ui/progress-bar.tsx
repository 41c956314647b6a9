/** A labelled progress bar; `value` and `max` in any unit. Without `max` it is indeterminate. */
export function ProgressBar({ value, max, label, testId }: { value: number; max?: number; label: string; testId?: string }) {
  const determinate = max !== undefined && max > 0;
  const percent = determinate ? Math.min(100, Math.max(0, (value / max) * 100)) : 100;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? Math.min(value, max) : undefined}
      data-testid={testId}
      className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div className={`h-full rounded-full bg-indigo-600 transition-[width] duration-300 ${determinate ? "" : "animate-pulse"}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
