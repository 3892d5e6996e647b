import { existsSync, readFileSync } from "node:fs";
import type { App } from "cdktf";
import { buildAction, INVITE_ACTION, LOGIN_GATE } from "../action";
import { buildEmailTemplates, emailBrandingFor } from "../email-templates";
import type { LoadedEnvironment } from "../environment";
import { InviteStack, type InviteStackProps, type StackAssets } from "./invite-stack";

type Screens = NonNullable<StackAssets["resetPageScreens"]>[string];

/** What every environment shares, read once per process: the Actions and the page texts. */
export interface SharedAssets {
  readonly inviteActionCode: string;
  readonly loginGateCode: string;
  /** By language, for the languages of environments that manage the reset page's text. */
  readonly resetPageScreens: Readonly<Record<string, Screens>>;
}

/** The reset page's text in one language. */
export const resetPageFile = (language: string) => `prompts/reset-password.${language}.json`;

/**
 * Reads the shared build inputs; paths are relative to the repository root (the cwd). A
 * language without a page text is left out: the environment that needs it is told.
 */
export function loadSharedAssets(languages: readonly string[] = []): SharedAssets {
  const resetPageScreens: Record<string, Screens> = {};
  for (const language of new Set(languages)) {
    const file = resetPageFile(language);
    if (existsSync(file)) resetPageScreens[language] = JSON.parse(readFileSync(file, "utf8"));
  }
  return {
    inviteActionCode: buildAction(INVITE_ACTION),
    loginGateCode: buildAction(LOGIN_GATE),
    resetPageScreens,
  };
}

/**
 * One environment's stack input: the environment as validated, and what is built for it. A
 * language of the environment that the repository has no text for fails here, naming the file.
 */
export function stackPropsFor(
  { file, config: environment }: Pick<LoadedEnvironment, "file" | "config">,
  shared: SharedAssets,
): InviteStackProps {
  let resetPageScreens: Record<string, Screens> | undefined;
  if (environment.resetPage.manageText) {
    resetPageScreens = {};
    for (const language of environment.languages) {
      const screens = shared.resetPageScreens[language];
      if (screens === undefined) {
        throw new Error(
          `${file}: languages: ${language} has no reset page text (${resetPageFile(language)}), which resetPage.manageText needs`,
        );
      }
      resetPageScreens[language] = screens;
    }
  }
  return {
    environment,
    assets: {
      inviteActionCode: shared.inviteActionCode,
      loginGateCode: shared.loginGateCode,
      emailTemplates: buildEmailTemplates(emailBrandingFor(environment), {
        environmentFile: file,
      }),
      resetPageScreens,
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
    .flatMap((e) => e.config.languages);
}

/**
 * Every environment's stack props, computed before any construct (or output directory)
 * exists. What fails here is the repository's (a template or an Action that does not build),
 * or an environment's languages that the repository has no texts for, which names the file.
 */
export function environmentStackProps(
  environments: readonly LoadedEnvironment[],
  shared: SharedAssets = loadSharedAssets(managedLanguages(environments)),
): EnvironmentStackProps[] {
  return environments.map((env) => ({ name: env.name, props: stackPropsFor(env, shared) }));
}

/** One stack per environment, named after its file. */
export function addEnvironmentStacks(
  app: App,
  stacks: readonly EnvironmentStackProps[],
): InviteStack[] {
  return stacks.map(({ name, props }) => new InviteStack(app, name, props));
}
