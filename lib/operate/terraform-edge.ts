import { killTerraforms } from "./terraform-process";

/** What a command that runs terraform through the stand-in gets from the process. */
export interface CommandIo {
  /** The repository root (where scripts/run.mjs and provider-schema/ are). */
  readonly root: string;
  /** What relative paths, environments/ and cdktf.out/ resolve against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * Runs a command that drives terraform through the stand-in from a script's edge: process
 * arguments, environment and streams in; the exit code out. Ctrl-C ends every terraform it
 * started, and the exit handlers stop the stand-in providers and remove their folders.
 */
export function runFromProcess(
  name: string,
  command: (argv: readonly string[], io: CommandIo) => Promise<number>,
): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killTerraforms();
      process.stderr.write(`\n${name}: stopped (${signal}); nothing real was touched\n`);
      process.exit(130);
    });
  }
  command(process.argv.slice(2), {
    root: process.cwd(),
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
