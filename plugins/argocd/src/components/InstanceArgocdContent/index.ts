export { InstanceArgocdContent } from './InstanceArgocdContent';
