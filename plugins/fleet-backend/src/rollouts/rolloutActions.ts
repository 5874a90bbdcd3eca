/*
 * The rollouts as actions-registry actions (MCP clients, the CLI): list, get,
 * plan, start, approve a wave, pause, resume, abort, roll a wave back. Reads
 * need `pegase.rollout.read`; each write is checked by RolloutService against
 * every instance it touches.
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  INSTANCE_USAGES,
  type InstanceUsage,
} from '@pcscol/plugin-pegase-node';
import { pegaseRolloutReadPermission } from '@pcscol/plugin-pegase-common';
import type { RolloutService } from './RolloutService';
import type { Rollout } from '@pcscol/plugin-pegase-common';

const usages = INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]];

/** What an action answers of a rollout: its waves flat, instances by name only. */
export function rolloutAnswer(r: Rollout) {
  return {
    id: r.id,
    targetVersion: r.targetVersion,
    state: r.state,
    stateReason: r.stateReason,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    waves: r.waves.map(w => ({
      index: w.index,
      name: w.name,
      state: w.state,
      instances: w.instances.map(i => `${i.name} (${i.from})`),
      changeRequest: w.changeRequest?.url,
      changeRequestState: w.changeRequest?.state,
      rollbackChangeRequest: w.rollbackChangeRequest?.url,
      gate: w.gate ? `${w.gate.result}: ${w.gate.reason}` : undefined,
      requiresApproval: w.requiresApproval,
      approvedBy: w.approvedBy,
    })),
  };
}

const answerSchema = (z: any) =>
  z.object({
    id: z.string(),
    targetVersion: z.string(),
    state: z.string(),
    stateReason: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    waves: z.array(
      z.object({
        index: z.number(),
        name: z.string(),
        state: z.string(),
        instances: z.array(z.string()).describe('name (version before)'),
        changeRequest: z.string().optional(),
        changeRequestState: z.string().optional(),
        rollbackChangeRequest: z.string().optional(),
        gate: z.string().optional().describe("The gate's last verdict"),
        requiresApproval: z.boolean(),
        approvedBy: z.string().optional(),
      }),
    ),
  });

const idInput = (z: any) =>
  z.object({ id: z.string().uuid().describe('The rollout id') });
const waveInput = (z: any) =>
  z.object({
    id: z.string().uuid().describe('The rollout id'),
    wave: z.number().int().min(0).describe('The wave index (0 is the first)'),
  });

export function registerRolloutActions(options: {
  actionsRegistry: ActionsRegistryService;
  rollouts: RolloutService;
}) {
  const { actionsRegistry, rollouts } = options;
  const via = (name: string) => ({ via: `action ${name}` });
  const write = { readOnly: false, idempotent: false, destructive: false };

  actionsRegistry.register({
    name: 'list-rollouts',
    title: 'List rollouts',
    description:
      'Lists the rollouts (gated upgrades of Pégase instances in waves), newest first, with each wave’s state.',
    visibilityPermission: pegaseRolloutReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          state: z
            .enum(['running', 'paused', 'completed', 'aborted'])
            .optional(),
        }),
      output: z =>
        z.object({
          rollouts: z.array(
            z.object({
              id: z.string(),
              targetVersion: z.string(),
              state: z.string(),
              stateReason: z.string().optional(),
              instances: z.number(),
              waves: z.array(
                z.object({
                  name: z.string(),
                  state: z.string(),
                  instances: z.number(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input }) => {
      const list = await rollouts.list(
        input.state ? { state: [input.state] } : undefined,
      );
      return {
        output: {
          rollouts: list.map(r => ({
            id: r.id,
            targetVersion: r.targetVersion,
            state: r.state,
            stateReason: r.stateReason,
            instances: r.instances,
            waves: r.waves,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-rollout',
    title: 'Get a rollout',
    description:
      'One rollout: its waves, their change requests, gate verdicts and instances, and its last events.',
    visibilityPermission: pegaseRolloutReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: idInput,
      output: z =>
        z.object({
          rollout: answerSchema(z),
          events: z.array(
            z.object({
              at: z.string(),
              actor: z.string(),
              message: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input }) => {
      const rollout = await rollouts.get(input.id);
      const events = (await rollouts.events(input.id)).slice(-50);
      return {
        output: {
          rollout: rolloutAnswer(rollout),
          events: events.map(e => ({
            at: e.at,
            actor: e.actor,
            message: e.message,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'start-rollout',
    title: 'Start a rollout',
    description:
      'Starts moving a selection of Pégase instances to an umbrella version in gated waves: each wave’s change request is opened only when the previous one is merged, synced, Healthy and alert-free for the soak time. Needs pegase.rollout.start on every instance.',
    attributes: write,
    schema: {
      input: z =>
        z.object({
          to: z.string().max(64).describe('Target umbrella version'),
          region: z.array(z.string().max(63)).optional(),
          usage: z.array(z.enum(usages)).optional(),
          cluster: z.array(z.string().max(63)).optional(),
          from: z
            .string()
            .max(64)
            .optional()
            .describe('Current version or semver range, e.g. <25.0.0'),
          names: z.array(z.string().max(63)).max(5000).optional(),
          max: z.number().int().min(1).optional(),
          by: z
            .enum(['usage', 'region', 'none'])
            .default('usage')
            .describe(
              'Waves by usage (sandbox, construction, production), by region, or one',
            ),
          canary: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('A first wave of this many instances'),
          allowDowngrade: z.boolean().optional(),
        }),
      output: z => z.object({ rollout: answerSchema(z) }),
    },
    action: async ({ input, credentials }) => {
      const rollout = await rollouts.start(
        { credentials, ctx: via('start-rollout') },
        {
          to: input.to,
          selection: {
            region: input.region,
            usage: input.usage,
            cluster: input.cluster,
            from: input.from,
            names: input.names,
            max: input.max,
          },
          strategy: { by: input.by, canary: input.canary },
          allowDowngrade: input.allowDowngrade,
        },
      );
      return { output: { rollout: rolloutAnswer(rollout) } };
    },
  });

  const simple = (
    name: string,
    title: string,
    description: string,
    run: (
      c: Parameters<RolloutService['pause']>[0],
      input: any,
    ) => Promise<Rollout>,
    input: (z: any) => any,
    destructive = false,
  ) =>
    actionsRegistry.register({
      name,
      title,
      description,
      attributes: { ...write, destructive },
      schema: { input, output: z => z.object({ rollout: answerSchema(z) }) },
      action: async ({ input: i, credentials }) => ({
        output: {
          rollout: rolloutAnswer(await run({ credentials, ctx: via(name) }, i)),
        },
      }),
    });

  simple(
    'approve-rollout-wave',
    'Approve a rollout wave',
    'Approves a wave that waits for an approval (production): its change request is opened at the next tick. Needs pegase.rollout.approve on every instance of the wave.',
    (c, i) => rollouts.approve(c, i.id, i.wave),
    waveInput,
  );
  simple(
    'pause-rollout',
    'Pause a rollout',
    'Pauses a running rollout: no change request is opened until it is resumed.',
    (c, i) => rollouts.pause(c, i.id, i.reason),
    z => idInput(z).extend({ reason: z.string().max(500).optional() }),
  );
  simple(
    'resume-rollout',
    'Resume a rollout',
    'Resumes a paused rollout; a failed wave is judged again (its timeout from now).',
    (c, i) => rollouts.resume(c, i.id),
    idInput,
  );
  simple(
    'abort-rollout',
    'Abort a rollout',
    'Aborts a rollout: closes the change requests not yet merged; merged waves stay.',
    (c, i) => rollouts.abort(c, i.id, i.reason),
    z => idInput(z).extend({ reason: z.string().max(500).optional() }),
    true,
  );
  simple(
    'rollback-rollout-wave',
    'Roll back a rollout wave',
    'Opens a change request moving every instance of a merged wave back to the version the rollout recorded, and pauses the rollout.',
    (c, i) => rollouts.rollback(c, i.id, i.wave),
    waveInput,
  );
}
