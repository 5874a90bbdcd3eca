import { parseAllDocuments } from 'yaml';
import { validateManifest } from '@pcscol/demo-fleet';
import { createPegaseKaasCreateAction } from './kaasCreate';
import { actionHarness } from '../__testUtils__/actionHarness';

jest.setTimeout(60_000);

describe('pegase:kaas:create', () => {
  const base = {
    name: 'uca-events',
    requestedFor: 'resource:default/uca-recette',
    usage: 'construction',
    replicas: 3,
    volumeSize: '20Gi',
    topics: [{ name: 'ins-events', partitions: 3, retentionHours: 168 }],
    users: [{ name: 'ins-app', topics: ['ins-events'], access: 'readwrite' }],
  };
  const h = actionHarness(createPegaseKaasCreateAction);
  const { run, writes } = h;

  describe('change requests (GitHub)', () => {
    h.startEach({ forge: 'github' });

    it('renders a valid KRaft Kafka, node pool, topics and users, and opens a pull request', async () => {
      const { outputs } = await run(base);
      const branch = 'pegase/kaas/uca-events';
      expect(outputs.changeRequestUrl).toBe(
        `${h.peers.github!.url}/pegase/gitops/pull/1`,
      );
      expect(outputs.filesChanged).toEqual([
        'instances/fr-cfe-uca/construction/uca-recette/values.yaml',
        'kaas/uca-events.yaml',
      ]);
      const docs = parseAllDocuments(
        h.peers.show(branch, 'kaas/uca-events.yaml')!,
      ).map(d => d.toJS());
      expect(
        docs.map(d => `${d.apiVersion} ${d.kind} ${d.metadata.name}`),
      ).toEqual([
        'kafka.strimzi.io/v1 Kafka uca-events',
        'kafka.strimzi.io/v1 KafkaNodePool dual',
        'kafka.strimzi.io/v1 KafkaTopic ins-events',
        'kafka.strimzi.io/v1 KafkaUser ins-app',
      ]);
      for (const doc of docs)
        expect(validateManifest(doc, { file: 'kaas/uca-events.yaml' })).toEqual(
          [],
        );
      for (const doc of docs)
        expect(doc.metadata.labels['pc-scol.fr/requested-for']).toBe(
          'resource.default.uca-recette',
        );
      expect(docs[1].metadata.labels['strimzi.io/cluster']).toBe('uca-events');
      expect(docs[2].spec).toEqual({
        partitions: 3,
        replicas: 3,
        config: { 'retention.ms': 604800000 },
      });
      expect(writes()[0]).toMatchObject({
        method: 'POST',
        path: '/repos/pegase/gitops/pulls',
        body: { head: branch, base: 'main' },
      });
    });

    it('updates its pull request on a re-run', async () => {
      await run(base);
      const again = await run({ ...base, replicas: 1 });
      expect(again.outputs.updated).toBe(true);
      expect(writes().map(c => c.method)).toEqual(['POST', 'PATCH']);
      expect(h.peers.github!.pullRequests.get('pegase/gitops')!.length).toBe(1);
    });

    it('writes v1beta2 with the KRaft annotations when the config asks', async () => {
      await h.start({
        forge: 'github',
        selfService: { kafkaApiVersion: 'v1beta2' },
      });
      const { outputs } = await run(base, { isDryRun: true });
      expect(outputs.diff).toContain('+apiVersion: kafka.strimzi.io/v1beta2');
      expect(outputs.diff).toContain('strimzi.io/node-pools: enabled');
      expect(writes()).toEqual([]);
    });
  });

  describe('validation', () => {
    h.startAll({ forge: 'github' });

    const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an upper-case name', { name: 'Events' }, /Kafka cluster name/],
      [
        'a name over 40 characters',
        { name: `k${'a'.repeat(40)}` },
        /1 to 40 characters/,
      ],
      ['a path trick', { name: '../kaas' }, /must not contain/],
      [
        'a JSON injection in a topic',
        { topics: [{ name: 'a"}, {"b', partitions: 1 }] },
        /KafkaTopic name/,
      ],
      [
        'too many replicas for the usage',
        { usage: 'sandbox', replicas: 3 },
        /over the limit for sandbox/,
      ],
      [
        'too many partitions',
        { topics: [{ name: 't', partitions: 500 }], users: [] },
        /partitions/,
      ],
      [
        'a user naming an unknown topic',
        { users: [{ name: 'u', topics: ['nope'] }] },
        /not in the request/,
      ],
      [
        'a duplicate topic',
        {
          topics: [
            { name: 't', partitions: 1 },
            { name: 't', partitions: 1 },
          ],
          users: [],
        },
        /listed twice/,
      ],
      [
        'an existing Kafka cluster',
        { name: 'pegase-events' },
        /already exists/,
      ],
      [
        'an unknown cluster',
        { cluster: 'resource:default/nowhere-1' },
        /not in the inventory/,
      ],
      ['a bad kafka version', { kafkaVersion: 'latest' }, /not a version/],
    ];
    h.itRefuses(base, invalid);

    h.itRefusesProductionWithoutPermission(base);
  });
});
