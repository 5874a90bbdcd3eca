/** Examples of the ArgoCD actions (shown to MCP clients; the demo's names). */
export const argocdActionExamples = {
  'get-instance-status': [
    {
      title: 'State of one instance',
      description: 'Sync, health, live revision and problems of uca-recette.',
      input: { instance: 'uca-recette' },
    },
  ],
  'get-component-status': [
    {
      title: 'A component across the fleet',
      description:
        'Every instance that runs the ins component, the ones with a problem first.',
      input: { component: 'ins', problemsOnly: false, limit: 100 },
    },
  ],
  'sync-instance': [
    {
      title: 'Sync a sandbox',
      description: 'Starts a sync of the ArgoCD Application of uca-recette.',
      input: { instance: 'uca-recette', prune: false },
    },
  ],
  'refresh-instance': [
    {
      title: 'Hard refresh',
      description:
        'Asks ArgoCD to re-read Git and the cluster for uca-recette, without the manifest cache.',
      input: { instance: 'uca-recette', hard: true },
    },
  ],
};
