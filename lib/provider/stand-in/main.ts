import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { parseProcessArguments } from "../../operate/edge";
import type { SourceFacts } from "../schema/source-facts";
import type { ProvidersSchemaJson } from "../schema/types";
import { servedSchema } from "./schema";
import { serve } from "./server";

/**
 * The addresses `source = "auth0/auth0"` resolves to: Terraform's registry, and OpenTofu's,
 * which OpenTofu puts in front of a source without a host. The stand-in answers for both.
 */
const PROVIDER_ADDRESSES = [
  "registry.terraform.io/auth0/auth0",
  "registry.opentofu.org/auth0/auth0",
] as const;

/** Where the committed schema, facts and protocol files live, from the repository root. */
const standInFiles = (root: string) => ({
  schema: path.join(root, "provider-schema", "auth0.json"),
  facts: path.join(root, "provider-schema", "auth0.source-facts.json"),
  protocolDir: path.join(root, "lib", "provider", "stand-in", "protocol"),
});

/**
 * What a client of the host sends, one JSON line per connection: the simulated tenant this
 * session serves. The host answers with JSON lines: `{ "reattach": ... }` once the session's
 * provider socket accepts Terraform, `{ "log": ... }` for each line the session logs, or
 * `{ "error": ... }`.
 */
interface SessionRequest {
  readonly tenant: string;
}

/**
 * The stand-in's process, a host of sessions: it listens on the control socket `--control`,
 * and each connection to it is one session, a provider socket of its own serving one simulated
 * tenant file, until that connection closes. The schema is loaded and encoded once for all
 * sessions, so a test worker or a rehearsal of many environments pays the start-up once.
 *
 * Terraform does not own a reattached provider, so the host ends itself when whoever started
 * it is gone: on SIGTERM/SIGINT, when its stdin closes, or when its parent process is gone.
 */
async function main(control: string, root: string): Promise<void> {
  const files = standInFiles(root);
  const schema = servedSchema(
    JSON.parse(readFileSync(files.schema, "utf8")) as ProvidersSchemaJson,
    JSON.parse(readFileSync(files.facts, "utf8")) as SourceFacts,
  );
  const sessions = new Set<() => void>();
  const exit = () => {
    for (const end of sessions) end();
    rmSync(control, { force: true });
    process.exit(0);
  };

  const server = createServer((connection) => {
    let buffered = "";
    let end: (() => void) | undefined;
    const send = (message: object) => {
      if (!connection.destroyed) connection.write(`${JSON.stringify(message)}\n`);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      connection.off("data", onData);
      startSession(JSON.parse(buffered.slice(0, newline)) as SessionRequest, send).then(
        (stop) => {
          end = stop;
          sessions.add(stop);
          // The client went away before the answer: nobody will use this session.
          if (connection.destroyed) close();
        },
        (error: unknown) => {
          send({ error: error instanceof Error ? error.message : String(error) });
          connection.end();
        },
      );
    };
    const close = () => {
      if (end) {
        sessions.delete(end);
        end();
        end = undefined;
      }
    };
    connection.on("data", onData);
    connection.on("close", close);
    connection.on("error", close);
  });

  const startSession = async (
    request: SessionRequest,
    send: (message: object) => void,
  ): Promise<() => void> => {
    const dir = mkdtempSync(path.join(tmpdir(), "auth0-stand-in-"));
    const socket = path.join(dir, "provider.sock");
    let ended = false;
    const provider = await serve(
      {
        schema,
        tenantFile: request.tenant,
        protocolDir: files.protocolDir,
        log: (line) => send({ log: line }),
        crash: () => stop(),
      },
      socket,
    );
    const stop = () => {
      if (ended) return;
      ended = true;
      provider.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    };
    const attach = {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: process.pid,
      Test: true,
      Addr: { Network: "unix", String: socket },
    };
    send({ reattach: Object.fromEntries(PROVIDER_ADDRESSES.map((address) => [address, attach])) });
    return stop;
  };

  process.on("SIGTERM", exit);
  process.on("SIGINT", exit);
  // Whoever started this host is gone, and nobody else will stop it: its stdin closed (the
  // parent held the other end) or the parent process no longer exists.
  process.stdin.on("end", exit);
  process.stdin.on("error", exit);
  process.stdin.resume();
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      exit();
    }
  }, 500).unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(control, () => resolve());
  });
  // The host lives while its control socket listens; the interval above is unref'd.
  process.stdout.write("ready\n");
}

// This file is the host's entry point, started by launch.ts and never by hand; nothing imports it.
const USAGE = "usage: node scripts/run.mjs lib/provider/stand-in/main.ts --control <socket path>";
const program = new Command().requiredOption("--control <socket path>");
const { control } = parseProcessArguments(program, USAGE, () =>
  program.opts<{ control: string }>(),
);
main(control, process.cwd()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
