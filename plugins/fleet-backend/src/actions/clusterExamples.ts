/**
 * The examples of the Clusters action, shown to MCP clients and run by
 * `clusterActions.test.ts` against an assembled matrix.
 */
export const clusterActionExamples = {
  clusters: [
    {
      title: 'Which add-ons are degraded or out of sync on the clusters?',
      input: { problemsOnly: true },
    },
    {
      title: 'Which versions of cert-manager run on the production clusters?',
      input: { usage: 'production' as const, addon: 'cert-manager' },
    },
    {
      title:
        'Do the apps clusters of eu-sxb-1 run the same Kubernetes and Talos?',
      input: { clusterType: 'apps', region: 'eu-sxb-1' },
    },
  ],
};
