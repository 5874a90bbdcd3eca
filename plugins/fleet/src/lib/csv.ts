import { toCsv, type FleetInstance } from '@pcscol/plugin-pegase-common';

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

/** The instances as CSV (header first), as the list shows them. */
export function fleetToCsv(instances: readonly FleetInstance[]): string {
  return toCsv(
    COLUMNS.map(([name]) => name),
    instances.map(i => COLUMNS.map(([, get]) => get(i))),
  );
}
