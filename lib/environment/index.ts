export { LOGIN_GATE_CUTOFF_OUTPUT, recordsGateCutoff } from "./gate-cutoff";
export {
  EnvironmentConfigError,
  type LoadedEnvironment,
  loadEnvironments,
  parseEnvironment,
} from "./load";
export * from "./schema";
