export { VaultSubheader } from './VaultSubheader';
