import { byCodePoint } from "../text/by-code-point";
import { spellOut } from "../text/terminal";
import type { loadEnvironments } from ".";

// Typed off the loader's result so the listing follows the schema: a new backend kind shows
// up here without being restated.
type LoadedEnvironment = ReturnType<typeof loadEnvironments>[number];

/** Where an environment keeps its Terraform state: `local`, `s3` or `hcp`. */
export type BackendKind = LoadedEnvironment["config"]["backend"]["type"];

export interface ListedEnvironment {
  readonly name: string;
  readonly file: string;
  readonly applyOrder: number;
  readonly backend: BackendKind;
}

/**
 * The environments in the order the apply workflow applies them: lower applyOrder first,
 * ties by name. The loader has applied the defaults, so nothing is defaulted here.
 */
export function listEnvironments(environments: readonly LoadedEnvironment[]): ListedEnvironment[] {
  return environments
    .map(({ name, file, config }) => ({
      name,
      file,
      applyOrder: config.applyOrder,
      backend: config.backend.type,
    }))
    .sort((a, b) => a.applyOrder - b.applyOrder || byCodePoint(a.name, b.name));
}

/** The listing as an aligned table for people, one environment a line. */
export function formatListing(listing: readonly ListedEnvironment[]): string {
  // The file's path comes from ENVIRONMENTS_DIR, which may hold anything.
  const rows = [
    ["ORDER", "NAME", "BACKEND", "FILE"],
    ...listing.map((e) => [String(e.applyOrder), e.name, e.backend, spellOut(e.file)]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join("  "),
    )
    .join("\n");
}
