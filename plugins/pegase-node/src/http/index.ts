export { authorizeRequest } from './authorize';
export { ENTITY_PATH, entityRefFromPath, entityPathOf } from './entityPath';
export { actorOf, auditAccessRefusal, type AccessContext } from './audit';
