export { RolesTable } from './RolesTable';
