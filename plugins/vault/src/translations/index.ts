export { vaultMessages, vaultTranslationRef } from './en';
