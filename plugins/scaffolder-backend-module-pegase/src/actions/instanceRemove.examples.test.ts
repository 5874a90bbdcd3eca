import { createPegaseInstanceRemoveAction } from './instanceRemove';
import { examples } from './instanceRemove.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(120_000);

describe('pegase:instance:remove examples', () => {
  const h = actionHarness(createPegaseInstanceRemoveAction, { instances: 5 });
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:instance:remove');

  it.each(steps)('%s: opens a change request', async (_d, step) => {
    const { outputs } = await h.run(step.input);
    expect(outputs.changeRequestUrl).toMatch(/merge_requests\/\d+$/);
    expect(outputs.removed.length).toBeGreaterThan(0);
  });
});
