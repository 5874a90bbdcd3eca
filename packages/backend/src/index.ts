/*
 * The Pégase Portal backend (new backend system): a plain, commented list of the
 * plugins and modules it runs. Configuration: app-config.yaml (demo) and
 * app-config.production.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// app (serves the built frontend) and proxy
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in in the demo
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// events: Git push webhooks reach the providers through the events backend
backend.add(import('@backstage/plugin-events-backend'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// permissions: the config-driven policy of pegase.permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@pcscol/plugin-permission-backend-module-pegase'));

// search: PostgreSQL engine in production, in-memory on SQLite
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Pégase plugins: one line each, under the marker of each plugin
// [catalog-pegase]
backend.add(import('@pcscol/plugin-catalog-backend-module-pegase'));
// [scaffolder-pegase]
backend.add(import('@pcscol/plugin-scaffolder-backend-module-pegase'));
// [argocd]
backend.add(import('@pcscol/plugin-argocd-backend'));
// [vault]
backend.add(import('@pcscol/plugin-vault-backend'));
// [thanos]
backend.add(import('@pcscol/plugin-thanos-backend'));
// [fleet]
backend.add(import('@pcscol/plugin-fleet-backend'));
// [mcp] the actions of backend.actions.pluginSources as MCP tools (/api/mcp-actions/v1)
backend.add(import('@backstage/plugin-mcp-actions-backend'));
// a warning at start for a static token that Backstage would allow every permission
backend.add(import('./modules/mcpTokenCheck'));
// [architecture]
backend.add(import('@pcscol/plugin-architecture-backend'));

backend.start();
