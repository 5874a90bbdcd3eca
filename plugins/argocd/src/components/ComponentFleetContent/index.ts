export { ComponentFleetContent } from './ComponentFleetContent';
