export { PartError } from './PartError';
