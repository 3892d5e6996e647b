import { readFileSync } from "node:fs";
import type { App } from "cdktf";
import { buildAction, INVITE_ACTION, LOGIN_GATE } from "../action";
import { buildEmailTemplates, emailBrandingFor } from "../email-templates";
import type { Environment, LoadedEnvironment } from "../environment";
import { InviteStack, type InviteStackProps, type StackAssets } from "./invite-stack";

type Screens = NonNullable<StackAssets["resetPageScreens"]>;

/** What every environment shares, read once per process: the Actions and the page texts. */
export interface SharedAssets {
  readonly inviteActionCode: string;
  readonly loginGateCode: string;
  /** By language, for the languages of environments that manage the reset page's text. */
  readonly resetPageScreens: Readonly<Record<string, Screens>>;
}

/** Reads the shared build inputs; paths are relative to the repository root (the cwd). */
export function loadSharedAssets(languages: readonly string[] = []): SharedAssets {
  const resetPageScreens: Record<string, Screens> = {};
  for (const language of new Set(languages)) {
    const file = `prompts/reset-password.${language}.json`;
    resetPageScreens[language] = JSON.parse(readFileSync(file, "utf8"));
  }
  return {
    inviteActionCode: buildAction(INVITE_ACTION),
    loginGateCode: buildAction(LOGIN_GATE),
    resetPageScreens,
  };
}

/** One environment's stack input: the environment as validated, and what is built for it. */
export function stackPropsFor(environment: Environment, shared: SharedAssets): InviteStackProps {
  const { manageText, language } = environment.resetPage;
  return {
    environment,
    assets: {
      inviteActionCode: shared.inviteActionCode,
      loginGateCode: shared.loginGateCode,
      emailTemplates: buildEmailTemplates(emailBrandingFor(environment)),
      resetPageScreens: manageText ? shared.resetPageScreens[language] : undefined,
    },
  };
}

export interface EnvironmentStackProps {
  readonly name: string;
  readonly props: InviteStackProps;
}

/** The languages whose reset-page texts the environments need. */
function managedLanguages(environments: readonly LoadedEnvironment[]): string[] {
  return environments
    .filter((e) => e.config.resetPage.manageText)
    .map((e) => e.config.resetPage.language);
}

/**
 * Every environment's stack props, computed before any construct (or output directory)
 * exists. What fails here (a template or the Action that does not build) is the
 * repository's, not an environment's, so it is not reported against a file.
 */
export function environmentStackProps(
  environments: readonly LoadedEnvironment[],
  shared: SharedAssets = loadSharedAssets(managedLanguages(environments)),
): EnvironmentStackProps[] {
  return environments.map((env) => ({ name: env.name, props: stackPropsFor(env.config, shared) }));
}

/** One stack per environment, named after its file. */
export function addEnvironmentStacks(
  app: App,
  environments: readonly LoadedEnvironment[],
  shared?: SharedAssets,
): InviteStack[] {
  return environmentStackProps(environments, shared).map(
    ({ name, props }) => new InviteStack(app, name, props),
  );
}
