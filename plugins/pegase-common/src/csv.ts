/**
 * CSV (RFC 4180) of a header and rows, CRLF line ends. A cell that a
 * spreadsheet would evaluate (`=`, `+`, `-`, `@` first) is prefixed with `'`:
 * exports of the views are opened by people, not parsed by programs.
 * @public
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>,
): string {
  const cell = (v: string | number | undefined) => {
    const s = String(v ?? '');
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `${[header, ...rows]
    .map(r => r.map(cell).join(','))
    .join('\r\n')}\r\n`;
}
