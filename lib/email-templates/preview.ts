import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { auth0EmailContext, RECIPIENTS, type Recipient, renderEmail } from "./render";
import type { BuiltEmailTemplate } from "./types";

export interface PreviewEnvironment {
  name: string;
  templates: readonly BuiltEmailTemplate[];
  /**
   * The environment's database connection (`EmailBranding.connectionName`): the invitee is
   * rendered as a user of it, which is what makes `reset_email` read as the invitation.
   */
  connectionName: string;
  /** The environment's languages: each is rendered, as for a user whose language it is. */
  languages: readonly string[];
}

export interface Viewport {
  name: string;
  width: number;
  height: number;
  dark?: boolean;
}

// Tall enough for the whole reset email at each width; the page background fills the rest.
export const VIEWPORTS: readonly Viewport[] = [
  { name: "desktop", width: 1000, height: 860 },
  { name: "mobile", width: 390, height: 1100 },
  { name: "desktop-dark", width: 1000, height: 860, dark: true },
];

export interface PreviewOptions {
  /** Output folder (gitignored `previews/`). */
  outDir: string;
  /** Chromium executable for screenshots; undefined = HTML only. */
  chromium?: string;
  viewports?: readonly Viewport[];
  log?: (line: string) => void;
}

export interface PreviewFile {
  environment: string;
  template: string;
  language: string;
  recipient: Recipient;
  subject: string;
  html: string;
  screenshots: string[];
}

/** The Chromium on PATH (Debian's `chromium` package), or undefined when none answers. */
export function findChromium(
  candidates = ["chromium", "chromium-browser", "google-chrome"],
): string | undefined {
  return candidates.find((c) => spawnSync(c, ["--version"], { stdio: "ignore" }).status === 0);
}

/**
 * Renders every enabled template of every environment, in each of its languages (for a user
 * whose `user_metadata.language` is that language), for an invitee (an unverified user of the
 * environment's connection) and a verified user to
 * `<outDir>/<env>/<template>.<language>.<recipient>.html`, plus a PNG per viewport when
 * Chromium is there.
 */
export function writePreviews(
  environments: readonly PreviewEnvironment[],
  options: PreviewOptions,
): PreviewFile[] {
  const log = options.log ?? (() => {});
  const files: PreviewFile[] = [];
  for (const env of environments) {
    if (typeof env.connectionName !== "string" || env.connectionName === "") {
      // Without it the "invitee" would be rendered as a user of no connection, i.e. get the
      // ordinary reset wording, and the preview would silently stop showing the invitation.
      throw new Error(`preview: environment ${env.name} has no connectionName`);
    }
    const dir = path.join(options.outDir, env.name);
    // Start clean: screenshots from an earlier run must not sit beside newer HTML.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const cases = env.languages.flatMap((language) =>
      RECIPIENTS.map((recipient) => ({ language, recipient })),
    );
    for (const template of env.templates.filter((t) => t.enabled)) {
      for (const { language, recipient } of cases) {
        const rendered = renderEmail(
          template,
          auth0EmailContext(recipient, env.connectionName, { user_metadata: { language } }),
        );
        const base = path.join(dir, `${template.template}.${language}.${recipient}`);
        writeFileSync(`${base}.html`, rendered.html);
        const screenshots = options.chromium
          ? (options.viewports ?? VIEWPORTS).map((viewport) => {
              const png = `${base}.${viewport.name}.png`;
              screenshot(options.chromium as string, `${base}.html`, png, viewport);
              return png;
            })
          : [];
        files.push({
          environment: env.name,
          template: template.template,
          language,
          recipient,
          subject: rendered.subject,
          html: `${base}.html`,
          screenshots,
        });
        log(`${env.name} ${template.template} ${language} ${recipient}: "${rendered.subject}"`);
        for (const file of [`${base}.html`, ...screenshots])
          log(`  ${path.relative(process.cwd(), file)}`);
      }
    }
  }
  writeFileSync(path.join(options.outDir, "index.html"), indexPage(files, options.outDir));
  return files;
}

function screenshot(chromium: string, html: string, png: string, viewport: Viewport): void {
  const args = [
    "--headless",
    "--disable-gpu",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    // Remote images (the logo) must not hold the screenshot hostage when offline.
    "--virtual-time-budget=3000",
    `--window-size=${viewport.width},${viewport.height}`,
    // What a mail client set to dark shows: prefers-color-scheme: dark.
    ...(viewport.dark ? ["--blink-settings=preferredColorScheme=0"] : []),
    `--screenshot=${path.resolve(png)}`,
    pathToFileURL(path.resolve(html)).href,
  ];
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) args.unshift("--no-sandbox");
  const result = spawnSync(chromium, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${chromium} failed to screenshot ${html}:\n${result.stderr}`);
  }
}

/** Copies one screenshot to where the README shows it. */
export function copyReadmeImage(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function indexPage(files: readonly PreviewFile[], outDir: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rel = (f: string) => esc(path.relative(outDir, f).split(path.sep).join("/"));
  const rows = files
    .map((f) => {
      const shots = f.screenshots
        .map((s) => `<a href="${rel(s)}">${esc(path.basename(s))}</a>`)
        .join(" ");
      return `<tr><td>${esc(f.environment)}</td><td>${esc(f.template)}</td><td>${esc(f.language)}</td><td>${f.recipient}</td><td>${esc(f.subject)}</td><td><a href="${rel(f.html)}">html</a> ${shots}</td></tr>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Email previews</title></head>
<body><h1>Email previews</h1>
<table><thead><tr><th>environment</th><th>template</th><th>language</th><th>recipient</th><th>subject</th><th>files</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
