import { errorFromStatus, toUpstreamError } from './errors';

describe('upstream errors', () => {
  it('never carry the credentials of a URL, in the message or the cause', () => {
    const cause = new Error(
      'connect ECONNREFUSED https://portal:s3cret@argocd.example/api/v1/applications',
    );
    const err = toUpstreamError('admin', cause);
    expect(err.message).not.toContain('s3cret');
    expect(err.message).toContain('https://***@argocd.example');
    expect(String((err.cause as Error)?.message)).not.toContain('s3cret');
  });

  it("shows ArgoCD's message of a Go error body, redacted", () => {
    const err = errorFromStatus(
      'admin',
      "a sync of 'x'",
      400,
      JSON.stringify({
        error: 'x',
        code: 9,
        message:
          'rpc error: repository https://bot:tok@git.example/g.git not accessible',
      }),
    );
    expect(err.kind).toBe('bad-request');
    expect(err.message).toBe(
      "ArgoCD 'admin' rejected a sync of 'x' (400): rpc error: repository https://***@git.example/g.git not accessible",
    );
  });
});
