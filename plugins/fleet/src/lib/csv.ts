import type { FleetInstance } from '@pcscol/plugin-pegase-common';

const COLUMNS: Array<[string, (i: FleetInstance) => string | undefined]> = [
  ['name', i => i.name],
  ['university', i => i.university],
  ['region', i => i.region],
  ['usage', i => i.usage],
  ['cluster', i => i.cluster],
  ['owner', i => i.owner],
  ['declaredVersion', i => i.chartVersion],
  ['liveVersion', i => i.argocd?.liveVersion],
  ['sync', i => i.argocd?.sync],
  ['health', i => i.argocd?.health],
  ['ttl', i => i.ttl],
  ['ttlState', i => i.ttlState],
  ['problems', i => i.problems.join(' ')],
];

function cell(value: string | undefined): string {
  const v = value ?? '';
  // quote what would break a row, and neutralise spreadsheet formulas
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The instances as CSV (RFC 4180, header first), as the list shows them. */
export function fleetToCsv(instances: readonly FleetInstance[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const i of instances) {
    lines.push(COLUMNS.map(([, get]) => cell(get(i))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
