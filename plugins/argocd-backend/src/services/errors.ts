import { CustomErrorBase } from '@backstage/errors';
import type {
  ArgocdErrorInfo,
  UpstreamErrorKind,
} from '@pcscol/plugin-argocd-common';
import {
  redactErrorCredentials,
  redactUrlCredentials,
} from '@pcscol/plugin-pegase-node';

/** An ArgoCD call that failed, with a message a user can act on. @public */
export class ArgocdUpstreamError extends CustomErrorBase {
  name = 'ArgocdUpstreamError' as const;
  readonly kind: UpstreamErrorKind;
  readonly argocdInstance: string;
  readonly status?: number;

  constructor(opts: {
    kind: UpstreamErrorKind;
    argocdInstance: string;
    message: string;
    status?: number;
    cause?: unknown;
  }) {
    // every upstream error the backend returns or logs: no credentials of a URL
    super(
      redactUrlCredentials(opts.message),
      opts.cause instanceof Error
        ? redactErrorCredentials(opts.cause)
        : (opts.cause as Error | undefined),
    );
    this.kind = opts.kind;
    this.argocdInstance = opts.argocdInstance;
    this.status = opts.status;
  }

  /** HTTP status `/api/pegase-argocd` answers for it. */
  get httpStatus(): number {
    switch (this.kind) {
      case 'not-found':
        return 404;
      case 'timeout':
        return 504;
      case 'bad-request':
      case 'config':
        return 400;
      default:
        return 502;
    }
  }

  toInfo(): ArgocdErrorInfo {
    return {
      argocdInstance: this.argocdInstance,
      kind: this.kind,
      ...(this.status ? { status: this.status } : {}),
      message: this.message,
    };
  }
}

/** Upstream error message: Go's `{"error","code","message"}` body (grpc-gateway), if the body is one. */
function upstreamMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body);
    const m = parsed?.message ?? parsed?.error;
    return typeof m === 'string' && m ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a non-2xx upstream answer to a clear error. @internal */
export function errorFromStatus(
  argocdInstance: string,
  what: string,
  status: number,
  body: string,
): ArgocdUpstreamError {
  const detail = upstreamMessage(body);
  const suffix = detail ? `: ${detail}` : '';
  const at = `ArgoCD '${argocdInstance}'`;
  if (status === 401) {
    return new ArgocdUpstreamError({
      kind: 'unauthorized',
      argocdInstance,
      status,
      message: `${at} refused the portal's credentials (401) for ${what}${suffix}; check pegase.argocd.instances token or username/password`,
    });
  }
  if (status === 403) {
    return new ArgocdUpstreamError({
      kind: 'forbidden',
      argocdInstance,
      status,
      message: `${at} denied ${what} (403)${suffix}: the portal's account lacks the RBAC right, or the application does not exist`,
    });
  }
  if (status === 404) {
    return new ArgocdUpstreamError({
      kind: 'not-found',
      argocdInstance,
      status,
      message: `${at} has no ${what} (404)${suffix}`,
    });
  }
  if (status === 400 || status === 409 || status === 412) {
    return new ArgocdUpstreamError({
      kind: 'bad-request',
      argocdInstance,
      status,
      message: `${at} rejected ${what} (${status})${suffix}`,
    });
  }
  return new ArgocdUpstreamError({
    kind: 'server-error',
    argocdInstance,
    status,
    message: `${at} failed on ${what} (HTTP ${status})${suffix}`,
  });
}

/** Turns anything thrown into an {@link ArgocdUpstreamError}. @internal */
export function toUpstreamError(
  argocdInstance: string,
  error: unknown,
): ArgocdUpstreamError {
  if (error instanceof ArgocdUpstreamError) return error;
  return new ArgocdUpstreamError({
    kind: 'unreachable',
    argocdInstance,
    message: `ArgoCD '${argocdInstance}' could not be reached: ${
      (error as Error)?.message ?? error
    }`,
    cause: error,
  });
}
