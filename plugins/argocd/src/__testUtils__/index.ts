export * from './fixtures';
export { renderArgocdView } from './render';
