export { InstanceArgocdContent } from "./InstanceArgocdContent";
