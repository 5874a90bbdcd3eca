export { ComponentVaultCard } from './ComponentVaultCard';
