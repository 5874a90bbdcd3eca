import { parseAllDocuments } from 'yaml';
import { validateManifest } from '@pcscol/demo-fleet';
import { createPegaseDbaasCreateAction } from './dbaasCreate';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';
import { examples } from './dbaasCreate.examples';

const VALUES = 'instances/fr-cfe-uca/construction/uca-recette/values.yaml';

jest.setTimeout(60_000);

describe('pegase:dbaas:create', () => {
  // the documented example (dbaasCreate.examples.ts)
  const [[, { input: base }]] = exampleSteps(examples, 'pegase:dbaas:create');

  const h = actionHarness(createPegaseDbaasCreateAction);
  const { run, writes } = h;

  describe('change requests', () => {
    h.startEach();

    it('renders a valid Zalando postgresql with its Vault roles and links it in the instance values', async () => {
      const { outputs } = await run(base);
      const branch = 'pegase/dbaas/pegase-uca-stats';
      expect(outputs.filesChanged).toEqual([
        'dbaas/pegase-uca-stats.yaml',
        VALUES,
      ]);
      expect(outputs.entityRef).toBe('resource:default/pegase-uca-stats');
      const text = h.peers.show(branch, 'dbaas/pegase-uca-stats.yaml')!;
      expect(
        text.startsWith('# DBaaS PostgreSQL cluster pegase-uca-stats'),
      ).toBe(true);
      const docs = parseAllDocuments(text).map(d => d.toJS());
      for (const doc of docs)
        expect(
          validateManifest(doc, { file: 'dbaas/pegase-uca-stats.yaml' }),
        ).toEqual([]);
      expect(docs[0]).toMatchObject({
        kind: 'postgresql',
        metadata: {
          name: 'pegase-uca-stats',
          namespace: 'uca-recette',
          labels: {
            'pc-scol.fr/requested-for': 'resource.default.uca-recette',
            'pc-scol.fr/cluster': 'uca-cons-1',
          },
        },
        spec: {
          teamId: 'pegase',
          numberOfInstances: 2,
          volume: { size: '20Gi' },
          postgresql: { version: '17' },
          databases: { stats: 'stats_owner' },
        },
      });
      expect(
        docs.slice(1).map(d => `${d.kind}:${d.spec.path}/${d.spec.name}`),
      ).toEqual([
        'SecretEngineMount:dbaas/pegase-uca-stats/database',
        'DatabaseSecretEngineConfig:dbaas/pegase-uca-stats/database/postgres',
        'DatabaseSecretEngineStaticRole:dbaas/pegase-uca-stats/database/owner',
        'DatabaseSecretEngineStaticRole:dbaas/pegase-uca-stats/database/rw',
        'DatabaseSecretEngineRole:dbaas/pegase-uca-stats/database/ro',
      ]);
      // the instance values: comments and key order kept, only added lines
      const before = h.peers.show('main', VALUES)!;
      const after = h.peers.show(branch, VALUES)!;
      expect(
        after.startsWith(
          before.split('\nconnecteur-moodle')[0].split('\n  cluster:')[0],
        ),
      ).toBe(true);
      const diffLines = outputs.diff
        .split('\n')
        .filter((l: string) => /^[-+][^-+]/.test(l));
      expect(diffLines.filter((l: string) => l.startsWith('-'))).toEqual([]);
      expect(after).toContain('# Values of uca-recette');
      expect(after).toContain(
        '      pegase-uca-stats:\n        host: pegase-uca-stats.uca-recette.svc',
      );
      expect(writes()[0]).toMatchObject({
        method: 'POST',
        body: { source_branch: branch },
      });
    });

    it('updates its merge request on a re-run, and shows only the diff in a dry run', async () => {
      const dry = await run(base, { isDryRun: true });
      expect(dry.outputs.diff).toContain('+kind: postgresql');
      expect(writes()).toEqual([]);
      await run(base);
      const again = await run({ ...base, volumeSize: '30Gi' });
      expect(again.outputs.updated).toBe(true);
      expect(writes().map(c => c.method)).toEqual(['POST', 'PUT']);
      expect(
        h.peers.show(
          'pegase/dbaas/pegase-uca-stats',
          'dbaas/pegase-uca-stats.yaml',
        ),
      ).toContain('size: 30Gi');
    });
  });

  describe('validation', () => {
    h.startAll();

    const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a name without the team prefix',
        { name: 'stats-db' },
        /must start with the team id/,
      ],
      ['the bare team prefix', { name: 'pegase-' }, /Zalando cluster name/],
      [
        'a name over 58 characters',
        { name: `pegase-${'a'.repeat(52)}` },
        /1 to 58 characters/,
      ],
      [
        'a name starting with a digit',
        { name: '1pegase-x' },
        /Zalando cluster name/,
      ],
      [
        'a path trick in the name',
        { name: 'pegase-../../x' },
        /must not contain/,
      ],
      [
        'a YAML injection in a user',
        { users: [{ name: 'a\nb: c' }] },
        /line break/,
      ],
      [
        'a bad user name',
        { users: [{ name: 'Bad-User' }], databases: [] },
        /PostgreSQL role name/,
      ],
      [
        'an unknown user flag',
        { users: [{ name: 'u', flags: ['root'] }], databases: [] },
        /flag 'root'/,
      ],
      [
        'a database owned by an unknown user',
        { databases: [{ name: 'x', owner: 'nobody' }] },
        /must be one of the users/,
      ],
      [
        'a requestedFor that is no entity ref',
        { requestedFor: 'a:b:c/d/e' },
        /cannot be written as a label value/,
      ],
      ['an empty requestedFor', { requestedFor: '' }, /not an entity ref/],
      [
        'too many instances for the usage',
        { numberOfInstances: 3 },
        /over the limit for construction/,
      ],
      [
        'too big a volume for the usage',
        { volumeSize: '2Ti' },
        /over the limit for construction/,
      ],
      ['a malformed size', { volumeSize: '20GB' }, /not a size/],
      ['an existing cluster', { name: 'pegase-stats' }, /already exists/],
      [
        'an existing database in the namespace',
        {
          name: 'pegase-rdd-2',
          requestedFor: 'resource:default/unistra-production',
          usage: 'production',
          namespace: 'pegase-rdd-unistra',
          users: [{ name: 'rdd_owner' }],
          databases: [{ name: 'rdd', owner: 'rdd_owner' }],
        },
        /database 'rdd' already exists/,
      ],
      ['an unknown cluster', { cluster: 'nowhere-1' }, /not in the inventory/],
      [
        'no namespace for an entity outside the inventory',
        { requestedFor: 'component:default/gfi' },
        /namespace is required/,
      ],
    ];
    h.itRefuses(base, invalid);

    h.itRefusesProductionWithoutPermission(base);
  });
});
