/*
 * The last step of every transform: no credentials written into a URL (a git source
 * `https://oauth2:token@…`, a chart repository, an API server read from a Secret) reach
 * an entity, which every catalog reader sees, nor a problem, which is logged.
 */
import { Entity } from '@backstage/catalog-model';
import { Problem, redactUrlCredentials } from '@pcscol/plugin-pegase-node';

/** The entity with every annotation value and its description redacted. @public */
export function redactEntity(entity: Entity): Entity {
  const annotations = entity.metadata.annotations;
  const description = entity.metadata.description;
  const redacted: Record<string, string> = {};
  let changed = false;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    redacted[key] = redactUrlCredentials(value);
    changed ||= redacted[key] !== value;
  }
  const safeDescription =
    description === undefined ? undefined : redactUrlCredentials(description);
  if (!changed && safeDescription === description) return entity;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      ...(annotations ? { annotations: redacted } : {}),
      ...(description === undefined ? {} : { description: safeDescription }),
    },
  };
}

/** The problem with its message and location redacted. @public */
export function redactProblem(problem: Problem): Problem {
  return {
    ...problem,
    message: redactUrlCredentials(problem.message),
    ...(problem.location === undefined
      ? {}
      : { location: redactUrlCredentials(problem.location) }),
  };
}
