import { parseAllDocuments } from 'yaml';
import { validateManifest } from '@pcscol/demo-fleet';
import { createPegaseInstanceCreateAction } from './instanceCreate';
import { actionHarness } from '../__testUtils__/actionHarness';

jest.setTimeout(60_000);

describe('pegase:instance:create', () => {
  const base = {
    university: 'univ-x',
    usage: 'construction',
    region: 'eu-sxb-1',
    cluster: 'resource:default/sxb-cons-1',
  };
  const h = actionHarness(createPegaseInstanceCreateAction);
  const { run, writes } = h;

  describe('change requests', () => {
    h.startEach({
      selfService: { limits: { construction: { maxInstances: 50 } } },
    });

    it('opens a merge request with the inventory entry, the values and the Vault layout', async () => {
      const { outputs } = await run(base);
      const branch = 'pegase/instance/univ-x-construction';
      expect(outputs.changeRequestUrl).toBe(
        `${h.peers.gitlab!.url}/pegase/gitops/-/merge_requests/1`,
      );
      expect(outputs.entityRef).toBe('resource:default/univ-x-construction');
      expect(outputs.filesChanged).toEqual([
        'instances/eu-sxb-1/construction/univ-x-construction/instance.json',
        'instances/eu-sxb-1/construction/univ-x-construction/values.yaml',
        'vault/univ-x-construction/database.yaml',
        'vault/univ-x-construction/kubernetes-auth.yaml',
        'vault/univ-x-construction/policies.yaml',
        'vault/univ-x-construction/secret-engines.yaml',
      ]);
      expect(h.peers.branches()).toContain(branch);
      const json = JSON.parse(
        h.peers.show(
          branch,
          'instances/eu-sxb-1/construction/univ-x-construction/instance.json',
        )!,
      );
      expect(json).toMatchObject({
        name: 'univ-x-construction',
        university: 'univ-x',
        usage: 'construction',
        cluster: 'sxb-cons-1',
      });
      expect(Object.keys(json).slice(0, 5)).toEqual([
        'name',
        'university',
        'usage',
        'region',
        'cluster',
      ]);

      // Vault layout of an instance (docs/architecture.md), and every CR valid against the official CRDs
      const names: string[] = [];
      for (const f of outputs.filesChanged.filter((x: string) =>
        x.startsWith('vault/'),
      )) {
        const docs = parseAllDocuments(h.peers.show(branch, f)!).map(d =>
          d.toJS(),
        );
        for (const doc of docs) {
          expect(validateManifest(doc, { file: f })).toEqual([]);
          names.push(
            `${doc.kind}:${doc.spec.path}/${
              doc.spec.name ?? doc.metadata.name
            }`,
          );
        }
      }
      expect(names).toEqual(
        expect.arrayContaining([
          'SecretEngineMount:pegase/univ-x-construction/kv',
          'SecretEngineMount:pegase/univ-x-construction/database',
          'DatabaseSecretEngineConfig:pegase/univ-x-construction/database/postgres',
          'DatabaseSecretEngineConfig:pegase/univ-x-construction/database/mongodb',
          'DatabaseSecretEngineStaticRole:pegase/univ-x-construction/database/postgres-owner',
          'DatabaseSecretEngineStaticRole:pegase/univ-x-construction/database/postgres-rw',
          'DatabaseSecretEngineStaticRole:pegase/univ-x-construction/database/mongodb-owner',
          'DatabaseSecretEngineStaticRole:pegase/univ-x-construction/database/mongodb-rw',
          'DatabaseSecretEngineRole:pegase/univ-x-construction/database/postgres-ro',
          'DatabaseSecretEngineRole:pegase/univ-x-construction/database/mongodb-ro',
          'KubernetesAuthEngineRole:kubernetes/sxb-cons-1/univ-x-construction',
          'Policy:undefined/univ-x-construction-db',
        ]),
      );
      const role = parseAllDocuments(
        h.peers.show(branch, 'vault/univ-x-construction/kubernetes-auth.yaml')!,
      )[0].toJS();
      expect(role.spec.policies).toEqual([
        'pegase-component-sxb-cons-1',
        'univ-x-construction-db',
      ]);
      expect(role.spec.targetServiceAccounts.length).toBeGreaterThan(10);

      const post = writes()[0];
      expect(post).toMatchObject({
        method: 'POST',
        path: '/api/v4/projects/pegase%2Fgitops/merge_requests',
        body: {
          source_branch: branch,
          target_branch: 'main',
          title:
            'New Pégase instance univ-x-construction (construction, sxb-cons-1)',
        },
      });
    });

    it('updates its open merge request when the same request runs again', async () => {
      await run(base);
      const second = await run({
        ...base,
        values: { global: { locale: 'fr' } },
      });
      expect(second.outputs.updated).toBe(true);
      expect(second.outputs.changeRequestNumber).toBe(1);
      expect(writes().map(c => c.method)).toEqual(['POST', 'PUT']);
      expect(
        [...h.peers.gitlab!.mergeRequests.get('pegase/gitops')!].length,
      ).toBe(1);
      expect(
        h.peers.show(
          'pegase/instance/univ-x-construction',
          'instances/eu-sxb-1/construction/univ-x-construction/values.yaml',
        ),
      ).toContain('locale: fr');
    });

    it('runs only the sub-charts asked, with a TTL for a sandbox', async () => {
      const { outputs } = await run({
        ...base,
        usage: 'sandbox',
        name: 'univ-x-demo',
        cluster: 'sxb-sandbox-1',
        ttl: '2026-12-31',
        components: ['ins', 'ref'],
        owner: 'group:default/equipe-toulouse',
      });
      const json = JSON.parse(
        h.peers.show('pegase/instance/univ-x-demo', outputs.filesChanged[0])!,
      );
      expect(json.ttl).toBe('2026-12-31');
      expect(json.owner).toBe('equipe-toulouse');
      expect(json.disabledComponents.length).toBeGreaterThan(20);
      expect(json.disabledComponents).not.toContain('ins');
    });

    it('shows the full diff in a dry run and opens nothing', async () => {
      const { outputs, logs } = await run(base, { isDryRun: true });
      expect(outputs.diff).toContain(
        '+++ b/instances/eu-sxb-1/construction/univ-x-construction/instance.json',
      );
      expect(outputs.diff).toContain('+  "name": "univ-x-construction",');
      expect(outputs.diff).toContain('kind: KubernetesAuthEngineRole');
      expect(logs.join('\n')).toContain('Dry run');
      expect(h.peers.gitlab!.calls).toEqual([]);
      expect(h.peers.branches()).toEqual(['main']);
    });

    it('asks the permission for production and refuses without it', async () => {
      const prod = { ...base, usage: 'production', cluster: 'sxb-prod-1' };
      await expect(run(prod, { allowProduction: false })).rejects.toThrow(
        /Production requests are limited/,
      );
      const { options, outputs } = await run(prod, { allowProduction: true });
      expect(options.permissions.calls).toEqual([
        'pegase.instance.create.production',
      ]);
      expect(outputs.changeRequestNumber).toBe(1);
    });
  });

  describe('validation', () => {
    h.startAll({
      selfService: { limits: { construction: { maxInstances: 50 } } },
    });

    const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an upper-case name', { name: 'Univ-X' }, /DNS-1123/],
      [
        'a name over 53 characters',
        { name: 'a'.repeat(54) },
        /1 to 53 characters/,
      ],
      ['a path trick in the name', { name: '../evil' }, /must not contain/],
      ['a slash in the region', { region: 'eu/../x' }, /must not contain/],
      [
        'a line break (YAML injection) in the university',
        { university: 'univ-x\nusage: production' },
        /line break/,
      ],
      [
        'a JSON injection in the university',
        { university: 'x", "usage": "production' },
        /university code/,
      ],
      [
        'a control character in a values key',
        { values: { 'a\u0000': 1 } },
        /control character/,
      ],
      [
        'a prototype key in values',
        { values: JSON.parse('{"__proto__": {"x": 1}}') },
        /forbidden key/,
      ],
      [
        'an existing instance',
        {
          name: 'unistra-production',
          usage: 'production',
          cluster: 'sxb-prod-1',
        },
        /already exists/,
      ],
      [
        'a cluster not in the inventory',
        { cluster: 'nowhere-1' },
        /not in the inventory/,
      ],
      [
        'a cluster of another region',
        { cluster: 'uca-cons-1' },
        /region fr-cfe-uca/,
      ],
      [
        'a cluster of another usage',
        { cluster: 'sxb-prod-1' },
        /hosts production instances/,
      ],
      [
        'an unknown sub-chart',
        { components: ['no-such-chart'] },
        /not sub-charts/,
      ],
      ['an unknown chart version', { chartVersion: '9.9.9' }, /9\.9\.9/],
      [
        'a sandbox without TTL',
        { usage: 'sandbox', cluster: 'sxb-sandbox-1' },
        /needs a ttl/,
      ],
      [
        'a TTL too far away',
        { usage: 'sandbox', cluster: 'sxb-sandbox-1', ttl: '2027-12-31' },
        /more than 90 days/,
      ],
      [
        'a TTL in the past',
        { usage: 'sandbox', cluster: 'sxb-sandbox-1', ttl: '2026-01-01' },
        /not in the future/,
      ],
      [
        'a TTL for production',
        { usage: 'production', cluster: 'sxb-prod-1', ttl: '2026-12-01' },
        /not allowed/,
      ],
      [
        'an owner that is not a group',
        { owner: 'user:default/guest' },
        /not a group/,
      ],
    ];
    h.itRefuses(base, invalid);

    it('refuses past the limit of instances of a usage', async () => {
      await h.start({
        selfService: { limits: { construction: { maxInstances: 1 } } },
      });
      await expect(run(base)).rejects.toThrow(
        /over the limit for construction \(1\)/,
      );
      expect(writes()).toEqual([]);
    });
  });
});
