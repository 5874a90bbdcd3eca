import fs from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { validateYamlManifests } from '@pcscol/demo-fleet';
import { Peers, startPeers } from '@pcscol/plugin-pegase-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModulePegase from './index';

jest.setTimeout(120_000);

const templatesDir = path.resolve(__dirname, '../../../templates');

function template(folder: string): Entity {
  const entity = parse(
    fs.readFileSync(path.join(templatesDir, folder, 'template.yaml'), 'utf8'),
  );
  entity.metadata.namespace = 'default';
  return entity;
}

/**
 * Each template runs through the real scaffolder backend (task broker, workers,
 * templating) with this module, against a real git remote over HTTP and the
 * GitLab / GitHub stand-ins: the pushed branch, the change request, the re-run.
 */
describe.each(['gitlab', 'github'] as const)(
  'the templates through the scaffolder backend (%s)',
  forge => {
    let peers: Peers;
    let baseUrl: string;
    let stopBackend: () => Promise<void>;

    beforeAll(async () => {
      peers = await startPeers({ forge });
      const backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModulePegase,
          catalogServiceMock.factory({
            entities: [
              template('pegase-instance'),
              template('pegase-dbaas'),
              template('pegase-kaas'),
              template('pegase-upgrade'),
              template('pegase-remove'),
              template('pegase-addon-upgrade'),
            ],
          }),
          mockServices.rootConfig.factory({ data: peers.config.get() as any }),
        ],
      });
      baseUrl = `http://127.0.0.1:${
        (backend.server.address() as AddressInfo).port
      }/api/scaffolder`;
      stopBackend = () => backend.stop();
    });
    afterAll(async () => {
      await stopBackend?.();
      await peers?.stop();
    });

    const headers = {
      'content-type': 'application/json',
      authorization: mockCredentials.user.header('user:default/guest'),
    };

    async function runTask(
      templateName: string,
      values: Record<string, unknown>,
    ) {
      const res = await fetch(`${baseUrl}/v2/tasks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          templateRef: `template:default/${templateName}`,
          values,
        }),
      });
      if (res.status !== 201)
        throw new Error(
          `POST /v2/tasks answered ${res.status}: ${await res.text()}`,
        );
      const { id } = await res.json();
      for (;;) {
        const task = await (
          await fetch(`${baseUrl}/v2/tasks/${id}`, { headers })
        ).json();
        if (task.status === 'completed' || task.status === 'failed') {
          const events = await (
            await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers })
          ).json();
          return {
            task,
            log: events.map((e: any) => e.body?.message ?? '').join('\n'),
            output: events.find((e: any) => e.type === 'completion')?.body
              ?.output,
          };
        }
        await new Promise(r => setTimeout(r, 100));
      }
    }

    const changeRequests = () =>
      forge === 'gitlab'
        ? peers.gitlab!.mergeRequests.get('pegase/gitops') ?? []
        : peers.github!.pullRequests.get('pegase/gitops') ?? [];

    it('"New Pégase instance" pushes the branch and opens the change request; a re-run updates it', async () => {
      const values = {
        university: 'univ-z',
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'resource:default/sxb-cons-1',
        components: [
          'component:default/ins',
          'component:default/ref',
          'component:default/gfi',
        ],
        owner: 'group:default/equipe-nantes',
      };
      const { task, log, output } = await runTask('pegase-instance', values);
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      const branch = 'pegase/instance/univ-z-construction';
      const prs = changeRequests();
      expect(prs).toHaveLength(1);
      const url = forge === 'gitlab' ? prs[0].web_url : prs[0].html_url;
      expect(log).toContain(String(url));
      const json = JSON.parse(
        peers.show(
          branch,
          'instances/eu-sxb-1/construction/univ-z-construction/instance.json',
        )!,
      );
      expect(json).toMatchObject({
        name: 'univ-z-construction',
        owner: 'equipe-nantes',
        cluster: 'sxb-cons-1',
      });
      for (const f of [
        'database',
        'kubernetes-auth',
        'policies',
        'secret-engines',
      ]) {
        const file = `vault/univ-z-construction/${f}.yaml`;
        expect(
          validateYamlManifests(peers.show(branch, file)!, { file }),
        ).toEqual([]);
      }
      expect(output.links).toEqual([
        { title: 'Change request', url },
        {
          title: 'The instance in the catalog (once merged)',
          icon: 'catalog',
          entityRef: 'resource:default/univ-z-construction',
        },
      ]);

      const again = await runTask('pegase-instance', {
        ...values,
        components: ['component:default/ins'],
      });
      expect(again.task.status).toBe('completed');
      expect(again.log).toMatch(/Updated (merge|pull) request/);
      expect(changeRequests()).toHaveLength(1);
      const updated = JSON.parse(
        peers.show(
          branch,
          'instances/eu-sxb-1/construction/univ-z-construction/instance.json',
        )!,
      );
      expect(updated.disabledComponents).toContain('gfi');
    });

    it('"Upgrade Pégase instances" opens one change request per wave, editing chartVersion only; a re-run updates it', async () => {
      const values = {
        to: 'current',
        usage: ['production'],
        waves: ['production'],
      };
      const before = changeRequests().length;
      const { task, log, output } = await runTask('pegase-upgrade', values);
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      expect(changeRequests()).toHaveLength(before + 1);
      const file =
        'instances/fr-cfe-uca/production/uca-production/instance.json';
      const branch = 'pegase/upgrade/25.0.0-production';
      const main = peers.show('main', file) ?? '';
      const upgraded = peers.show(branch, file) ?? '';
      expect(JSON.parse(upgraded)).toEqual({
        ...JSON.parse(main),
        chartVersion: '25.0.0',
      });
      // the output page reads Markdown: a link to the change request, the plan
      const summary: string = output.text[0].content;
      expect(summary).toContain(branch);
      expect(summary).toMatch(
        /- \*\*production\*\*: \[change request \d+\]\(http[^)]+\) \(opened\)/,
      );
      expect(summary).toMatch(/- uca-production \([^)]+\): \S+ → 25\.0\.0/);
      expect(summary).not.toContain('{"');
      const again = await runTask('pegase-upgrade', values);
      expect(again.task.status).toBe('completed');
      expect(again.log).toMatch(/Updated (merge|pull) request/);
      expect(again.output.text[0].content).toMatch(
        /\[change request \d+\]\([^)]+\) \(updated\)/,
      );
      expect(changeRequests()).toHaveLength(before + 1);
    });

    it('"Move a cluster add-on" opens one change request per wave of clusters', async () => {
      const values = {
        addon: 'resource:default/strimzi',
        to: '0.49.0',
        waves: ['production'],
      };
      const before = changeRequests().length;
      const { task, log, output } = await runTask(
        'pegase-addon-upgrade',
        values,
      );
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      expect(changeRequests()).toHaveLength(before + 1);
      const branch = 'pegase/addon/strimzi-0.49.0-production';
      const file = 'argocd/addons/data/strimzi.yaml';
      expect(peers.show(branch, file)).toBe(
        peers
          .show('main', file)!
          .replace('targetRevision: 0.48.0', 'targetRevision: 0.49.0'),
      );
      expect(output.text[0].content).toMatch(
        /- \*\*production\*\*: \[change request \d+\]\(http[^)]+\) \(opened\), 2 cluster\(s\)/,
      );
    });

    it('"Remove a Pégase instance" deletes its folder and vault/<name>/ in one change request', async () => {
      const folder = 'instances/fr-cfe-uca/construction/uca-recette/';
      expect(peers.files('main').some(f => f.startsWith(folder))).toBe(true);
      const { task, log, output } = await runTask('pegase-remove', {
        instance: 'resource:default/uca-recette',
        reason: 'no longer used',
      });
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      const files = peers.files('pegase/remove/uca-recette');
      expect(files.some(f => f.startsWith(folder))).toBe(false);
      expect(files.some(f => f.startsWith('vault/uca-recette/'))).toBe(false);
      expect(files.length).toBeLessThan(peers.files('main').length);
      // a Markdown list of the deleted files, not JSON
      expect(output.text[0].content).toContain(
        `\n- \`${folder}instance.json\`\n`,
      );
    });

    it("the upgrade-instances action (actions registry) runs the upgrade template with the caller's credentials", async () => {
      const invoke = (input: unknown) =>
        fetch(
          `${baseUrl}/.backstage/actions/v1/actions/scaffolder:upgrade-instances/invoke`,
          { method: 'POST', headers, body: JSON.stringify(input) },
        );
      const refused = await invoke({ to: 42 });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('to');

      // the production wave the template test opened: updated, not duplicated
      const before = changeRequests().length;
      const res = await invoke({
        to: 'current',
        usage: ['production'],
        waves: ['production'],
      });
      const body = await res.json();
      expect({ status: res.status, body }).toMatchObject({ status: 200 });
      expect(body.output.status).toBe('completed');
      const [change] = body.output.changeRequests;
      expect(body.output.changeRequests).toHaveLength(1);
      expect(change).toMatchObject({
        wave: 'production',
        branch: 'pegase/upgrade/25.0.0-production',
        updated: true,
      });
      expect(changeRequests()).toHaveLength(before);

      const unknown = await invoke({ to: '99.0.0' });
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('99.0.0');
    });

    it('"New PostgreSQL cluster (DBaaS)" and "New Kafka cluster (KaaS)" open their change requests', async () => {
      const dbaas = await runTask('pegase-dbaas', {
        name: 'pegase-univ-z-stats',
        requestedFor: 'resource:default/uca-recette',
        usage: 'construction',
        numberOfInstances: 1,
        volumeSize: '10Gi',
        version: '16',
        users: [{ name: 'stats_owner', flags: ['createdb'] }],
        databases: [{ name: 'stats', owner: 'stats_owner' }],
      });
      expect(dbaas.task.status).toBe('completed');
      const pg = peers.show(
        'pegase/dbaas/pegase-univ-z-stats',
        'dbaas/pegase-univ-z-stats.yaml',
      )!;
      expect(
        validateYamlManifests(pg, { file: 'dbaas/pegase-univ-z-stats.yaml' }),
      ).toEqual([]);

      const kaas = await runTask('pegase-kaas', {
        name: 'univ-z-events',
        requestedFor: 'component:default/gfi',
        usage: 'construction',
        namespace: 'univ-z-kafka',
        cluster: 'resource:default/sxb-cons-1',
        replicas: 3,
        volumeSize: '10Gi',
        topics: [{ name: 'paiements', partitions: 3 }],
        users: [{ name: 'gfi', topics: ['paiements'], access: 'write' }],
      });
      expect(kaas.task.status).toBe('completed');
      const kafka = peers.show(
        'pegase/kaas/univ-z-events',
        'kaas/univ-z-events.yaml',
      )!;
      expect(
        validateYamlManifests(kafka, { file: 'kaas/univ-z-events.yaml' }),
      ).toEqual([]);
      expect(changeRequests().map(c => c.title)).toEqual(
        expect.arrayContaining([
          'New PostgreSQL cluster pegase-univ-z-stats for resource:default/uca-recette',
          'New Kafka cluster univ-z-events for component:default/gfi',
        ]),
      );
    });

    it('fails a bad request with a clear error and opens nothing', async () => {
      const before = changeRequests().length;
      const { task, log } = await runTask('pegase-instance', {
        university: 'univ-q',
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'resource:default/no-such-cluster',
      });
      expect(task.status).toBe('failed');
      expect(log).toContain(
        `cluster 'no-such-cluster' is not in the inventory`,
      );
      expect(changeRequests().length).toBe(before);
    });

    it('shows the full diff through the dry-run API', async () => {
      const res = await fetch(`${baseUrl}/v2/dry-run`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          template: template('pegase-instance'),
          values: {
            university: 'univ-d',
            usage: 'construction',
            region: 'eu-sxb-1',
            cluster: 'sxb-cons-1',
          },
          directoryContents: [],
        }),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      const log = body.log.map((l: any) => l.body.message).join('\n');
      expect(log).toContain('Dry run');
      expect(log).toContain(
        '+++ b/instances/eu-sxb-1/construction/univ-d-construction/instance.json',
      );
      expect(peers.branches()).not.toContain(
        'pegase/instance/univ-d-construction',
      );
    });
  },
);
