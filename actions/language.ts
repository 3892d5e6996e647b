// Which language a user's messages are in: stated once, for the login gate (bundled into it),
// the environment schema, the email build (which writes the same rule in Liquid) and the CLI.

/** The languages an environment serves when it names none; the first is the default. */
export const DEFAULT_LANGUAGES: readonly string[] = ["en"];

/** The `user_metadata` key holding a user's language, a BCP 47 tag such as `de` or `de-AT`. */
export const LANGUAGE_KEY = "language";

/**
 * The language subtag of a tag as the email template reads it (Liquid has no BCP 47 parser):
 * lower case, `_` read as `-`, everything after the first `-` dropped, so `de-AT` and `DE_at`
 * are `de`. Undefined for anything that is not a string with a language part.
 */
export function languageSubtag(tag: unknown): string | undefined {
  if (typeof tag !== "string") return undefined;
  const subtag = tag.toLowerCase().replace(/_/g, "-").split("-")[0];
  return subtag === "" ? undefined : subtag;
}

/**
 * The language a user's messages are in: the language subtag of their `user_metadata.language`
 * when the environment serves it, else the environment's default, the first of `languages`.
 */
export function languageFor(
  userMetadata: Readonly<Record<string, unknown>> | undefined,
  languages: readonly string[],
): string {
  const wanted = languageSubtag(userMetadata?.[LANGUAGE_KEY]);
  return wanted !== undefined && languages.includes(wanted) ? wanted : languages[0];
}

/**
 * The LANGUAGES secret of the login gate: the environment's languages, comma-separated, the
 * default first. Blank entries and spaces are ignored; nothing usable means the default.
 */
export function parseLanguages(secret: string | undefined): readonly string[] {
  const languages = (secret ?? "")
    .split(",")
    .map((language) => language.trim().toLowerCase())
    .filter((language) => language !== "");
  return languages.length > 0 ? languages : DEFAULT_LANGUAGES;
}
