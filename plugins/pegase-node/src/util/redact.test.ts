import { redactErrorCredentials, redactUrlCredentials } from './redact';

describe('redactUrlCredentials', () => {
  it('hides user and password of a URL, keeping scheme, host and path', () => {
    expect(
      redactUrlCredentials(
        'ArgoCD at https://admin:s3cr%40t@argocd.example.org/api/v1 answered 502',
      ),
    ).toBe('ArgoCD at https://***@argocd.example.org/api/v1 answered 502');
  });

  it('hides a lone token used as user name, and every URL of the text', () => {
    expect(
      redactUrlCredentials(
        'git clone http://glpat-abc@git.local/x.git then postgresql://u:p@db:5432/app',
      ),
    ).toBe(
      'git clone http://***@git.local/x.git then postgresql://***@db:5432/app',
    );
  });

  it('leaves text without credentials alone, e-mail addresses included', () => {
    const text = 'https://thanos.local/api/v1/query failed; ask ops@pc-scol.fr';
    expect(redactUrlCredentials(text)).toBe(text);
  });

  it('redacts an error message and stack, keeping its class', () => {
    class UpstreamError extends Error {}
    const error = new UpstreamError('fetch https://a:b@h/x failed');
    const redacted = redactErrorCredentials(error);
    expect(redacted).toBeInstanceOf(UpstreamError);
    expect(redacted.message).toBe('fetch https://***@h/x failed');
    expect(redacted.stack).not.toContain('a:b@');
  });
});
