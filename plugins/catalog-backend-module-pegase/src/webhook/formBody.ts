import { InputError } from '@backstage/errors';
import type { HttpBodyParser } from '@backstage/plugin-events-node';
import { GITOPS_WEBHOOK_TOPIC } from './validator';

/** The content type of a GitHub webhook left on form encoding. @public */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Body parser of the events backend for `application/x-www-form-urlencoded`:
 * a GitHub webhook whose content type is left on form encoding sends the JSON
 * payload in its `payload` field (GitHub docs, "Webhook events and payloads",
 * delivery headers and content types). Without it the ingress answers 415.
 * The raw body is kept: GitHub signs it as it was sent. Another topic, or a
 * form without `payload`, is answered 400 with what was expected.
 * @public
 */
export const formEncodedPushParser: HttpBodyParser = async (
  request,
  parsedMediaType,
  topic,
) => {
  const bodyBuffer = request.body as unknown;
  if (!Buffer.isBuffer(bodyBuffer)) {
    throw new InputError(`webhook ${topic}: the body could not be read`);
  }
  const encoding = parsedMediaType.parameters.charset ?? 'utf-8';
  if (topic !== GITOPS_WEBHOOK_TOPIC) {
    return { bodyParsed: bodyBuffer.toString('utf8'), bodyBuffer, encoding };
  }
  const payload = new URLSearchParams(bodyBuffer.toString('utf8')).get(
    'payload',
  );
  if (payload === null) {
    throw new InputError(
      `webhook ${topic}: a form-encoded delivery must carry the JSON payload in its 'payload' field (or set the webhook's content type to application/json)`,
    );
  }
  try {
    return { bodyParsed: JSON.parse(payload), bodyBuffer, encoding };
  } catch (e) {
    throw new InputError(
      `webhook ${topic}: the 'payload' field is not JSON (${
        (e as Error).message
      })`,
    );
  }
};
