/** Numbers for messages a person reads. One shared formatter: `toLocaleString` builds a new one per call. */
const thousands = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 12345 → "12,345"; 1.25 → "1.3". */
export function formatNumber(value: number): string {
  return thousands.format(value);
}

/** "812 bytes", "14.2 KB", "1.5 MB" (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${formatNumber(bytes / (1024 * 1024))} MB`;
  return `${formatNumber(bytes / (1024 * 1024 * 1024))} GB`;
}
