export { authorizeRequest } from './authorize';
export {
  ENTITY_PATH,
  entityRefFromPath,
  entityRefOfInput,
  entityPathOf,
} from './entityPath';
export { actorOf, auditAccessRefusal, type AccessContext } from './audit';
export { EntityAuthorizer } from './entityAuthorizer';
