import { readFileSync } from "node:fs";
import type { App } from "cdktf";
import { buildInviteActionCode, INVITE_ACTION_SECRETS, inviteActionDependencies } from "./action";
import { EnvironmentConfigError, emailBrandingFor, type LoadedEnvironment } from "./config";
import { buildEmailTemplates } from "./email-templates";
import { InviteStack, type InviteStackProps } from "./invite-stack";

/** Everything environments share, read once per process: the Action and the page texts. */
export interface SharedAssets {
  readonly actionCode: string;
  readonly actionDependencies: InviteStackProps["invite"]["dependencies"];
  readonly resetPageScreens: Readonly<Record<string, Record<string, Record<string, string>>>>;
}

/** Reads the shared build inputs; paths are relative to the repository root (the cwd). */
export function loadSharedAssets(languages: readonly string[] = ["en"]): SharedAssets {
  const resetPageScreens: Record<string, Record<string, Record<string, string>>> = {};
  for (const language of new Set(languages)) {
    const file = `prompts/reset-password.${language}.json`;
    resetPageScreens[language] = JSON.parse(readFileSync(file, "utf8"));
  }
  const actionCode = buildInviteActionCode();
  return {
    actionCode,
    actionDependencies: inviteActionDependencies(process.cwd(), actionCode),
    resetPageScreens,
  };
}

/** Maps a validated environment file onto the stack's typed props. */
export function stackPropsFor(env: LoadedEnvironment, assets: SharedAssets): InviteStackProps {
  const { config } = env;
  const { connection, application, emailProvider, email, invite, resetPage } = config;
  const {
    name: providerName,
    defaultFromAddress,
    ...providerSettings
  } = emailProvider ?? {
    name: undefined,
  };
  return {
    domain: config.domain,
    connection: {
      name: connection.name,
      existingId: connection.id,
      disableSignup: connection.disableSignup,
      bruteForceProtection: connection.bruteForceProtection,
      requiresUsername: connection.requiresUsername,
      passwordPolicy: connection.passwordPolicy,
      extraOptions: connection.extraOptions,
    },
    application:
      application.clientId !== undefined
        ? { existingClientId: application.clientId }
        : {
            create: {
              // The schema requires these when no clientId is given.
              name: application.name as string,
              type: application.type as NonNullable<typeof application.type>,
              loginUrl: application.loginUrl as string,
              callbacks: application.callbacks,
              logoutUrls: application.logoutUrls,
              webOrigins: application.webOrigins,
            },
          },
    emailProvider:
      providerName === undefined
        ? undefined
        : {
            name: providerName,
            defaultFromAddress: defaultFromAddress as string,
            ...providerSettings,
          },
    email: {
      from: email.from,
      linkLifetimeSeconds: email.linkLifetimeSeconds,
      templates: buildEmailTemplates(emailBrandingFor(config)),
    },
    invite: {
      actionName: invite.actionName,
      code: assets.actionCode,
      dependencies: assets.actionDependencies,
      secretNames: INVITE_ACTION_SECRETS,
      skipEmailDomains: invite.skipEmailDomains,
      state: invite.state,
    },
    backend: config.backend,
    resetPageText: resetPage.manageText
      ? { language: resetPage.language, screens: assets.resetPageScreens[resetPage.language] }
      : undefined,
  };
}

export interface EnvironmentStackProps {
  readonly name: string;
  readonly props: InviteStackProps;
}

/**
 * Every environment's stack props, computed before any construct (or output directory)
 * exists: a problem found here, e.g. in a template build, leaves nothing half-written.
 */
export function environmentStackProps(
  environments: readonly LoadedEnvironment[],
  assets: SharedAssets = loadSharedAssets(environments.map((e) => e.config.resetPage.language)),
): EnvironmentStackProps[] {
  const problems: string[] = [];
  const built: EnvironmentStackProps[] = [];
  for (const env of environments) {
    try {
      built.push({ name: env.name, props: stackPropsFor(env, assets) });
    } catch (error) {
      problems.push(`${env.file}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  return built;
}

/** One stack per environment, named after its file. */
export function addEnvironmentStacks(
  app: App,
  environments: readonly LoadedEnvironment[],
  assets?: SharedAssets,
): InviteStack[] {
  return environmentStackProps(environments, assets).map(
    ({ name, props }) => new InviteStack(app, name, props),
  );
}
