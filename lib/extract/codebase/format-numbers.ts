/** "812 bytes", "14.2 KB", "1.5 MB": sizes for messages a person reads (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  return `${trim(bytes / (1024 * 1024 * 1024))} GB`;
}

function trim(value: number): string {
  return (Math.round(value * 10) / 10).toLocaleString("en-US");
}
