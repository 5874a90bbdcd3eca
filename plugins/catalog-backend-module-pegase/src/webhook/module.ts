import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';
import {
  createGitopsWebhookValidator,
  GITOPS_WEBHOOK_SECRET_KEY,
  GITOPS_WEBHOOK_TOPIC,
} from './validator';
import { FORM_CONTENT_TYPE, formEncodedPushParser } from './formBody';

/**
 * Events backend module: the GitOps push webhook
 * `POST /api/events/http/gitops`, whose pushes must carry GitLab's `X-Gitlab-Token`
 * or GitHub's `X-Hub-Signature-256` for `pegase.gitops.webhook.secret`, as
 * JSON or as GitHub's form encoding (`payload=`).
 * @public
 */
export const eventsModulePegaseGitopsWebhook = createBackendModule({
  pluginId: 'events',
  moduleId: 'pegase-gitops-webhook',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        events: eventsExtensionPoint,
      },
      async init({ config, logger, events }) {
        const secret = config.getOptionalString(GITOPS_WEBHOOK_SECRET_KEY);
        if (!secret) {
          logger.warn(
            `${GITOPS_WEBHOOK_SECRET_KEY} is not set: every push to /api/events/http/${GITOPS_WEBHOOK_TOPIC} is refused (the scheduled read still runs)`,
          );
        }
        events.addHttpPostBodyParser({
          contentType: FORM_CONTENT_TYPE,
          parser: formEncodedPushParser,
        });
        events.addHttpPostIngress({
          topic: GITOPS_WEBHOOK_TOPIC,
          validator: createGitopsWebhookValidator({ secret, logger }),
        });
      },
    });
  },
});
