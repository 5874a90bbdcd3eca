/*
 * The signed GitOps push webhook, through the real events backend's http
 * ingress: an unsigned or wrongly signed push is refused (401/403) and never
 * published; a well-signed GitLab or GitHub push is published on `gitops`,
 * the topic the Pégase providers subscribe to (their re-read on an event is
 * tested in src/__integration__/catalogBackend.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import { eventsModulePegaseGitopsWebhook } from './module';
import { parsePushPayload } from '../events';

jest.setTimeout(20_000);

const SECRET = 'test-webhook-secret';
const shared =
  process.env.PEGASE_SHARED_DIR ??
  path.resolve(__dirname, '../../../../../shared');

/** The recorded push payload of a forge, as pushing `file` at commit `after`. */
function recordedPush(forge: 'gitlab' | 'github', file: string, after: string) {
  const payload = JSON.parse(
    fs.readFileSync(
      path.join(shared, `apis/${forge}/push-event.webhook.json`),
      'utf8',
    ),
  );
  payload.after = after;
  if (payload.checkout_sha) payload.checkout_sha = after;
  payload.commits = [
    { ...payload.commits[0], added: [file], modified: [], removed: [] },
  ];
  payload.total_commits_count = 1;
  // the recorded GitHub push is a forced one, whose file lists are not trusted
  if (forge === 'github') payload.forced = false;
  return Buffer.from(JSON.stringify(payload));
}

const instance = (name: string) => ({
  path: `instances/fr-cfe-uca/production/${name}/instance.json`,
  json: JSON.stringify({
    name,
    usage: 'production',
    region: 'fr-cfe-uca',
    cluster: 'cfe-prod-1',
  }),
});

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('POST /api/events/http/gitops', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;
  const published: EventParams[] = [];

  beforeAll(async () => {
    const capture = createBackendModule({
      pluginId: 'events',
      moduleId: 'pegase-test-webhook-capture',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            await events.subscribe({
              id: 'pegase-test-webhook-capture',
              topics: ['gitops'],
              onEvent: async e => {
                published.push(e);
              },
            });
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        eventsPlugin,
        eventsModulePegaseGitopsWebhook,
        capture,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:0' },
            // one process: no event bus round trip through the (unlistened) baseUrl
            events: { http: { topics: ['gitops'] }, useEventBus: 'never' },
            pegase: { gitops: { webhook: { secret: SECRET } } },
          },
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api`;
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const post = (body: Buffer, headers: Record<string, string>) =>
    fetch(`${base}/events/http/gitops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const githubSignature = (body: Buffer, secret = SECRET) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('refuses unsigned and wrongly signed pushes, which trigger nothing', async () => {
    const added = instance('univ-unsigned');
    const gitlab = recordedPush('gitlab', added.path, 'a'.repeat(40));
    const github = recordedPush('github', added.path, 'b'.repeat(40));

    const unsignedGitlab = await post(gitlab, {
      'x-gitlab-event': 'Push Hook',
    });
    expect(unsignedGitlab.status).toBe(401);
    const unsignedGithub = await post(github, { 'x-github-event': 'push' });
    expect(unsignedGithub.status).toBe(401);
    const badToken = await post(gitlab, {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': 'not-the-secret',
    });
    expect(badToken.status).toBe(403);
    const badSignature = await post(github, {
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(github, 'not-the-secret'),
    });
    expect(badSignature.status).toBe(403);
    // signed for another body
    const otherBody = await post(github, {
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(Buffer.from('{}')),
    });
    expect(otherBody.status).toBe(403);
    expect(await otherBody.json()).toEqual({
      error: {
        name: 'NotAllowedError',
        message: 'X-Hub-Signature-256 is not the signature of this body',
      },
    });

    // a signed push after them is the first event anyone receives
    const signed = await post(gitlab, {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': SECRET,
    });
    expect(signed.status).toBe(202);
    await waitFor('the signed push', async () =>
      published.length > 0 ? true : undefined,
    );
    expect(published).toHaveLength(1);
    expect((published[0].eventPayload as any).after).toBe('a'.repeat(40));
  });

  const received = (after: string) =>
    waitFor(`the push ${after}`, async () =>
      published.find(e => (e.eventPayload as any).after === after),
    );

  it('publishes a well-signed GitLab push, as the providers read it', async () => {
    const file = instance('univ-gitlab').path;
    const res = await post(recordedPush('gitlab', file, 'c'.repeat(40)), {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': SECRET,
    });
    expect(res.status).toBe(202);
    const event = await received('c'.repeat(40));
    expect(parsePushPayload(event.eventPayload)).toMatchObject({
      forge: 'gitlab',
      changedFiles: [file],
      complete: true,
    });
  });

  it('publishes a well-signed GitHub push, as the providers read it', async () => {
    const file = instance('univ-github').path;
    const body = recordedPush('github', file, 'd'.repeat(40));
    const res = await post(body, {
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(body),
    });
    expect(res.status).toBe(202);
    const event = await received('d'.repeat(40));
    expect(parsePushPayload(event.eventPayload)).toMatchObject({
      forge: 'github',
      changedFiles: [file],
      complete: true,
    });
  });

  it('accepts a GitHub delivery left on form encoding (payload=), signed over its raw body', async () => {
    const file = instance('univ-form').path;
    const json = recordedPush('github', file, 'e'.repeat(40)).toString('utf8');
    const body = Buffer.from(new URLSearchParams({ payload: json }).toString());
    const res = await post(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(body),
    });
    expect(res.status).toBe(202);
    const event = await received('e'.repeat(40));
    expect(parsePushPayload(event.eventPayload)).toMatchObject({
      forge: 'github',
      changedFiles: [file],
    });
    // a form without the payload field says what it expects
    const empty = Buffer.from('foo=bar');
    const bad = await post(empty, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(empty),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(
      /form-encoded delivery must carry the JSON payload in its 'payload' field/,
    );
  });
});
