/** Examples of the Vault actions (shown to MCP clients; the demo's names). */
export const vaultActionExamples = {
  'get-instance-vault-metadata': [
    {
      title: 'What Vault holds for an instance',
      description:
        'The engines, database connections and roles, the Kubernetes auth role, the policies, the KV key names and the findings of uca-recette; never a value.',
      input: { instance: 'uca-recette', includeKv: true },
    },
  ],
  'get-component-vault-metadata': [
    {
      title: "Which Vault roles a component's service account gets",
      description:
        'The Kubernetes auth role, policies and database roles of the ins service account in the first 20 instances that run it.',
      input: { component: 'ins', offset: 0, limit: 20 },
    },
  ],
};
