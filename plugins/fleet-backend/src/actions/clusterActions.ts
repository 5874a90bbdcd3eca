import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { pegaseFleetReadPermission } from '@pcscol/plugin-pegase-common';
import type { ClusterMatrixService } from '../services/ClusterMatrixService';
import type { ClusterMatrixResponse } from '@pcscol/plugin-pegase-common';
import { clusterActionExamples } from './clusterExamples';

/** The filters of the action (and of the view's URL). */
export interface ClusterFilters {
  region?: string;
  usage?: string;
  clusterType?: string;
  cluster?: string;
  addon?: string;
  problemsOnly?: boolean;
}

/**
 * The matrix narrowed to the clusters and add-on the filters name: clusters
 * by region, usage, type and name; cells by cluster and add-on; problems
 * concerning a kept cluster (a skew keeps only its kept clusters, and is
 * dropped when they agree). `problemsOnly` keeps the clusters with a problem.
 */
export function filterClusterMatrix(
  matrix: ClusterMatrixResponse,
  f: ClusterFilters,
) {
  let clusters = matrix.clusters.filter(
    c =>
      (!f.region || c.region === f.region) &&
      (!f.usage || c.usage === f.usage) &&
      (!f.clusterType || c.clusterType === f.clusterType) &&
      (!f.cluster || c.name === f.cluster),
  );
  const kept = new Set(clusters.map(c => c.name));
  const problems = matrix.problems.flatMap(p => {
    if (f.addon && p.addon !== undefined && p.addon !== f.addon) return [];
    if (p.versions) {
      const versions = p.versions
        .map(v => ({ ...v, clusters: v.clusters.filter(c => kept.has(c)) }))
        .filter(v => v.clusters.length > 0);
      return versions.length > 1 ? [{ ...p, versions }] : [];
    }
    return p.cluster && kept.has(p.cluster) ? [p] : [];
  });
  if (f.problemsOnly) {
    const concerned = new Set(
      problems.flatMap(p =>
        p.versions ? p.versions.flatMap(v => v.clusters) : [p.cluster!],
      ),
    );
    clusters = clusters.filter(c => concerned.has(c.name));
  }
  const names = new Set(clusters.map(c => c.name));
  const cells = matrix.cells.filter(
    c => names.has(c.cluster) && (!f.addon || c.addon === f.addon),
  );
  return { clusters, cells, problems };
}

/**
 * The Clusters view as an action (actions registry, for MCP clients and the
 * CLI): the clusters with their Kubernetes and Talos versions, each add-on's
 * declared and live version and ArgoCD state, and the problems. Needs
 * `pegase.fleet.read`; writes nothing.
 */
export function registerClusterActions(options: {
  actionsRegistry: ActionsRegistryService;
  clusters: ClusterMatrixService;
}) {
  const { actionsRegistry, clusters } = options;
  actionsRegistry.register({
    name: 'clusters',
    title: 'Pégase clusters and their add-ons',
    description:
      'The Kubernetes clusters (region, usage, cluster type, Kubernetes and Talos versions) with every add-on the add-on ApplicationSets deploy to them: declared chart version, the version that runs, ArgoCD sync and health. Problems: an add-on degraded, out of sync, whose last sync failed or without Application; version skew (Kubernetes, Talos, add-on) between clusters of the same type; a cluster no add-on targets. Filters narrow the clusters and the add-on.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: clusterActionExamples.clusters,
    schema: {
      input: z =>
        z.object({
          region: z.string().max(63).optional(),
          usage: z.enum(['sandbox', 'construction', 'production']).optional(),
          clusterType: z
            .string()
            .max(63)
            .optional()
            .describe(
              'Cluster type (its pc-scol.fr/cluster-type label), e.g. apps or data',
            ),
          cluster: z
            .string()
            .max(63)
            .optional()
            .describe('One cluster by name'),
          addon: z
            .string()
            .max(63)
            .optional()
            .describe("An add-on's chart name, e.g. cert-manager"),
          problemsOnly: z
            .boolean()
            .optional()
            .describe('Only the clusters concerned by a problem'),
        }),
      output: z =>
        z.object({
          argocd: z
            .object({ available: z.boolean(), message: z.string().optional() })
            .describe('Whether ArgoCD could be read; without it no live state'),
          clusters: z.array(
            z.object({
              name: z.string(),
              region: z.string().optional(),
              usage: z.string().optional(),
              clusterType: z.string().optional(),
              kubernetesVersion: z.string().optional(),
              talosVersion: z.string().optional(),
              addons: z.array(
                z.object({
                  addon: z.string(),
                  application: z.string(),
                  declaredVersion: z.string().optional(),
                  liveVersion: z.string().optional(),
                  sync: z.string().optional(),
                  health: z.string().optional(),
                }),
              ),
            }),
          ),
          problems: z.array(
            z.object({
              kind: z.string(),
              cluster: z.string().optional(),
              addon: z.string().optional(),
              clusterType: z.string().optional(),
              versions: z
                .array(
                  z.object({
                    version: z.string(),
                    clusters: z.array(z.string()),
                  }),
                )
                .optional(),
              detail: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input }) => {
      const matrix = await clusters.matrix();
      const view = filterClusterMatrix(matrix, input);
      return {
        output: {
          argocd: matrix.argocd,
          clusters: view.clusters.map(c => ({
            name: c.name,
            region: c.region,
            usage: c.usage,
            clusterType: c.clusterType,
            kubernetesVersion: c.kubernetesVersion,
            talosVersion: c.talosVersion,
            addons: view.cells
              .filter(cell => cell.cluster === c.name)
              .map(cell => ({
                addon: cell.addon,
                application: cell.application,
                declaredVersion: cell.declaredVersion,
                liveVersion: cell.liveVersion,
                sync: cell.sync,
                health: cell.health,
              })),
          })),
          problems: view.problems.map(({ uiUrl: _url, ...p }) => p),
        },
      };
    },
  });
}
