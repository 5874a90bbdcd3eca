export { Policies } from './Policies';
