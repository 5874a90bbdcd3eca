export { VaultLink } from './VaultLink';
