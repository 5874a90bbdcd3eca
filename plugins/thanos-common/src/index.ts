/**
 * Shared permissions and response types of the Thanos views of Pégase Portal.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
