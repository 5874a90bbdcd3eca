import { createPegaseInstanceCreateAction } from './instanceCreate';
import { examples } from './instanceCreate.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(60_000);

/** What each example's description promises, checked on the pushed files. */
const outcomes: Array<
  (instanceJson: Record<string, any>, filesChanged: string[]) => void
> = [
  // A construction instance of univ-x on a construction cluster
  (json, files) => {
    expect(json).toMatchObject({
      name: 'univ-x-construction',
      usage: 'construction',
      cluster: 'sxb-cons-1',
    });
    expect(files).toContain('vault/univ-x-construction/policies.yaml');
  },
  // A disposable sandbox instance running only ins and ref, with a TTL
  json => {
    expect(json).toMatchObject({
      name: 'univ-y-demo',
      usage: 'sandbox',
      ttl: '2027-01-31',
      owner: 'equipe-toulouse',
    });
    expect(json.disabledComponents).not.toContain('ins');
    expect(json.disabledComponents).not.toContain('ref');
    expect(json.disabledComponents.length).toBeGreaterThan(0);
  },
];

describe('pegase:instance:create examples', () => {
  const h = actionHarness(createPegaseInstanceCreateAction);
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:instance:create');

  it('documents one outcome per example', () => {
    expect(outcomes).toHaveLength(steps.length);
  });

  it.each(steps.map(([d, step], i) => [d, step, i] as const))(
    '%s: opens its merge request',
    async (_description, step, index) => {
      const { outputs } = await h.run(step.input);
      const name = outputs.entityRef.replace('resource:default/', '');
      expect(outputs.branch).toBe(`pegase/instance/${name}`);
      expect(outputs.changeRequestUrl).toBe(
        `${h.peers.gitlab!.url}/pegase/gitops/-/merge_requests/1`,
      );
      const instanceJson = outputs.filesChanged.find((f: string) =>
        f.endsWith('/instance.json'),
      );
      const json = JSON.parse(h.peers.show(outputs.branch, instanceJson)!);
      outcomes[index](json, outputs.filesChanged);
    },
  );
});
