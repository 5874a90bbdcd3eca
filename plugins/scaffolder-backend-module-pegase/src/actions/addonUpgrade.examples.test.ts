import { createPegaseAddonUpgradeAction } from './addonUpgrade';
import { examples } from './addonUpgrade.examples';
import { actionHarness } from '../__testUtils__/actionHarness';
import { exampleSteps } from '../__testUtils__/examples';

jest.setTimeout(120_000);

describe('pegase:addon:upgrade examples', () => {
  const h = actionHarness(createPegaseAddonUpgradeAction);
  h.startEach();
  const steps = exampleSteps(examples, 'pegase:addon:upgrade');

  it.each(steps)('%s: opens a change request per wave', async (_d, step) => {
    const { outputs } = await h.run(step.input);
    const waves = (step.input.waves as string[] | undefined) ?? ['all'];
    expect(outputs.changeRequests.length).toBeGreaterThan(0);
    for (const cr of outputs.changeRequests) {
      expect(waves).toContain(cr.wave);
      expect(cr.url).toMatch(/merge_requests\/\d+$/);
    }
    expect(outputs.clusters.every((c: any) => c.to === step.input.to)).toBe(
      true,
    );
  });
});
