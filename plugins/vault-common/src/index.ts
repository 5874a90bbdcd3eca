/**
 * Common types, annotations and permissions of the Pégase Vault plugins.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './annotations';
export * from './types';
