export { authorizeRequest } from './authorize';
export { ENTITY_PATH, entityRefFromPath, entityPathOf } from './entityPath';
