export { InstanceVaultContent } from './InstanceVaultContent';
