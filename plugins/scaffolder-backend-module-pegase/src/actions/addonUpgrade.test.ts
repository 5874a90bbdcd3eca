import {
  memoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPegaseAddonUpgradeAction } from './addonUpgrade';
import { actionHarness } from '../__testUtils__/actionHarness';

jest.setTimeout(120_000);

const LABEL = 'pc-scol.fr/addon-cert-manager-version';

describe('pegase:addon:upgrade', () => {
  const h = actionHarness(createPegaseAddonUpgradeAction);

  describe('change requests', () => {
    h.startEach();
    const input = {
      addon: 'cert-manager',
      to: 'v1.20.0',
      waves: ['sandbox', 'construction', 'production'],
    };

    it('opens one change request per wave of clusters; the branches read back at the new version', async () => {
      const { outputs } = await h.run(input);
      expect(
        outputs.changeRequests.map((c: any) => [c.wave, c.branch, c.clusters]),
      ).toEqual([
        ['sandbox', 'pegase/addon/cert-manager-v1.20.0-sandbox', 1],
        ['construction', 'pegase/addon/cert-manager-v1.20.0-construction', 2],
        ['production', 'pegase/addon/cert-manager-v1.20.0-production', 3],
      ]);
      expect(outputs.clusters[0]).toEqual({
        name: 'sxb-sandbox-1',
        usage: 'sandbox',
        applicationSet: 'addon-cert-manager-apps',
        from: 'v1.19.1',
        to: 'v1.20.0',
        wave: 'sandbox',
      });
      const mrs = h.peers.gitlab!.mergeRequests.get('pegase/gitops') ?? [];
      expect(mrs).toHaveLength(3);
      expect(mrs[0].title).toBe(
        'Move add-on cert-manager to v1.20.0 on 1 cluster(s) (sandbox)',
      );
      expect(mrs[0].description).toContain(
        '- sxb-sandbox-1: v1.19.1 → v1.20.0 (ApplicationSet `addon-cert-manager-apps`)',
      );

      // the sandbox branch: the label on its cluster, the template reading it
      const branch = 'pegase/addon/cert-manager-v1.20.0-sandbox';
      const changed = h.peers
        .files(branch)
        .filter(f => h.peers.show(branch, f) !== h.peers.show('main', f));
      expect(changed).toEqual([
        'argocd/addons/apps/cert-manager.yaml',
        'clusters/sxb-sandbox-1.yaml',
      ]);
      expect(h.peers.show(branch, 'clusters/sxb-sandbox-1.yaml')).toContain(
        `  ${LABEL}: v1.20.0\n`,
      );
      const tree: Record<string, string> = {};
      for (const f of h.peers.files(branch))
        if (!f.startsWith('vault/')) tree[f] = h.peers.show(branch, f)!;
      const s = await readGitopsRepository(memoryFileSource(tree));
      const apps = s.addons!.find(a => a.name === 'addon-cert-manager-apps')!;
      expect(apps.versions?.['sxb-sandbox-1']).toBe('v1.20.0');
      expect(apps.version).toBe('v1.19.1');

      const summary: string = outputs.summary;
      expect(summary).toContain(
        'Add-on **cert-manager** to **v1.20.0**: 6 cluster(s) in 3 wave(s).',
      );
      expect(summary).toMatch(
        /- \*\*production\*\*: \[change request 3\]\(http[^)]+\) \(opened\), 3 cluster\(s\)/,
      );

      // a re-run updates the same change requests
      const again = await h.run(input);
      expect(again.outputs.changeRequests.map((c: any) => c.updated)).toEqual([
        true,
        true,
        true,
      ]);
      expect(h.peers.gitlab!.mergeRequests.get('pegase/gitops')).toHaveLength(
        3,
      );
    });

    it('shows the whole diff in a dry run and opens nothing', async () => {
      const { outputs } = await h.run(
        { addon: 'resource:default/addon-strimzi-data', to: '0.49.0' },
        { isDryRun: true },
      );
      // every data cluster in one wave: the ApplicationSet's version moves, no label
      expect(outputs.diff).toContain('+++ b/argocd/addons/data/strimzi.yaml');
      expect(outputs.diff).toContain('+        targetRevision: 0.49.0');
      expect(outputs.diff).not.toContain('clusters/');
      expect(outputs.changeRequests[0]).toMatchObject({
        wave: 'all',
        number: 0,
        clusters: 2,
      });
      expect(h.writes()).toEqual([]);
      expect(h.peers.branches()).toEqual(['main']);
    });
  });

  describe('refusals', () => {
    h.startAll();
    h.itRefuses({ addon: 'cert-manager', to: 'v1.20.0' }, [
      [
        'an unknown add-on',
        { addon: 'nginx' },
        /add-on 'nginx' is not in the repository: known add-ons are cert-manager, /,
      ],
      [
        'a version that is no label value',
        { to: 'v1.20.0+build' },
        /version 'v1.20.0\+build' cannot be a cluster label value/,
      ],
      [
        'a cluster the add-on does not target',
        { addon: 'strimzi', to: '0.49.0', clusters: ['sxb-sandbox-1'] },
        /does not target it \(it targets sxb-prod-1, uca-prod-1\)/,
      ],
      ['nothing to move', { to: 'v1.19.1' }, /no cluster to move to v1.19.1/],
      ['a line break in the version', { to: 'v1\nx' }, /line break/],
    ]);

    it('refuses without pegase.addon.upgrade, naming it, and audits each entity', async () => {
      const deny = {
        async authorize(requests: any[]) {
          return requests.map(() => ({ result: AuthorizeResult.DENY }));
        },
        async authorizeConditional(requests: any[]) {
          return requests.map(() => ({ result: AuthorizeResult.DENY }));
        },
      } as any;
      await expect(
        h.run({ addon: 'strimzi', to: '0.49.0' }, { permissions: deny }),
      ).rejects.toThrow(
        'pegase.addon.upgrade is not allowed on resource:default/addon-strimzi-data, resource:default/sxb-prod-1, resource:default/uca-prod-1',
      );
      expect(
        h.lastOptions!.audited.map(a => [a.eventId, a.meta.entityRef]),
      ).toEqual([
        ['selfservice-access-refused', 'resource:default/addon-strimzi-data'],
        ['selfservice-access-refused', 'resource:default/sxb-prod-1'],
        ['selfservice-access-refused', 'resource:default/uca-prod-1'],
      ]);
      expect(h.writes()).toEqual([]);
    });
  });
});
