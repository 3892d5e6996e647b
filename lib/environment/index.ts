export {
  EnvironmentConfigError,
  type LoadedEnvironment,
  loadEnvironments,
  parseEnvironment,
} from "./load";
export * from "./schema";
