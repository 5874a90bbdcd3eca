/** `86400` -> `1d`, `5400` -> `1h30m`. */
export function formatDuration(seconds?: number): string {
  if (seconds === undefined || seconds === null) return '—';
  if (seconds === 0) return '0';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`]
    .filter(Boolean)
    .join('');
}

/** `2026-01-02T03:04:05Z` -> `2026-01-02 03:04`. */
export function formatDate(iso?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A Vault node's host and port, from its URL. */
export function nodeLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
