import { parseAllDocuments } from 'yaml';
import { createPegaseDbaasCreateAction } from './dbaasCreate';
import { examples } from './dbaasCreate.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(60_000);

describe('pegase:dbaas:create examples', () => {
  const h = actionHarness(createPegaseDbaasCreateAction);
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:dbaas:create');

  it('has the one documented example', () => {
    expect(steps).toHaveLength(1);
  });

  it.each(steps)('%s: opens its merge request', async (_description, step) => {
    const { outputs } = await h.run(step.input);
    const name = step.input.name as string;
    expect(outputs.branch).toBe(`pegase/dbaas/${name}`);
    expect(outputs.changeRequestUrl).toContain('/merge_requests/1');
    // its connection in the values of the instance it serves
    expect(outputs.filesChanged).toEqual([
      `dbaas/${name}.yaml`,
      'instances/fr-cfe-uca/construction/uca-recette/values.yaml',
    ]);
    const [postgresql] = parseAllDocuments(
      h.peers.show(outputs.branch, `dbaas/${name}.yaml`)!,
    ).map(d => d.toJS());
    // namespace and cluster from the inventory
    expect(postgresql).toMatchObject({
      kind: 'postgresql',
      metadata: { name, namespace: 'uca-recette' },
      spec: { numberOfInstances: 2, postgresql: { version: '17' } },
    });
    expect(Object.values(postgresql.metadata.labels)).toContain('uca-cons-1');
  });
});
