import { formatLi, formatYuan } from "@/lib/money";

/** 128000 → "128,000" */
export function formatTokens(tokens: number): string {
  return tokens.toLocaleString("en-US");
}

/** 1536 → "1.5 KB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "12.3400 li" — li with 4 decimals, exact. */
export function li(microLi: number): string {
  return `${formatLi(microLi)} li`;
}

/** "12.3400 li (¥0.0123)" */
export function liAndYuan(microLi: number): string {
  return `${formatLi(microLi)} li (${formatYuan(microLi)})`;
}

/** A range in li, collapsed to one amount when both ends agree. */
export function liRange(minMicroLi: number, maxMicroLi: number): string {
  return minMicroLi === maxMicroLi ? li(minMicroLi) : `${formatLi(minMicroLi)}–${formatLi(maxMicroLi)} li`;
}

export function yuanRange(minMicroLi: number, maxMicroLi: number): string {
  return minMicroLi === maxMicroLi ? formatYuan(minMicroLi) : `${formatYuan(minMicroLi)}–${formatYuan(maxMicroLi)}`;
}

/** A local date and time, short: "2025-03-04 14:05". */
export function formatDateTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatTokens(count)} ${count === 1 ? one : many}`;
}
