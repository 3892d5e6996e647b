// An output of an environment's applied stack, read from its Terraform state: what terraform
// itself recorded at apply (the login gate's cutoff), which no environment file holds.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LoadedEnvironment } from "../environment";
import type { CommandIo } from "./edge";
import { runTerraform, TerraformNotFound } from "./processes";
import { stacksDir } from "./stack-folder";

export type StackOutput = { value: unknown } | { missing: string };

/**
 * The output `name` of `environment`'s stack. A local backend's state file is read as it is
 * (where the stack's backend block puts it, beside cdktf.out/); a remote one through
 * `terraform output` in the stack's folder, which needs the folder initialised (`npm run plan`
 * does that) and the state backend's credentials.
 */
export async function readStackOutput(
  environment: LoadedEnvironment,
  name: string,
  options: Pick<CommandIo, "cwd" | "env">,
): Promise<StackOutput> {
  const stackDir = stacksDir(options, environment.name);
  const backend = environment.config.backend;
  if (backend.type === "local") {
    // The path the stack's local backend names, relative to its folder (lib/stack/invite-stack.ts).
    const stateFile = path.resolve(stackDir, `../../../terraform.${environment.name}.tfstate`);
    if (!existsSync(stateFile)) {
      return {
        missing: `${path.relative(options.cwd, stateFile)} does not exist: ${environment.name} has not been applied from this checkout`,
      };
    }
    let state: { outputs?: Record<string, { value?: unknown }> };
    try {
      state = JSON.parse(readFileSync(stateFile, "utf8"));
    } catch (error) {
      return {
        missing: `${path.relative(options.cwd, stateFile)}: ${(error as Error).message}`,
      };
    }
    const output = state.outputs?.[name];
    return output === undefined || output.value === undefined
      ? { missing: `the state of ${environment.name} has no output ${name} yet: apply it first` }
      : { value: output.value };
  }
  if (!existsSync(path.join(stackDir, ".terraform"))) {
    return {
      missing: `the state of ${environment.name} is remote (${backend.type}) and ${path.relative(options.cwd, stackDir)} is not initialised: run \`npm run plan -- ${environment.name}\` once (with the state backend's credentials), then again`,
    };
  }
  const binary = options.env.TERRAFORM_BINARY_NAME || "terraform";
  try {
    const result = await runTerraform(binary, stackDir, ["output", "-no-color", "-json", name], {
      ...options.env,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
    });
    if (result.code !== 0) {
      const why =
        result.stderr
          .trim()
          .split("\n")
          .find((line) => /\S/.test(line)) ?? "";
      return {
        missing: `terraform output ${name} failed for ${environment.name} (exit ${result.code})${why ? `: ${why.replace(/^[\s│╷╵]*/, "")}` : ""}`,
      };
    }
    return { value: JSON.parse(result.stdout) };
  } catch (error) {
    if (error instanceof TerraformNotFound) return { missing: error.message };
    return { missing: `terraform output ${name}: ${(error as Error).message}` };
  }
}
