export { RolloutPage } from './RolloutPage';
