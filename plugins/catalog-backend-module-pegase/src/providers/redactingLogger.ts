/*
 * The providers log errors of the source (git, a Helm index, the Kubernetes API) whose
 * messages may hold the configured URL: every line they write goes through the
 * one redaction of credentials, whoever builds it.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';

type Meta = Parameters<LoggerService['info']>[1];
type Level = 'error' | 'warn' | 'info' | 'debug';

// the metadata is passed on only when given: callers (and tests) see the same call
function args(message: string, meta: Meta): [string, Meta?] {
  const safe = redactUrlCredentials(message);
  if (meta === undefined) return [safe];
  if (meta instanceof Error) {
    return [safe, new Error(redactUrlCredentials(meta.message))];
  }
  return [safe, meta];
}

/** A logger whose messages (and error metadata) carry no credentials written in URLs. */
export function redactingLogger(logger: LoggerService): LoggerService {
  const level = (name: Level) => (message: string, meta?: Meta) =>
    logger[name](...args(message, meta));
  return {
    error: level('error'),
    warn: level('warn'),
    info: level('info'),
    debug: level('debug'),
    child: meta => redactingLogger(logger.child(meta)),
  };
}
