/**
 * Examples of the Thanos action (shown to MCP clients; the demo's names, run
 * by the action's test). Every field is given, as the registry's types want.
 */
export const thanosActionExamples = {
  'get-firing-alerts': [
    {
      title: 'Firing alerts of one instance',
      description:
        'The alerts firing now in the uca-recette instance, every component of it.',
      input: {
        entity: 'uca-recette',
        kind: 'resource' as const,
        includePending: false,
        limit: 100,
      },
    },
    {
      title: 'Firing alerts of a component across the fleet',
      description:
        'The alerts firing now about the pai component, in every instance that runs it.',
      input: {
        entity: 'component:default/pai',
        kind: 'component' as const,
        includePending: false,
        limit: 100,
      },
    },
    {
      title: 'By name and kind, pending alerts too',
      description:
        'The alerts of the ins component (a bare name with its kind), including the ones still pending.',
      input: {
        entity: 'ins',
        kind: 'component' as const,
        includePending: true,
        limit: 20,
      },
    },
  ],
};
