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
        instance: 'uca-recette',
        includePending: false,
        limit: 100,
      },
    },
    {
      title: 'Firing alerts of a component across the fleet',
      description:
        'The alerts firing now about the pai component, in every instance that runs it.',
      input: {
        component: 'pai',
        includePending: false,
        limit: 100,
      },
    },
    {
      title: 'By ref, pending alerts too',
      description:
        'The alerts of the ins component (by its entity ref), including the ones still pending.',
      input: {
        component: 'component:default/ins',
        includePending: true,
        limit: 20,
      },
    },
  ],
};
