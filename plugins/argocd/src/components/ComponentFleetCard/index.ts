export { ComponentFleetCard } from "./ComponentFleetCard";
