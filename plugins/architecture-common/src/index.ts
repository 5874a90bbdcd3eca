/**
 * The Pégase architecture graph: shapes, permissions, walks.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './walks';
export * from './permissions';
