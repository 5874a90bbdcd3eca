/**
 * The Pégase entity contract: annotation and label keys, entity types,
 * predicates and relation helpers. Every Pégase plugin imports these; none
 * retypes them.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './entityTypes';
export * from './entities';
export * from './ttl';
export * from './permissions';
export * from './fleet';
export * from './clusters';
export * from './rollouts';
export * from './csv';
