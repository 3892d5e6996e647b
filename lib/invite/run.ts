// One invite command from the command line to its exit code: parse, pick the environment, check
// the input and the credentials, then run against the tenant and report. Every check that can
// fail on input happens before the first request. The process (argv, env, files, streams) is
// injected; scripts/invite.ts is the edge.
import {
  type Environment,
  EnvironmentConfigError,
  type LoadedEnvironment,
  recordsGateCutoff,
} from "../environment";
import { reportStop, Stop, tenantCredentials } from "../management-api/cli";
import { DEFAULT_PASSWORD_LENGTH, generatePassword } from "../management-api/password";
import type { Credentials } from "../operate/credentials";
import type { Output } from "../operate/edge";
import { forTerminal } from "../text/terminal";
import { parseCommandLine, type Request } from "./command-line";
import type { CommandDeps, RowResult, StatusReport } from "./commands";
import {
  addressesFromArguments,
  describeProblems,
  type InputResult,
  type Invitee,
  inviteesFromCsv,
} from "./input";
import { type InviteTarget, refusalOf, targetOf } from "./invitees";
import { renderRows, renderStatus, summarize } from "./report";

export interface InviteIo extends Output {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  environmentsDir: string;
  /** May throw EnvironmentConfigError. */
  loadEnvironments: () => LoadedEnvironment[];
  /** A file's bytes (the CSV file): read as UTF-8, strictly, by the input's rules. */
  readFile: (file: string) => Uint8Array;
  /** Where the progress bar goes; only given when it is a terminal. */
  progressStream?: NodeJS.WritableStream;
  /**
   * The login gate's cutoff terraform recorded for this environment (its stack's output
   * login_gate_invited_since), read only when the file leaves the cutoff to terraform.
   * @default - not known: commands that need it refuse, saying so
   */
  recordedCutoff?: (
    environment: LoadedEnvironment,
  ) => Promise<{ value: unknown } | { missing: string }>;
  /** Under the pacer; tests and the bench point it elsewhere. @default the global fetch */
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function runInvite(rawIo: InviteIo): Promise<number> {
  // Everything printed goes through here: addresses, names, CSV cells, file names and the
  // tenant's answers reach the terminal with escape sequences and bidi controls spelled out.
  // (In a JSON document the same characters become \u escapes: the same JSON, the same data.)
  const io: InviteIo = {
    ...rawIo,
    out: (text) => rawIo.out(forTerminal(text)),
    err: (text) => rawIo.err(forTerminal(text)),
  };
  const parsed = parseCommandLine(io.argv, io);
  if (parsed.kind === "exit") return parsed.code;
  const { request } = parsed;
  const now = io.now ?? Date.now;
  const fail = (stop: Stop) => reportStop(io, stop, request.json, "invite", request.command);

  let environment: LoadedEnvironment;
  let target: InviteTarget;
  let input: { invitees: Invitee[] };
  let credentials: Credentials;
  try {
    environment = pickEnvironment(io, request.env);
    // Users created before the cutoff are not invitees; `add` creates new users, after it.
    const recorded =
      request.command !== "add" && recordsGateCutoff(environment.config)
        ? await (io.recordedCutoff?.(environment) ??
            Promise.resolve({
              missing: "this run was not told where the stack's state is",
            }))
        : undefined;
    target = targetOf(environment, recorded);
    // What the environment alone refuses comes before the input and the credentials: nobody
    // sets up a Management API client only to hear that the file never allowed the command.
    const listsAll =
      (request.command === "status" && request.emails.length === 0) ||
      (request.command === "resend" && request.expired);
    const refusal = refusalOf(target, { command: request.command, listsAll }, now());
    if (refusal !== undefined) throw new Stop(refusal, [], 1);
    input = readInput(io, request, environment.config);
    credentials = tenantCredentials(
      io.env,
      environment.file,
      environment.config.domain,
      " (or set AUTH0_API_TOKEN); the scopes each command needs are in its --help",
    );
  } catch (error) {
    if (error instanceof Stop) return fail(error);
    throw error;
  }

  // Loaded only now: the SDK is slow to load, and help and input errors do not need it.
  const [{ Pacer }, { auth0Tenant }, commands] = await Promise.all([
    import("./pacer"),
    import("./tenant"),
    import("./commands"),
  ]);
  const pacer = new Pacer({
    fetch: io.fetch ?? fetch,
    now,
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
  const tenant = auth0Tenant({
    domain: target.domain,
    connection: target.rules.connection,
    credentials,
    application: target.application,
    ...(target.customDomain === undefined ? {} : { customDomain: target.customDomain }),
    fetch: pacer.fetch,
  });
  const progress = await progressBar(io, request);
  const passwordLength = Math.max(DEFAULT_PASSWORD_LENGTH, target.passwordMinLength);
  const deps: CommandDeps = {
    tenant,
    now,
    concurrency: request.concurrency,
    password: () => generatePassword(passwordLength),
    ...(progress === undefined ? {} : { progress: progress.update }),
  };
  const emails = input.invitees.map((i) => i.email);
  // Checked with the input: the canonical tag every named user is given.
  const language = input.invitees[0]?.language;
  const dryRun = "dryRun" in request && request.dryRun;

  let results: RowResult[] | undefined;
  let status: StatusReport | undefined;
  try {
    switch (request.command) {
      case "add":
        results = await commands.addInvitees(target, input.invitees, deps, request.dryRun);
        break;
      case "resend":
        results = await commands.resendInvitations(
          target,
          request.expired
            ? { expired: true }
            : { emails, ...(request.language === undefined ? {} : { language }) },
          deps,
          request.dryRun,
        );
        break;
      case "revoke":
        results = await commands.revokeInvitations(target, emails, deps, request.dryRun);
        break;
      case "status":
        status = await commands.inviteeStatus(target, emails, request.states, deps);
        break;
    }
  } catch (error) {
    // A refusal (RefusedError), or a request that failed before any row could be worked on
    // (listing the invitees, finding the application).
    progress?.stop();
    return fail(new Stop(error instanceof Error ? error.message : String(error), [], 1));
  }
  progress?.stop();

  const http = { ...pacer.stats };
  if (status !== undefined) {
    if (request.json) {
      io.out(
        `${JSON.stringify({ command: request.command, environment: target.environment, now: new Date(now()).toISOString(), linkLifetimeSeconds: target.linkLifetimeSeconds, ...status, http }, null, 2)}\n`,
      );
    } else {
      io.out(`${renderStatus(status)}\n`);
    }
    return 0;
  }
  const rows = results ?? [];
  const summary = summarize(rows);
  if (request.json) {
    io.out(
      `${JSON.stringify({ command: request.command, environment: target.environment, dryRun, results: rows, summary, http }, null, 2)}\n`,
    );
  } else {
    io.out(`${renderRows(rows, dryRun)}\n`);
    if (http.rateLimited > 0) {
      io.err(
        `invite: the tenant answered 429 to ${http.rateLimited} of ${http.requests} requests; the CLI waited as asked before sending each again\n`,
      );
    }
  }
  const notAllDone = rows.some((r) => r.refused === true || r.warning !== undefined);
  return summary.failed > 0 || notAllDone ? 1 : 0;
}

function pickEnvironment(io: InviteIo, name: string): LoadedEnvironment {
  let environments: LoadedEnvironment[];
  try {
    environments = io.loadEnvironments();
  } catch (error) {
    if (error instanceof EnvironmentConfigError) {
      throw new Stop(error.message, error.problems);
    }
    throw error;
  }
  const environment = environments.find((e) => e.name === name);
  if (environment === undefined) {
    throw new Stop(
      `unknown environment "${name}"; the environments in ${io.environmentsDir} are: ${environments.map((e) => e.name).join(", ")}`,
    );
  }
  return environment;
}

function readInput(io: InviteIo, request: Request, config: Environment): { invitees: Invitee[] } {
  let result: InputResult;
  if (request.command === "add" && request.csv !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = io.readFile(request.csv);
    } catch (error) {
      throw new Stop(`${request.csv}: cannot read the file (${(error as Error).message})`);
    }
    result = inviteesFromCsv(request.csv, bytes, {
      skipEmailDomains: config.invite.skipEmailDomains,
      languages: config.languages,
      ...(request.language === undefined ? {} : { language: request.language }),
    });
  } else {
    // Only add creates users the Action must invite; the others look up whoever is named.
    const skipEmailDomains = request.command === "add" ? config.invite.skipEmailDomains : [];
    const language =
      request.command === "add" || request.command === "resend" ? request.language : undefined;
    result = addressesFromArguments(request.emails, {
      skipEmailDomains,
      languages: config.languages,
      ...(language === undefined ? {} : { language }),
    });
  }
  if ("problems" in result) throw new Stop(describeProblems(result.problems), result.problems);
  return result;
}

async function progressBar(
  io: InviteIo,
  request: Request,
): Promise<{ update: (done: number, total: number) => void; stop: () => void } | undefined> {
  if (io.progressStream === undefined || request.json) return undefined;
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar(
    {
      stream: io.progressStream,
      format: `${request.command} [{bar}] {value}/{total}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
