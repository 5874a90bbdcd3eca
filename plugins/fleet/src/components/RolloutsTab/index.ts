export { RolloutsTab } from './RolloutsTab';
