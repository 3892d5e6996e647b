// `npm run adopt -- <env>` from the command line to its exit code: parse, read the environment
// file as written (it may still lack what only the tenant can tell), read the tenant, build
// the stack the file would get, report, and with --write / --snapshot write the files. Every
// check that can fail on input happens before the first request; nothing is written unless
// it is whole and valid. The process is injected; scripts/adopt.ts is the edge.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_CONNECTION_NAME,
  HOSTNAME,
  isPlainObject,
  parseEnvironment,
  resetPageLocales,
  STACK_NAME,
} from "../environment";
import { reportStop, Stop, tenantCredentials } from "../management-api/cli";
import type { Output } from "../operate/edge";
import { type AdoptRequest, parseCommandLine } from "./command-line";
import { changedHunks, lineDiff } from "./diff";
import { formatJson, writeFileAtomically } from "./files";
import type { JsonObject } from "./options";
import type { ReadRequest, TenantRead } from "./tenant";

export interface AdoptIo extends Output {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** The repository root: relative paths, and what the stack is built from, are found here. */
  cwd: string;
  /** Where the environment files are (ENVIRONMENTS_DIR), relative to `cwd`. */
  environmentsDir: string;
  /** Every request to Auth0 goes through it. @default the global fetch */
  fetch?: typeof fetch;
}

export async function runAdopt(io: AdoptIo): Promise<number> {
  const parsed = parseCommandLine(io.argv, io);
  if (parsed.kind === "exit") return parsed.code;
  const { request } = parsed;
  try {
    return await adopt(io, request);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return reportStop(io, error, request.json, "adopt");
  }
}

async function adopt(io: AdoptIo, request: AdoptRequest): Promise<number> {
  const file = path.join(io.environmentsDir, `${request.env}.json`);
  const absolute = path.resolve(io.cwd, file);
  if (!STACK_NAME.test(request.env)) {
    throw new Stop(
      `"${request.env}" is not an environment name: lower-case letters, digits and "-" (the file name without .json)`,
    );
  }
  if (!existsSync(absolute)) {
    throw new Stop(
      `${file} does not exist: write it with at least domain, application and email (docs/adopting.md), then run adopt again`,
    );
  }
  const text = readFileSync(absolute, "utf8");
  const raw = readRaw(file, text);
  // Everything but what the tenant settles (the connection's id and password model) must be
  // right before the first request.
  const early = parseEnvironment(file, text);
  const unsettled = early.ok ? [] : early.problems.filter((p) => !tenantSettles(file, raw, p));
  if (unsettled.length > 0) throw listing(`${file} has problems to fix first`, unsettled);
  const readRequest = readRequestOf(file, raw);
  const credentials = tenantCredentials(
    io.env,
    file,
    readRequest.domain,
    " with the read scopes in --help (or set AUTH0_API_TOKEN)",
  );
  for (const [option, target] of [
    ["--snapshot", request.snapshot],
    ["--summary-file", request.summaryFile],
  ] as const) {
    if (target === undefined) continue;
    const folder = path.dirname(path.resolve(io.cwd, target));
    if (!existsSync(folder))
      throw new Stop(`${option} ${target}: the folder ${folder} does not exist`);
  }

  // Loaded only now: the SDK and cdktf are slow to load, and help and input errors need neither.
  const [{ readTenant, TenantReadError }, { connectionOptionsBlock }, proposal, stack, report] =
    await Promise.all([
      import("./tenant"),
      import("./options"),
      import("./proposal"),
      import("./stack"),
      import("./report"),
    ]);
  let tenant: TenantRead;
  try {
    tenant = await readTenant(readRequest, credentials, io.fetch ?? fetch);
  } catch (error) {
    if (error instanceof TenantReadError) throw new Stop(error.message, [error.message], 1);
    throw error;
  }

  const block = connectionOptionsBlock();
  const required = proposal.completeFile(raw, tenant, { block, scope: "required" });
  const completed = parseEnvironment(file, JSON.stringify(required.file));
  if (!completed.ok) {
    throw listing(`${file} has problems that the tenant cannot settle`, completed.problems);
  }
  const completedStack = stack.synthesizeStack(request.env, completed.config);
  const proposed = proposal.completeFile(raw, tenant, {
    block,
    scope: "everything",
    stackOptions: completedStack.resource?.auth0_connection?.database?.options,
    actions: proposal.stackActions(completedStack),
  });

  let written: { changed: boolean; diff: string[] } | undefined;
  let reportOn = {
    decided: raw,
    required: required.set,
    proposed: proposed.set,
    config: completed.config,
    stack: completedStack,
  };
  if (request.write) {
    const next = formatJson(proposed.file, file, io.cwd);
    const checked = parseEnvironment(file, next);
    if (!checked.ok) {
      const heading = `${file} as --write would write it has problems, so nothing was written`;
      throw listing(heading, checked.problems);
    }
    const changed = next !== text;
    if (changed) writeFileAtomically(absolute, next);
    written = { changed, diff: changed ? lineDiff(text, next) : [] };
    reportOn = {
      decided: JSON.parse(next) as JsonObject,
      required: [],
      proposed: [],
      config: checked.config,
      stack: stack.synthesizeStack(request.env, checked.config),
    };
  }

  const adoption = report.buildReport({
    environment: request.env,
    file,
    decided: reportOn.decided,
    required: reportOn.required,
    proposed: reportOn.proposed,
    stack: reportOn.stack,
    tenant,
    block,
    // The reset page's text in the default language's locale (the first the stack writes).
    language: resetPageLocales(reportOn.config)[0].locale,
    invitedSince: reportOn.config.loginGate.invitedSince,
    customDomain: reportOn.config.customDomain,
  });

  if (request.snapshot !== undefined) {
    const { tenantSnapshot } = await import("./snapshot");
    const snapshot = tenantSnapshot(tenant, block, resetPageLocales(reportOn.config)[0].locale);
    writeFileAtomically(
      path.resolve(io.cwd, request.snapshot),
      `${JSON.stringify(snapshot, null, 2)}\n`,
    );
  }
  const { renderMarkdown, renderText } = await import("./render");
  // As the plan's summary: the pull-request comment, and the job's summary page.
  if (request.summaryFile !== undefined) {
    writeFileSync(path.resolve(io.cwd, request.summaryFile), renderMarkdown(adoption));
  }
  if (io.env.GITHUB_STEP_SUMMARY) {
    appendFileSync(io.env.GITHUB_STEP_SUMMARY, `${renderMarkdown(adoption)}\n`);
  }

  const { blockers, losses } = adoption.counts;
  const code = blockers > 0 || (losses > 0 && !request.acceptLoss) ? 1 : 0;
  if (request.json) {
    io.out(
      `${JSON.stringify(
        {
          command: "adopt",
          environment: request.env,
          file,
          domain: readRequest.domain,
          acceptLoss: request.acceptLoss,
          written: written === undefined ? null : { file, ...written },
          snapshot: request.snapshot ?? null,
          counts: adoption.counts,
          items: adoption.items,
        },
        null,
        2,
      )}\n`,
    );
    return code;
  }
  if (written !== undefined) {
    io.out(
      written.changed
        ? `${file} written:\n${changedHunks(written.diff).join("\n")}\n\n`
        : `${file} already keeps what the tenant has: nothing to write\n\n`,
    );
  }
  io.out(renderText(adoption));
  if (request.snapshot !== undefined) {
    io.out(
      `\nsnapshot of the tenant written to ${request.snapshot}: npm run rehearse -- ${request.env} --tenant ${request.snapshot}\n`,
    );
  }
  if (code !== 0) {
    io.out(
      blockers > 0
        ? "\nThe adoption is blocked: change what the items marked BLOCKS ADOPTION say, then run adopt again.\n"
        : "\nThe first apply would lose what the items marked LOSS say: keep them (--write keeps what it can), or run again with --accept-loss if that is intended.\n",
    );
  }
  return code;
}

/** A Stop for `problems`, listed under `heading`. */
function listing(heading: string, problems: readonly string[]): Stop {
  return new Stop(`${heading}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, problems);
}

/** A problem adopt fills in from the tenant: the adopted connection's missing id or password model. */
function tenantSettles(file: string, raw: JsonObject, problem: string): boolean {
  if (problem.startsWith(`${file}: connection.id: is required`)) return true;
  const connection = isPlainObject(raw.connection) ? raw.connection : {};
  const policy = isPlainObject(connection.passwordPolicy) ? connection.passwordPolicy : {};
  return (
    problem.startsWith(`${file}: connection.passwordPolicy.model: `) && policy.model === undefined
  );
}

function readRaw(file: string, text: string): JsonObject {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    const result = parseEnvironment(file, text);
    const problems = result.ok ? [`${file}: invalid JSON`] : result.problems;
    throw new Stop(problems.join("\n"), problems);
  }
  if (!isPlainObject(raw)) {
    throw new Stop(`${file}: must be a JSON object`, [`${file}: must be a JSON object`]);
  }
  return raw as JsonObject;
}

/** What the read needs, from the file as written: only values that pass the schema's rules. */
function readRequestOf(file: string, raw: JsonObject): ReadRequest {
  const domain = raw.domain;
  if (typeof domain !== "string" || !HOSTNAME.test(domain)) {
    const problem = `${file}: domain: ${JSON.stringify(domain ?? null)} must be the tenant's host name, such as example-dev.eu.auth0.com`;
    throw new Stop(problem, [problem]);
  }
  const connection = isPlainObject(raw.connection) ? raw.connection : {};
  const name = typeof connection.name === "string" ? connection.name : DEFAULT_CONNECTION_NAME;
  const id =
    typeof connection.id === "string" && /^con_[A-Za-z0-9]{16}$/.test(connection.id)
      ? connection.id
      : undefined;
  const application = isPlainObject(raw.application) ? raw.application : {};
  const clientId = application.clientId;
  const appName = application.name;
  if (typeof clientId !== "string" && typeof appName !== "string") {
    const problem = `${file}: application: give clientId (an existing application) or the name of the one the stack creates`;
    throw new Stop(problem, [problem]);
  }
  const languages = Array.isArray(raw.languages) ? raw.languages : [];
  const tenantLocales = Array.isArray(raw.tenantLocales) ? raw.tenantLocales : [];
  const first = [tenantLocales[0], languages[0]].find((l) => typeof l === "string");
  return {
    domain,
    connection: { name, ...(id === undefined ? {} : { id }) },
    application:
      typeof clientId === "string"
        ? { kind: "referenced", clientId }
        : { kind: "managed", name: String(appName) },
    language: typeof first === "string" ? first : "en",
  };
}
