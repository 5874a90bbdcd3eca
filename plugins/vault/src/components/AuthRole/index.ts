export { AuthRole } from './AuthRole';
