import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { mcpStaticTokenCheck } from './mcpTokenCheck';

const TOKEN = 'mcp-static-token-value-0123456789';

/** The warnings each plugin logged during a start of a test backend. */
async function warningsOf(options: {
  externalAccess: JsonObject[];
}): Promise<Array<{ plugin: string; message: string }>> {
  const warnings: Array<{ plugin: string; message: string }> = [];
  const recordingLogger = createServiceFactory({
    service: coreServices.logger,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const logger: any = {
        warn: (message: string) =>
          warnings.push({ plugin: plugin.getId(), message }),
        error: () => {},
        info: () => {},
        debug: () => {},
        child: () => logger,
      };
      return logger;
    },
  });
  const backend = await startTestBackend({
    features: [
      mcpActionsPlugin,
      mcpStaticTokenCheck,
      recordingLogger,
      mockServices.rootConfig.factory({
        data: {
          backend: { auth: { externalAccess: options.externalAccess } },
        },
      }),
    ],
  });
  await backend.stop();
  return warnings.filter(w => w.message.includes('accessRestrictions'));
}

const staticToken = (extra: JsonObject = {}): JsonObject => ({
  type: 'static',
  options: { token: TOKEN, subject: 'mcp-assistant' },
  ...extra,
});

describe('the MCP static token check', () => {
  it('warns once, naming the entry and never its token, for a static token without accessRestrictions', async () => {
    const warnings = await warningsOf({
      externalAccess: [staticToken()],
    });
    expect(warnings).toEqual([
      {
        plugin: 'mcp-actions',
        message: expect.stringContaining(
          "backend.auth.externalAccess[0] (static, subject 'mcp-assistant') has no accessRestrictions",
        ),
      },
    ]);
    expect(warnings[0].message).toContain(
      'without asking the permission policy',
    );
    expect(warnings[0].message).not.toContain(TOKEN);
  });

  it('says nothing for a token restricted to plugins and permissions', async () => {
    const warnings = await warningsOf({
      externalAccess: [
        staticToken({
          accessRestrictions: [
            { plugin: 'mcp-actions' },
            { plugin: 'fleet' },
            { plugin: 'pegase-thanos' },
            {
              plugin: 'catalog',
              permission: 'catalog.entity.read',
              permissionAttribute: { action: 'read' },
            },
          ],
        }),
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('names only the unrestricted entry among several', async () => {
    const warnings = await warningsOf({
      externalAccess: [
        staticToken({ accessRestrictions: [{ plugin: 'mcp-actions' }] }),
        {
          type: 'legacy',
          options: { secret: 'bGVnYWN5LXNlY3JldA', subject: 'old-script' },
        },
      ],
    });
    expect(warnings.map(w => w.message)).toEqual([
      expect.stringContaining(
        "backend.auth.externalAccess[1] (legacy, subject 'old-script')",
      ),
    ]);
  });
});
