export { CHANGE_PASSWORD_REQUEST_SUCCESS, FAILURE_LOG_TYPES } from "./log-types";
export { DEFAULT_PASSWORD_LENGTH, generatePassword } from "./password";
export {
  type Credentials,
  DEFAULT_EMAIL_DOMAIN,
  DEFAULT_TIMEOUT_SECONDS,
  expectedClientOf,
  HELP,
  type Preflight,
  type PreflightInput,
  preflight,
  REQUIRED_SCOPES,
  readCredentials,
  type SmokePlan,
} from "./preflight";
export {
  DEFAULT_POLL_INTERVAL_MS,
  describeError,
  type ExpectedClient,
  managementClientFor,
  retryAfterMs,
  runSmoke,
  type SmokeDeps,
  type SmokeReport,
  type SmokeTarget,
  type SmokeTimings,
} from "./run";
