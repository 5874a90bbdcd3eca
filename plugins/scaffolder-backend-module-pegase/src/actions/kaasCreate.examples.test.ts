import { parseAllDocuments } from 'yaml';
import { createPegaseKaasCreateAction } from './kaasCreate';
import { examples } from './kaasCreate.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(60_000);

describe('pegase:kaas:create examples', () => {
  const h = actionHarness(createPegaseKaasCreateAction);
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:kaas:create');

  it('has the one documented example', () => {
    expect(steps).toHaveLength(1);
  });

  it.each(steps)('%s: opens its merge request', async (_description, step) => {
    const { outputs } = await h.run(step.input);
    const name = step.input.name as string;
    expect(outputs.branch).toBe(`pegase/kaas/${name}`);
    expect(outputs.changeRequestUrl).toContain('/merge_requests/1');
    // outside the inventory: no instance values to link
    expect(outputs.filesChanged).toEqual([`kaas/${name}.yaml`]);
    const docs = parseAllDocuments(
      h.peers.show(outputs.branch, `kaas/${name}.yaml`)!,
    ).map(d => d.toJS());
    expect(docs.map(d => `${d.kind} ${d.metadata.name}`)).toEqual([
      `Kafka ${name}`,
      'KafkaNodePool dual',
      'KafkaTopic ins-events',
      'KafkaUser ins-app',
    ]);
    expect(docs[1].spec.replicas).toBe(3);
    expect(docs[0].metadata.namespace).toBe('univ-x-construction');
  });
});
