export { DEFAULT_PASSWORD_LENGTH, generatePassword } from "../management-api/password";
export { PASSWORD_REALM_GRANT } from "./gate";
export { CHANGE_PASSWORD_REQUEST_SUCCESS, FAILURE_LOG_TYPES } from "./log-types";
export {
  type Credentials,
  DEFAULT_EMAIL_DOMAIN,
  DEFAULT_TIMEOUT_SECONDS,
  expectedClientOf,
  GATE_SCOPES,
  gateTargetOf,
  HELP,
  type Preflight,
  type PreflightInput,
  preflight,
  REQUIRED_SCOPES,
  readCredentials,
  requiredScopes,
  type SmokePlan,
} from "./preflight";
export {
  DEFAULT_POLL_INTERVAL_MS,
  describeError,
  type ExpectedClient,
  type GateTarget,
  type GateTimings,
  managementClientFor,
  retryAfterMs,
  runSmoke,
  type SmokeDeps,
  type SmokeReport,
  type SmokeTarget,
  type SmokeTimings,
} from "./run";
