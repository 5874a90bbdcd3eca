export { ComponentFleetContent } from "./ComponentFleetContent";
