import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ThanosService } from './ThanosService';
import { readThanosConfig } from '../config';
import { fleetEntities, TEST_FLEET } from '../__testUtils__/peers';
import { promString, queryWindow } from './promql';
import { renderTemplate } from './templates';

function service(fetchImpl: typeof fetch, extra: Record<string, unknown> = {}) {
  const entities = fleetEntities(TEST_FLEET);
  const catalog = {
    getEntityByRef: async (ref: string) =>
      entities.find(
        e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase() ===
          ref,
      ),
    getEntities: async (req: { filter: Record<string, string> }) => ({
      items: entities.filter(
        e =>
          (e.spec as any)?.type === 'pegase-instance' &&
          e.relations?.some(
            r => r.targetRef === req.filter['relations.dependsOn'],
          ),
      ),
    }),
  };
  return new ThanosService({
    config: readThanosConfig(
      new ConfigReader({
        pegase: {
          thanos: {
            queriers: [{ name: 'q', url: 'http://querier.test', ...extra }],
          },
        },
      }),
    ),
    catalog,
    cache: mockServices.cache.mock(),
    logger: mockServices.logger.mock(),
    fetchImpl,
  });
}

const answer = (data: unknown) =>
  new Response(JSON.stringify({ status: 'success', data }), {
    headers: { 'content-type': 'application/json' },
  });

describe('ThanosService', () => {
  it('coalesces identical concurrent queries into one upstream call', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      await new Promise(r => setTimeout(r, 50));
      return answer({ resultType: 'matrix', result: [] });
    }) as unknown as typeof fetch;
    const s = service(fetchImpl);
    const creds = mockCredentials.user();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        s.graph('component:default/ins', creds, {
          graphId: 'cpu',
          rangeSeconds: 86400,
        }),
      ),
    );
    expect(calls).toBe(1);
  });

  it('sends the server-side token, tenant and Thanos parameters', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return answer({ resultType: 'matrix', result: [] });
    }) as unknown as typeof fetch;
    const s = service(fetchImpl, {
      token: 's3cret',
      tenantHeader: 'THANOS-TENANT',
      tenant: 'pegase',
      dedup: false,
    });
    await s.graph('component:default/ins', mockCredentials.user(), {
      graphId: 'cpu',
      rangeSeconds: 3600,
    });
    expect(seen[0].url).toBe('http://querier.test/api/v1/query_range');
    const headers = seen[0].init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer s3cret');
    expect(headers['THANOS-TENANT']).toBe('pegase');
    const form = new URLSearchParams(String(seen[0].init.body));
    expect(form.get('dedup')).toBe('false');
    expect(form.get('partial_response')).toBe('true');
    expect(form.get('query')).toContain(
      'namespace=~"univ-a-prod|univ-b-prod|univ-c-prod"',
    );
    expect(form.get('query')).toContain('container="ins"');
  });

  it('keeps firing and pending alerts of the entity only', async () => {
    const fetchImpl = (async () =>
      answer({
        alerts: [
          {
            labels: {
              alertname: 'A',
              namespace: 'univ-a-prod',
              container: 'ins',
            },
            state: 'firing',
          },
          {
            labels: {
              alertname: 'B',
              namespace: 'univ-b-prod',
              deployment: 'ins',
            },
            state: 'pending',
          },
          {
            labels: {
              alertname: 'C',
              namespace: 'univ-b-prod',
              container: 'pai',
            },
            state: 'firing',
          },
          {
            labels: {
              alertname: 'D',
              namespace: 'elsewhere',
              container: 'ins',
            },
            state: 'firing',
          },
          {
            labels: {
              alertname: 'E',
              namespace: 'univ-a-prod',
              container: 'ins',
            },
            state: 'inactive',
          },
        ],
      })) as unknown as typeof fetch;
    const s = service(fetchImpl);
    const res = await s.alerts('component:default/ins', mockCredentials.user());
    expect(res.alerts.map(a => [a.name, a.state, a.instance])).toEqual([
      ['A', 'firing', 'univ-a'],
      ['B', 'pending', 'univ-b'],
    ]);
    const inst = await s.alerts(
      'resource:default/univ-b',
      mockCredentials.user(),
    );
    expect(inst.alerts.map(a => a.name)).toEqual(['C', 'B']);
  });
});

describe('promql', () => {
  it('chooses a step so that a series never exceeds 500 points', () => {
    for (const range of [
      3600,
      6 * 3600,
      86400,
      7 * 86400,
      30 * 86400,
      31 * 86400,
    ]) {
      const w = queryWindow(range, 1_795_000_123, 30);
      expect((w.end - w.start) / w.step + 1).toBeLessThanOrEqual(500);
      expect(w.end % w.step).toBe(0);
      expect(w.window).toBeGreaterThanOrEqual(120);
    }
  });

  it('turns every value into one string literal', () => {
    expect(promString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const q = renderTemplate(
      'up{namespace=$namespace, container=$workload}[$window]',
      {
        namespace: '"} or vector(1) #',
        workload: 'x',
        window: 90.4,
      },
    );
    expect(q).toBe('up{namespace="\\"} or vector(1) #", container="x"}[90s]');
    expect(() =>
      renderTemplate('up{namespace=$namespace}', { window: 60 }),
    ).toThrow(/needs \$namespace/);
  });

  it('rejects config templates with unknown placeholders', () => {
    expect(() =>
      readThanosConfig(
        new ConfigReader({
          pegase: {
            thanos: {
              templates: [{ id: 'x', title: 'X', instance: 'up{a=$user}' }],
            },
          },
        }),
      ),
    ).toThrow(/unknown placeholder \$user/);
  });
});
