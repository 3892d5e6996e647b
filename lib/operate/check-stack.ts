import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { type StandInProvider, startStandInProvider } from "../provider/stand-in/launch";
import { type CommandIo, inOrder, parseCommandLine } from "./edge";
import { TerraformNotFound, type TerraformResult } from "./processes";
import { Rehearsal } from "./rehearsal";
import { stacksDir } from "./stack-folder";

export const USAGE = `usage: npm run check-stack -- [<cdk.tf.json or stack directory>...]

Runs terraform init and terraform validate on every synthesized stack (each directory under
cdktf.out/stacks, or CDKTF_OUTDIR/stacks; or the files named), against the stand-in auth0
provider: no provider download, no credentials, no state. Prints "ok <file>" or
"fail <file> (N problems)" and one line per problem naming the resource and attribute.
Exit 0 when every stack is valid, 1 when any is not, 2 on bad usage. Needs terraform >= 1.11
on PATH (TERRAFORM_BINARY_NAME to use another binary).`;

/** One entry of `terraform validate -json`'s "diagnostics" (format_version 1.0). */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** Set on diagnostics the provider returned for a resource. */
  readonly address?: string;
  readonly snippet?: {
    readonly context: string | null;
    readonly code: string;
    readonly highlight_start_offset: number;
  };
}

/** A diagnostic located in the stack: `address` and `attribute` are empty when unknown. */
export interface StackProblem {
  readonly severity: "error" | "warning";
  /** `auth0_action.send_invite`, `data.auth0_tenant.t`, `provider.auth0`. */
  readonly address: string;
  /** Dotted path inside the address: `runtime`, `options.mfa.active`, `options.mfa[1]`. */
  readonly attribute: string;
  readonly summary: string;
  readonly detail: string;
}

// What terraform and the provider say in their messages about the attribute concerned.
const NAMED_IN_DETAIL = [
  /No argument or block type is named "([^"]+)"/,
  /The argument "([^"]+)" is required/,
  /Inappropriate value for attribute "([^"]+)"/,
  /(?:At least|No more than) \d+ "([^"]+)" blocks?/,
  // The provider's own validation: `expected runtime to be one of [...]`.
  /^expected "?([A-Za-z_][\w.]*)"? to /,
];

// A property name at the start of a snippet line: `        "runtime": "node99",`.
const PROPERTY = /^\s*"((?:[^"\\]|\\.)*)"\s*:/;

const withoutIndex = (segment: string) => segment.replace(/\[[^\]]*\]$/, "");

/**
 * Where a diagnostic points: the resource address from its snippet's context (or the
 * provider's `address`), the attribute from its message or, failing that, the property whose
 * line the diagnostic highlights.
 */
export function locateDiagnostic(diagnostic: TerraformDiagnostic): StackProblem {
  const context = diagnostic.snippet?.context ?? "";
  // `resource.auth0_connection.database.options.mfa[1]`: address, then the path in it.
  const segments = context === "" ? [] : context.split(".");
  const width =
    segments[0] === "resource" || segments[0] === "data" ? 3 : segments[0] === "provider" ? 2 : 1;
  let address = segments
    .slice(0, width)
    .join(".")
    .replace(/^resource\./, "");
  // A body's index in a JSON array of bodies (`provider.auth0[0]`) is no part of the address.
  if (segments[0] === "provider") address = withoutIndex(address);
  const inside = segments.slice(width);
  if (diagnostic.address) address = diagnostic.address;

  let name: string | undefined;
  for (const pattern of NAMED_IN_DETAIL) {
    name = pattern.exec(diagnostic.detail ?? "")?.[1];
    if (name !== undefined) break;
  }
  if (name === undefined && diagnostic.snippet) {
    const { code, highlight_start_offset: start } = diagnostic.snippet;
    const line = code.split("\n")[0];
    const match = PROPERTY.exec(line);
    if (match && start >= line.indexOf('"')) {
      let key = match[1];
      try {
        key = JSON.parse(`"${key}"`) as string;
      } catch {}
      // The highlighted line opens the block the context already names (a resource's own
      // `"send_invite": {`), or names a type under `resource` (an unknown resource type).
      if (segments.length === 1 && (segments[0] === "resource" || segments[0] === "data"))
        address = segments[0] === "data" ? `data.${key}` : key;
      else if (key !== withoutIndex(segments.at(-1) ?? "")) name = key;
    }
  }
  if (name !== undefined && withoutIndex(inside.at(-1) ?? "") !== name) inside.push(name);
  return {
    severity: diagnostic.severity === "warning" ? "warning" : "error",
    address,
    attribute: inside.join("."),
    summary: diagnostic.summary.trim(),
    detail: (diagnostic.detail ?? "").replace(/\s+/g, " ").trim(),
  };
}

/** `error auth0_action.send_invite: runtime: invalid value: expected runtime to be ...` */
export function formatProblem(problem: StackProblem): string {
  const where = [problem.address, problem.attribute].filter((s) => s !== "").join(": ");
  const what = [problem.summary, problem.detail].filter((s) => s !== "").join(": ");
  return `${problem.severity} ${where === "" ? "" : `${where}: `}${what}`;
}

/** The diagnostics of `terraform validate -json`, or undefined when it printed no such JSON. */
export function parseValidateJson(stdout: string): TerraformDiagnostic[] | undefined {
  try {
    const json = JSON.parse(stdout) as { diagnostics?: unknown };
    return Array.isArray(json.diagnostics)
      ? (json.diagnostics as TerraformDiagnostic[])
      : undefined;
  } catch {
    return undefined;
  }
}

const lastLines = (text: string, n = 20) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .join(" / ");

const problem = (summary: string, detail = ""): StackProblem => ({
  severity: "error",
  address: "",
  attribute: "",
  summary,
  detail,
});

/** The stack's provider domain, which the simulated tenant takes. */
function providerDomain(stack: Record<string, unknown>): string {
  const provider = (stack.provider as { auth0?: unknown } | undefined)?.auth0;
  const first = (Array.isArray(provider) ? provider[0] : provider) as
    | { domain?: unknown }
    | undefined;
  return typeof first?.domain === "string" ? first.domain : "stand-in.auth0.com";
}

/**
 * `terraform init` and `terraform validate -json` of one stack against the stand-in provider.
 * Throws TerraformNotFound when there is no terraform to run.
 */
export async function validateStack(
  root: string,
  stack: Record<string, unknown>,
  binary = "terraform",
  provider?: StandInProvider,
): Promise<StackProblem[]> {
  const rehearsal = await Rehearsal.open({
    root,
    stack,
    tenant: { domain: providerDomain(stack), resources: {} },
    binary,
    provider,
  });
  try {
    const init = await rehearsal.init();
    // A configuration init cannot read still gets validate's located diagnostics.
    const validate = await rehearsal.terraform(["validate", "-json", "-no-color"]);
    const diagnostics = parseValidateJson(validate.stdout);
    const problems = (diagnostics ?? []).map(locateDiagnostic);
    if (problems.some((p) => p.severity === "error")) return problems;
    const failed = (step: string, r: TerraformResult) =>
      problem(`terraform ${step} failed (exit ${r.code})`, lastLines(`${r.stdout}\n${r.stderr}`));
    if (init.code !== 0) return [...problems, failed("init", init)];
    if (diagnostics === undefined || validate.code !== 0)
      return [...problems, failed("validate", validate)];
    return problems;
  } finally {
    await rehearsal.close();
  }
}

interface Checked {
  readonly file: string;
  readonly problems: readonly StackProblem[];
}

type Read = { readonly stack: Record<string, unknown> } | { readonly problem: StackProblem };

function readStack(absolute: string): Read {
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem: problem(code === "ENOENT" ? "file not found" : (error as Error).message),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: problem("not valid JSON", (error as Error).message) };
  }
  if (typeof json === "object" && json !== null && !Array.isArray(json))
    return { stack: json as Record<string, unknown> };
  return { problem: problem("not a Terraform JSON object") };
}

async function checkFile(
  file: string,
  io: CommandIo,
  provider: () => Promise<StandInProvider>,
): Promise<Checked> {
  let absolute = path.resolve(io.cwd, file);
  if (existsSync(absolute) && statSync(absolute).isDirectory()) {
    absolute = path.join(absolute, "cdk.tf.json");
    file = path.join(file, "cdk.tf.json");
  }
  const read = readStack(absolute);
  if ("problem" in read) return { file, problems: [read.problem] };
  const binary = io.env.TERRAFORM_BINARY_NAME || "terraform";
  return {
    file,
    problems: await validateStack(io.root ?? io.cwd, read.stack, binary, await provider()),
  };
}

function report(checked: Checked, io: CommandIo): boolean {
  const { file, problems } = checked;
  const errors = problems.filter((p) => p.severity === "error").length;
  const n = problems.length;
  if (errors === 0) {
    io.out(n === 0 ? `ok ${file}\n` : `ok ${file} (${n} warning${n === 1 ? "" : "s"})\n`);
  } else {
    io.out(`fail ${file} (${n} problem${n === 1 ? "" : "s"})\n`);
  }
  for (const p of problems) io.out(`  ${formatProblem(p)}\n`);
  return errors === 0;
}

/** Two stacks at a time, reported in order as soon as each and those before it are done. */
const PARALLEL = 2;

/** `npm run check-stack`; resolves with the exit code. */
export async function runCheckStack(argv: readonly string[], io: CommandIo): Promise<number> {
  const program = new Command("npm run check-stack --").argument("[stack...]");
  const parsed = parseCommandLine(program, argv, io, USAGE, () => program.args);
  if (parsed.kind === "exit") return parsed.code;
  let files = parsed.request;
  if (files.length === 0) {
    const stacks = stacksDir(io);
    if (existsSync(stacks)) {
      files = readdirSync(stacks, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(path.join(stacks, e.name, "cdk.tf.json")))
        .map((e) => path.relative(io.cwd, path.join(stacks, e.name, "cdk.tf.json")))
        .sort();
    }
    if (files.length === 0) {
      io.err(
        `check-stack: no stacks found at ${path.join(path.relative(io.cwd, stacks), "*", "cdk.tf.json")} in ${io.cwd}; synth first (npm run synth)\n`,
      );
      return 1;
    }
  }

  // validate reads no tenant: one stand-in serves every stack of the run.
  let started: Promise<StandInProvider> | undefined;
  const tenantDir = mkdtempSync(path.join(tmpdir(), "check-stack-"));
  const provider = () => {
    started ??= startStandInProvider(io.root ?? io.cwd, path.join(tenantDir, "tenant.json"));
    return started;
  };
  try {
    const clean = await inOrder(files, PARALLEL, io, async (file, out) =>
      report(await checkFile(file, out, provider), out),
    );
    return clean.every(Boolean) ? 0 : 1;
  } catch (error) {
    // Once one stack could not be checked at all, no further one is started.
    if (!(error instanceof TerraformNotFound)) throw error;
    io.err(`check-stack: ${error.message}\n`);
    return 1;
  } finally {
    if (started) await (await started.catch(() => undefined))?.stop();
    rmSync(tenantDir, { recursive: true, force: true });
  }
}
