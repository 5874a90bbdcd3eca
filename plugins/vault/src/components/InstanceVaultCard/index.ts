export { InstanceVaultCard } from './InstanceVaultCard';
