import type { FleetInstance } from '@pcscol/plugin-pegase-common';

/** How the matrix groups its columns. */
export type MatrixColumns = 'region-usage' | 'cluster';

/** Umbrella versions × columns, cell = number of instances. */
export interface VersionMatrix {
  columns: Array<{
    key: string;
    region?: string;
    usage?: string;
    cluster?: string;
  }>;
  rows: Array<{
    version: string;
    cells: Record<string, number>;
    total: number;
  }>;
}

/** The matrix of the fleet; rows in the order of `versions` (newest first). */
export function versionMatrix(
  instances: readonly FleetInstance[],
  versions: readonly string[],
  by: MatrixColumns,
): VersionMatrix {
  const columns = new Map<string, VersionMatrix['columns'][number]>();
  const rows = new Map<string, VersionMatrix['rows'][number]>(
    versions.map(version => [version, { version, cells: {}, total: 0 }]),
  );
  for (const i of instances) {
    if (!i.chartVersion) continue;
    const key =
      by === 'cluster'
        ? i.cluster ?? '?'
        : `${i.region ?? '?'} / ${i.usage ?? '?'}`;
    if (!columns.has(key)) {
      columns.set(
        key,
        by === 'cluster'
          ? { key, cluster: i.cluster }
          : { key, region: i.region, usage: i.usage },
      );
    }
    let row = rows.get(i.chartVersion);
    if (!row) {
      row = { version: i.chartVersion, cells: {}, total: 0 };
      rows.set(i.chartVersion, row);
    }
    row.cells[key] = (row.cells[key] ?? 0) + 1;
    row.total++;
  }
  return {
    columns: [...columns.values()].sort((a, b) => a.key.localeCompare(b.key)),
    rows: [...rows.values()].filter(r => r.total > 0),
  };
}
