import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import { INSTANCE_USAGES } from '@pcscol/plugin-pegase-node';
import type { UpgradeChangeRequest } from '../actions/upgradeSummary';

/** The template this action runs (templates/pegase-upgrade/template.yaml). */
export const UPGRADE_TEMPLATE_REF = 'template:default/pegase-upgrade';

const usages = INSTANCE_USAGES as unknown as [string, ...string[]];

/** How often the task is polled, and for how long, before answering "still running". */
const POLL_MS = 250;

type TaskEnd = {
  status: string;
  output?: Record<string, unknown>;
  error?: string;
};

/** Waits for the task to end (or `timeoutMs`), reading its completion event. */
async function waitForTask(
  scaffolder: ScaffolderService,
  taskId: string,
  credentials: BackstageCredentials,
  timeoutMs: number,
): Promise<TaskEnd> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await scaffolder.getTask({ taskId }, { credentials });
    if (task.status === 'completed' || task.status === 'failed') {
      const events = await scaffolder.getLogs({ taskId }, { credentials });
      const completion = events.find(e => e.type === 'completion');
      const body = (completion?.body ?? {}) as {
        output?: Record<string, unknown>;
        error?: { message?: string };
        message?: string;
      };
      return {
        status: task.status,
        output: body.output,
        error:
          task.status === 'failed'
            ? body.error?.message ?? body.message ?? 'the task failed'
            : undefined,
      };
    }
    if (Date.now() > deadline) return { status: task.status };
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}

/**
 * `upgrade-instances` (actions registry, for MCP clients and the CLI): opens
 * the upgrade change requests by running the "Upgrade Pégase instances"
 * template through the scaffolder with the caller's credentials, so the
 * checks are the template's: the scaffolder's permissions, then
 * `pegase:fleet:upgrade`'s own (target, selection, production permission).
 * The read-only plan is the fleet's `plan-upgrade` action.
 */
export function registerUpgradeInstancesAction(options: {
  actionsRegistry: ActionsRegistryService;
  scaffolder: ScaffolderService;
  /** How long to wait for the task before answering with its id only. */
  timeoutMs?: number;
}) {
  const { actionsRegistry, scaffolder } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  actionsRegistry.register({
    name: 'upgrade-instances',
    title: 'Open the change requests that upgrade Pégase instances',
    description:
      'Moves a selection of Pégase instances to an umbrella version by running the "Upgrade Pégase instances" template: one merge/pull request per wave, editing only chartVersion in each instance.json. Destructive: it opens change requests (merging them is a human review). Check the plan first with the fleet plan-upgrade action. Refused for an unknown version, an empty selection, a downgrade without allowDowngrade, any instance of the plan on which the caller lacks pegase.instance.upgrade (a team: the sandboxes it owns), and production instances without pegase.instance.upgrade.production. Running it again with the same input updates the same change requests.',
    attributes: { destructive: true, readOnly: false, idempotent: true },
    examples: [
      {
        title: 'Sandboxes of a region',
        description: 'Upgrade the sandboxes of eu-sxb-1 to 25.0.0',
        input: {
          to: '25.0.0',
          region: ['eu-sxb-1'],
          usage: ['sandbox'],
          allowDowngrade: false,
        },
        output: {
          taskId: '6b8d6d0e-…',
          status: 'completed',
          changeRequests: [
            {
              wave: 'all',
              url: 'https://gitlab.example/pegase/gitops/-/merge_requests/12',
              number: 12,
              updated: false,
              branch: 'pegase/upgrade/25.0.0-all',
              instances: 14,
            },
          ],
        },
      },
    ],
    schema: {
      input: z =>
        z.object({
          to: z
            .string()
            .min(1)
            .max(64)
            .describe(
              "Target umbrella version: a release of charts/index.yaml, or 'current'",
            ),
          region: z.array(z.string().max(63)).optional(),
          usage: z.array(z.enum(usages)).optional(),
          cluster: z.array(z.string().max(63)).optional(),
          from: z
            .string()
            .max(64)
            .optional()
            .describe('Current version or semver range, e.g. <25.0.0'),
          names: z.array(z.string().max(63)).optional(),
          max: z.number().int().min(1).max(5000).optional(),
          waves: z
            .array(z.enum(usages))
            .optional()
            .describe('Usages in wave order, one change request each'),
          allowDowngrade: z.boolean().default(false),
        }),
      output: z =>
        z.object({
          taskId: z.string(),
          status: z
            .string()
            .describe('completed, or still running when it took too long'),
          changeRequests: z
            .array(
              z.object({
                wave: z.string(),
                url: z.string(),
                number: z.number(),
                updated: z.boolean(),
                branch: z.string(),
                instances: z.number(),
              }),
            )
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      // the template's parameters, without the fields left out
      const values: Record<string, JsonValue> = JSON.parse(
        JSON.stringify(input),
      );
      const { taskId } = await scaffolder.scaffold(
        { templateRef: UPGRADE_TEMPLATE_REF, values },
        { credentials },
      );
      const end = await waitForTask(scaffolder, taskId, credentials, timeoutMs);
      if (end.status === 'failed') {
        throw new InputError(
          `The upgrade (task ${taskId}) failed: ${end.error}`,
        );
      }
      // the template's `changeRequests` output is the action's own
      const changeRequests = end.output?.changeRequests as
        | UpgradeChangeRequest[]
        | undefined;
      return { output: { taskId, status: end.status, changeRequests } };
    },
  });
}
