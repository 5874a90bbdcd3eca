/**
 * The production image check, without Docker: the Dockerfile parser, the
 * `.dockerignore` matcher, the replay of the application layers, and `run`,
 * the end-to-end check (`scripts/check-image.ts` calls it).
 *
 * @packageDocumentation
 */
export * from './dockerfile';
export * from './dockerignore';
