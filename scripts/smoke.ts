// `npm run smoke -- <environment> [--timeout <seconds>]`: a smoke check of the invitation flow
// (and, while it is bound, the login gate) on a real tenant (see `npm run smoke -- --help`). This is the edge: argv, environment variables,
// the environment files, signals and the exit code; the decisions and the flow are in lib/smoke.
//
// The throwaway address is smoke-<random>@example.com unless SMOKE_EMAIL_DOMAIN says otherwise:
// example.com is reserved by RFC 2606 and publishes a null MX (RFC 7505), so the invitation the
// check triggers is refused at once and never reaches a person.
import { loadEnvironments } from "../lib/environment";
import { exitWhenDone } from "../lib/operate/edge";
import { preflight } from "../lib/smoke/preflight";

/**
 * Three delete attempts of at most 5 s each, plus their waits. The gate check's client is
 * deleted beside the user, not after it, so it adds nothing.
 */
const CLEANUP_CAP_MS = 20_000;

async function main(): Promise<number> {
  // As in main.ts: tests and experiments can point at other environment files.
  const dir = process.env.ENVIRONMENTS_DIR ?? "environments";
  const decision = preflight({
    argv: process.argv.slice(2),
    env: process.env,
    environmentsDir: dir,
    loadEnvironments: () => loadEnvironments(dir),
  });
  if (decision.kind === "exit") {
    (decision.stream === "out" ? console.log : console.error)(decision.message);
    return decision.code;
  }
  const { plan } = decision;
  const leftovers = plan.target.gate === undefined ? "user" : "user and client";

  // Loaded only when there is something to check: the SDK takes about half a second to load,
  // which CI without credentials would pay for nothing.
  const { managementClientFor, runSmoke } = await import("../lib/smoke/run");

  // The first signal ends the waiting but not the cleanup. Later ones are ignored: a cancelled
  // GitHub job sends SIGINT and, seconds later, SIGTERM, and giving up on the second would
  // leave the user (and the gate check's client) behind. The cap stays below the time GitHub allows before SIGKILL.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      console.error(`smoke: ${signal} again: still deleting the throwaway ${leftovers}`);
      return;
    }
    console.error(`smoke: ${signal}: stopping, deleting the throwaway ${leftovers} first`);
    controller.abort(new Error(signal));
    setTimeout(() => {
      console.error(
        `smoke: cleanup took more than ${CLEANUP_CAP_MS / 1000} s: exiting; delete the ${leftovers} by hand (ids above)`,
      );
      process.exit(1);
    }, CLEANUP_CAP_MS).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const report = await runSmoke(plan.target, {
      client: managementClientFor(plan.target, plan.credentials),
      signal: controller.signal,
    });
    return report.exitCode;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

exitWhenDone(main());
