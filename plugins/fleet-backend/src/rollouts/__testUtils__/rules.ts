import { DEMO_RULES } from '@pcscol/plugin-pegase-node/testUtils';

/** The demo's rollout rules (docs/rollouts.md): ops everywhere, a team on its own sandboxes. */
export const ROLLOUT_RULES = [
  ...DEMO_RULES,
  { permission: 'pegase.rollout.read', allow: ['*'] },
  ...[
    'pegase.rollout.start',
    'pegase.rollout.approve',
    'pegase.rollout.manage',
    'pegase.rollout.rollback',
  ].map(permission => ({
    permission,
    allow: ['group:default/ops'],
    conditional: [{ allow: ['*'], owner: true, usage: ['sandbox'] }],
  })),
];
