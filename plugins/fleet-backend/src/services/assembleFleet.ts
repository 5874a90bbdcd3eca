import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  annotationOf,
  disabledComponentsOf,
  parseSubChartVersions,
  PEGASE_ANNOTATIONS,
  ttlState,
  TTL_EXPIRING_DAYS,
  type FleetInstance,
  type FleetProblemKind,
  type FleetResponse,
  type FleetSubChartResponse,
  type FleetTtlState,
} from '@pcscol/plugin-pegase-common';
import {
  compareUmbrellaVersionsDesc,
  versionLag,
} from '@pcscol/plugin-pegase-node';
import type { ArgocdFleetStatuses } from './argocdStatus';

function ttlOf(value: string | undefined, now: Date): FleetTtlState {
  const state = ttlState(value, now);
  switch (state.kind) {
    case 'none':
    case 'invalid':
    case 'expired':
      return state.kind;
    case 'today':
      return 'expiring';
    default:
      return state.daysLeft <= TTL_EXPIRING_DAYS ? 'expiring' : 'ok';
  }
}

function problemsOf(i: FleetInstance): FleetProblemKind[] {
  const out: FleetProblemKind[] = [];
  if (i.argocd?.health === 'Degraded' || i.argocd?.health === 'Missing') {
    out.push('degraded');
  }
  if (i.argocd?.sync === 'OutOfSync') out.push('out-of-sync');
  // a failed or errored last sync/rollback, even on a Synced and Healthy app
  if (i.argocd?.failedOperation) out.push('operation-failed');
  if (
    i.argocd?.liveVersion &&
    i.chartVersion &&
    i.argocd.liveVersion !== i.chartVersion
  ) {
    out.push('version-drift');
  }
  if (i.ttlState === 'expired') out.push('ttl-expired');
  if (i.ttlState === 'expiring') out.push('ttl-expiring');
  return out;
}

/**
 * The fleet from the catalog's instance entities, the released versions and
 * ArgoCD's statuses: one row per instance, its problems, how far it is
 * behind the newest release, and the version distribution.
 */
export function assembleFleet(input: {
  instances: Entity[];
  releases: string[];
  argocd: ArgocdFleetStatuses;
  now: Date;
}): FleetResponse {
  const releases = [...input.releases].sort(compareUmbrellaVersionsDesc);
  const latest = releases[0];
  const statuses = new Map(input.argocd.items.map(s => [s.entityRef, s]));
  const counts = new Map<string, number>();
  const instances = input.instances.map(entity => {
    const entityRef = stringifyEntityRef(entity);
    const get = (key: string) => annotationOf(entity, key);
    const chartVersion = get(PEGASE_ANNOTATIONS.chartVersion);
    if (chartVersion)
      counts.set(chartVersion, (counts.get(chartVersion) ?? 0) + 1);
    const ttl = get(PEGASE_ANNOTATIONS.ttl);
    const status = statuses.get(entityRef);
    const row: FleetInstance = {
      entityRef,
      name: entity.metadata.name,
      region: get(PEGASE_ANNOTATIONS.region),
      usage: get(PEGASE_ANNOTATIONS.usage),
      cluster: get(PEGASE_ANNOTATIONS.cluster),
      university: get(PEGASE_ANNOTATIONS.university),
      owner:
        typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
      chartVersion,
      ttl,
      ttlState: ttlOf(ttl, input.now),
      behind:
        chartVersion && latest ? versionLag(chartVersion, latest) : undefined,
      disabledComponents: disabledComponentsOf(entity),
      argocd: status
        ? {
            sync: status.sync,
            health: status.health,
            liveVersion: status.liveVersion,
            uiUrl: status.uiUrl,
            ...(status.failedOperation
              ? { failedOperation: status.failedOperation }
              : {}),
          }
        : undefined,
      problems: [],
    };
    row.problems = problemsOf(row);
    return row;
  });
  instances.sort((a, b) => a.name.localeCompare(b.name));
  const versions = [...counts.entries()]
    .map(([version, count]) => ({ version, count }))
    .sort((a, b) => compareUmbrellaVersionsDesc(a.version, b.version));
  return {
    generatedAt: input.now.toISOString(),
    latest,
    releases,
    instances,
    versions,
    argocd: input.argocd.available
      ? { available: true }
      : { available: false, message: input.argocd.message },
  };
}

/**
 * One component across the fleet: which of its versions run where (implied
 * by each instance's umbrella version), and which instances disable it.
 */
export function subChartAcrossFleet(
  entityName: string,
  instances: Entity[],
): FleetSubChartResponse {
  const byVersion = new Map<string, string[]>();
  const disabledIn: string[] = [];
  for (const entity of instances) {
    const name = entity.metadata.name;
    if (disabledComponentsOf(entity).includes(entityName)) {
      disabledIn.push(name);
      continue;
    }
    const implied = parseSubChartVersions(
      annotationOf(entity, PEGASE_ANNOTATIONS.subChartVersions),
    );
    const version =
      implied && implied !== 'invalid' ? implied[entityName] : undefined;
    if (version)
      byVersion.set(version, [...(byVersion.get(version) ?? []), name]);
  }
  return {
    entityName,
    versions: [...byVersion.entries()]
      .map(([version, names]) => ({ version, instances: names.sort() }))
      .sort((a, b) => compareUmbrellaVersionsDesc(a.version, b.version)),
    disabledIn: disabledIn.sort(),
  };
}
