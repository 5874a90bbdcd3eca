export { Flag } from './Flag';
