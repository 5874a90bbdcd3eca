import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RequestDetails,
  RequestValidationContext,
  RequestValidator,
} from '@backstage/plugin-events-node';

/** The events topic of the GitOps push webhook: `POST /api/events/http/gitops`. @public */
export const GITOPS_WEBHOOK_TOPIC = 'gitops';

/** Config key of the webhook's shared secret. @public */
export const GITOPS_WEBHOOK_SECRET_KEY = 'pegase.gitops.webhook.secret';

function header(request: RequestDetails, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time equality of two strings (of any lengths). */
function sameSecret(a: string, b: string): boolean {
  // digests have one length: timingSafeEqual needs it, and no length leaks
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/**
 * Whether `signature` (`sha256=<hex>`) is GitHub's HMAC-SHA256 of `body` with
 * `secret`.
 * @public
 */
export function validGithubSignature(
  body: Buffer,
  secret: string,
  signature: string,
): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

/**
 * The validator of the GitOps push webhook (events backend http ingress):
 * accepts a push carrying GitLab's `X-Gitlab-Token` equal to `secret`, or
 * GitHub's `X-Hub-Signature-256` HMAC-SHA256 of the raw body with `secret`
 * (both compared in constant time). Refuses an unsigned push with 401 and a
 * wrongly signed one with 403; without a secret, every push with 403. A
 * refused push is not published: it triggers nothing.
 * @public
 */
export function createGitopsWebhookValidator(options: {
  secret?: string;
  logger: LoggerService;
}): RequestValidator {
  const { secret, logger } = options;
  return async (
    request: RequestDetails,
    context: RequestValidationContext,
  ): Promise<void> => {
    const refuse = (status: 401 | 403, message: string) => {
      logger.warn(`GitOps push webhook refused (${status}): ${message}`);
      context.reject({
        status,
        payload: {
          error: {
            name: status === 401 ? 'AuthenticationError' : 'NotAllowedError',
            message,
          },
        },
      });
    };
    const gitlabToken = header(request, 'x-gitlab-token');
    const githubSignature = header(request, 'x-hub-signature-256');
    if (gitlabToken === undefined && githubSignature === undefined) {
      refuse(
        401,
        'unsigned push: X-Gitlab-Token or X-Hub-Signature-256 is required',
      );
      return;
    }
    if (!secret) {
      refuse(
        403,
        `${GITOPS_WEBHOOK_SECRET_KEY} is not configured: pushes are refused`,
      );
      return;
    }
    if (gitlabToken !== undefined) {
      if (!sameSecret(gitlabToken, secret))
        refuse(403, 'X-Gitlab-Token does not match the webhook secret');
      return;
    }
    if (!validGithubSignature(request.raw.body, secret, githubSignature!)) {
      refuse(403, 'X-Hub-Signature-256 is not the signature of this body');
    }
  };
}
