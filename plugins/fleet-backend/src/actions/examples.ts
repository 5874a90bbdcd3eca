/**
 * The examples of the fleet actions, shown to MCP clients and run by
 * `fleetActions.examples.test.ts` against a generated fleet.
 */
export const fleetActionExamples = {
  'find-instances': [
    {
      title:
        'Which production instances still run an umbrella older than 25.0.0?',
      input: { version: '<25.0.0', usage: 'production' as const, limit: 100 },
    },
  ],
  'get-instance': [
    {
      title: 'Is uca-recette healthy, and what does it run?',
      input: { name: 'uca-recette' },
    },
  ],
  'fleet-versions': [
    {
      title: 'Which versions run in production?',
      input: { usage: 'production' as const },
    },
  ],
  'release-diff': [
    {
      title: 'What changes from 24.0.0 to 25.0.0?',
      input: { from: '24.0.0', to: '25.0.0' },
    },
  ],
  'plan-upgrade': [
    {
      title: 'Plan moving the sandboxes, then construction, to 25.0.0',
      input: {
        to: '25.0.0',
        usage: ['sandbox' as const, 'construction' as const],
        waves: ['sandbox' as const, 'construction' as const],
        allowDowngrade: false,
      },
    },
  ],
};
