import { createPegaseFleetUpgradeAction } from './fleetUpgrade';
import { examples } from './fleetUpgrade.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(120_000);

describe('pegase:fleet:upgrade examples', () => {
  const h = actionHarness(createPegaseFleetUpgradeAction, { instances: 30 });
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:fleet:upgrade');

  it.each(steps)('%s: opens a change request per wave', async (_d, step) => {
    const { outputs } = await h.run(step.input);
    expect(outputs.changeRequests.length).toBeGreaterThan(0);
    for (const cr of outputs.changeRequests) {
      expect(['sandbox', 'construction']).toContain(cr.wave);
      expect(cr.url).toMatch(/merge_requests\/\d+$/);
    }
  });
});
