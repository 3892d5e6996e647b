// Renders the email templates of every environment, in each of its languages, for an invitee
// and a verified user into the gitignored previews/ folder, with screenshots when Chromium is
// installed. `--readme-image` also refreshes docs/images/reset-email-invite.png: the first
// environment's invitation in its default language, drawn with the product name instead of the logo so the committed image never depends on whether
// the logo URL could be fetched (in an offline container it shows a broken-image icon).
import path from "node:path";
import { Command } from "commander";
import { buildEmailTemplates, emailBrandingFor } from "../lib/email-templates";
import {
  copyReadmeImage,
  findChromium,
  VIEWPORTS,
  writePreviews,
} from "../lib/email-templates/preview";
import { loadEnvironments } from "../lib/environment";
import { parseProcessArguments } from "../lib/operate/edge";

const USAGE = `usage: npm run preview [-- --env <name>...] [--out <folder>] [--readme-image]

Renders the email templates of every environment (or of each --env), in each of its
languages, for an invitee and a verified user into --out (default previews/), with
screenshots when Chromium is installed.

  --readme-image  also refresh docs/images/reset-email-invite.png`;

const program = new Command()
  .option("--env <name...>")
  .option("--out <folder>", "", "previews")
  .option("--readme-image");
const values = parseProcessArguments(program, USAGE, () =>
  program.opts<{ env?: string[]; out: string; readmeImage?: boolean }>(),
);

// Paths from the working directory (the repository root): __dirname moves when bundled.
const loaded = loadEnvironments(process.env.ENVIRONMENTS_DIR ?? "environments").filter(
  (env) => !values.env || values.env.includes(env.name),
);
const environments = loaded.map((env) => ({
  name: env.name,
  templates: buildEmailTemplates(emailBrandingFor(env.config), { environmentFile: env.file }),
  connectionName: env.config.connection.name,
  languages: env.config.languages,
}));
if (environments.length === 0) {
  console.error(`preview: no environment called ${values.env?.join(", ")}`);
  process.exit(2);
}

const chromium = findChromium();
if (!chromium) {
  console.warn(
    "preview: Chromium not found, so no screenshots; writing the HTML only.\n" +
      "         Install it for PNGs too: sudo apt-get install -y chromium",
  );
}
const outDir = path.resolve(values.out);
const files = writePreviews(environments, { outDir, chromium, log: (line) => console.log(line) });
console.log(
  `preview: ${files.length} renderings in ${path.relative(process.cwd(), outDir)}/ (open index.html)`,
);

if (values.readmeImage) {
  if (!chromium) {
    console.error("preview: --readme-image needs Chromium for the screenshot");
    process.exit(1);
  }
  const branding = { ...emailBrandingFor(loaded[0].config), logoUrl: undefined };
  const [readme] = writePreviews(
    [
      {
        name: loaded[0].name,
        templates: buildEmailTemplates(branding),
        connectionName: branding.connectionName,
        // The invitation in the environment's default language.
        languages: branding.languages.slice(0, 1),
      },
    ],
    {
      outDir: path.join(outDir, "readme"),
      chromium,
      viewports: VIEWPORTS.filter((v) => v.name === "desktop"),
    },
  ).filter((f) => f.template === "reset_email" && f.recipient === "invitee");
  copyReadmeImage(readme.screenshots[0], "docs/images/reset-email-invite.png");
  console.log(
    `preview: docs/images/reset-email-invite.png <- ${path.relative(process.cwd(), readme.screenshots[0])} (${loaded[0].name}, without logo)`,
  );
}
