// Auth0 tenant log type codes the smoke check reads. Reference:
// https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes and the per-type schemas under
// https://auth0.com/docs/tenant-logs/ (user-success/scpr, user-fail/fcpr, user-fail/fn,
// actions/actions-execution-failed, other/fpurh).

/** "Successful Change Password Request": Auth0 accepted the Action's change-password request. */
export const CHANGE_PASSWORD_REQUEST_SUCCESS = "scpr";

/** Events that mean the invitation will not arrive; any of them for the user fails the smoke. */
export const FAILURE_LOG_TYPES: Readonly<Record<string, string>> = {
  fcpr: "failed change password request",
  fn: "failed to send an email notification",
  actions_execution_failed: "execution of an Action failed",
  // Documented for the hooks of the same extension point, not for Actions; watching it costs
  // nothing and it can only mean that post-registration code failed.
  fpurh: "failed post user registration hook",
};
