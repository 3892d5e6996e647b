import { ACCEPTED_MARKER } from "../../actions/invitation";
import { memo } from "../speed/memo";
import { languageAttribute } from "./languages";
import type { EmailBranding } from "./types";

/**
 * Per-environment values go into the Liquid sources as `##KEY##` placeholders, the keyword
 * syntax auth0-deploy-cli uses, so they are filled in by plain string replacement after the
 * expensive, environment-independent CSS inlining. Inside CSS the colours are written
 * `var(--brand-color)` instead, which keeps the stylesheet valid CSS for juice and Biome.
 */
export type PlaceholderKey =
  | "PRODUCT_NAME"
  | "SUPPORT_EMAIL"
  | "BRAND_COLOR"
  | "BUTTON_TEXT_COLOR"
  | "LINK_COLOR"
  | "LOGO_URL"
  | "LINK_LIFETIME"
  | "CONNECTION_NAME"
  | "ACCEPTED_MARKER"
  | "LANG";

export const PLACEHOLDER = /##([A-Z_]+)##/g;

const CSS_VARIABLE = /var\(--([a-z-]+)\)/g;
// Only validated "#rrggbb" values may appear in CSS.
const CSS_VARIABLES: Record<string, PlaceholderKey> = {
  "brand-color": "BRAND_COLOR",
  "button-text-color": "BUTTON_TEXT_COLOR",
  "link-color": "LINK_COLOR",
};

// Optional values select one of two variants: `<!-- ##IF KEY## -->a<!-- ##ELSE## -->b<!--
// ##END## -->`, kept as HTML comments so the CSS inliner carries them through untouched.
const CONDITIONAL =
  /<!--\s*##IF ([A-Z_]+)##\s*-->([\s\S]*?)<!--\s*##ELSE##\s*-->([\s\S]*?)<!--\s*##END##\s*-->/g;

type LifetimeUnit = "day" | "hour" | "minute" | "second";

// Making a formatter costs far more than using one, and every environment's emails ask for the
// same few.
const unitFormats = new Map<string, Intl.NumberFormat>();
const unitFormat = (language: string, unit: LifetimeUnit) =>
  memo(
    unitFormats,
    `${language}\0${unit}`,
    () => new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "long" }),
  );

/**
 * "7 days", "24 hours", "90 minutes" (in German "7 Tage", in French "7 jours"): the largest
 * unit that says it exactly, in the language's own words and plural, as Intl writes it.
 */
export function formatLifetime(seconds: number, language = "en"): string {
  const format = (n: number, unit: LifetimeUnit) => unitFormat(language, unit).format(n);
  // Whole days from two upwards; a single day reads better as "24 hours".
  if (seconds % 86400 === 0 && seconds >= 2 * 86400) return format(seconds / 86400, "day");
  if (seconds % 3600 === 0) return format(seconds / 3600, "hour");
  if (seconds % 60 === 0) return format(seconds / 60, "minute");
  return format(seconds, "second");
}

/**
 * Text for an HTML context that can neither break out of its element or attribute nor be read
 * as Liquid: braces become character references, which Auth0 leaves alone and the mail client
 * turns back into braces.
 */
export function htmlText(value: string): string {
  return value.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text of a language for a body: escaped as the branding values are (`htmlText`), and every
 * character outside ASCII written as a character reference, by its HTML name where it has a
 * classic one. The hand-written English always wrote its typographic quotes so (&ldquo;), and
 * the body stays ASCII whatever a translator's editor or a mail system does with encodings.
 */
export function htmlLanguageText(value: string): string {
  let out = "";
  for (const char of htmlText(value)) {
    const code = char.codePointAt(0) as number;
    out += code < 0x80 ? char : `&${NAMED_REFERENCES.get(code) ?? `#${code}`};`;
  }
  return out;
}

// HTML's classic named character references for Latin-1 and for the typographic marks
// translators use (quotation marks, dashes, spaces, the ellipsis); the rest is numeric.
const LATIN_1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn " +
  "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave " +
  "Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml " +
  "ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN " +
  "szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave " +
  "iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute " +
  "ucirc uuml yacute thorn yuml";
const NAMED_REFERENCES = new Map<number, string>([
  ...LATIN_1.split(" ").map((name, i): [number, string] => [0xa0 + i, name]),
  ...(
    [
      [0x152, "OElig"],
      [0x153, "oelig"],
      [0x160, "Scaron"],
      [0x161, "scaron"],
      [0x178, "Yuml"],
      [0x2002, "ensp"],
      [0x2003, "emsp"],
      [0x2009, "thinsp"],
      [0x200e, "lrm"],
      [0x200f, "rlm"],
      [0x2013, "ndash"],
      [0x2014, "mdash"],
      [0x2018, "lsquo"],
      [0x2019, "rsquo"],
      [0x201a, "sbquo"],
      [0x201c, "ldquo"],
      [0x201d, "rdquo"],
      [0x201e, "bdquo"],
      [0x2022, "bull"],
      [0x2026, "hellip"],
      [0x2039, "lsaquo"],
      [0x203a, "rsaquo"],
      [0x20ac, "euro"],
    ] as const
  ).map(([code, name]): [number, string] => [code, name]),
]);

/**
 * Text for a plain-text Liquid context (the subject): `{` is the only character that can open
 * Liquid markup (`{{`, `{%`), so each one is emitted as a Liquid string literal.
 */
export function liquidText(value: string): string {
  return value.replace(/\{/g, "{{ '{' }}");
}

/**
 * The values substituted for each placeholder, escaped for an HTML body or a text subject:
 * the environment's, with the link lifetime in `language` and `lang` attributes for the
 * environment's languages (languages.ts).
 */
export function placeholderValues(
  branding: EmailBranding,
  context: "html" | "text",
  language: string = branding.languages[0],
): Record<PlaceholderKey, string | undefined> {
  const text = context === "html" ? htmlText : liquidText;
  const lifetime = formatLifetime(branding.linkLifetimeSeconds, language);
  const color = branding.brandColor.toLowerCase();
  return {
    PRODUCT_NAME: text(branding.productName),
    SUPPORT_EMAIL: text(branding.supportEmail),
    BRAND_COLOR: color,
    BUTTON_TEXT_COLOR: contrast(color, WHITE) >= contrast(color, INK) ? WHITE : INK,
    // Links sit on white; a pale brand colour would make them unreadable.
    LINK_COLOR: contrast(color, WHITE) >= 4.5 ? color : INK,
    // Already in the form the URL parser reads it (the environment schema accepts no other).
    LOGO_URL: branding.logoUrl === undefined ? undefined : text(branding.logoUrl),
    LINK_LIFETIME: context === "html" ? htmlLanguageText(lifetime) : lifetime,
    // Compared with Auth0's `connection.name` inside a Liquid string literal, in body and subject
    // alike, so it goes in unescaped (an escaped name would no longer compare equal): the
    // environment schema's connection-name rule lets nothing through that could end the literal.
    CONNECTION_NAME: branding.connectionName,
    // The app_metadata key the login gate sets on an invitee who accepted (a constant).
    ACCEPTED_MARKER,
    LANG: languageAttribute(branding.languages),
  };
}

const WHITE = "#ffffff";
const INK = "#1f2328";

// WCAG 2 contrast ratio of two "#rrggbb" colours.
function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The variant of each `##IF KEY##` that the value of KEY (present or not) selects. */
export function chooseConditionals(
  source: string,
  values: Record<PlaceholderKey, string | undefined>,
  where: string,
): string {
  return source.replace(CONDITIONAL, (_, key: string, present: string, absent: string) => {
    if (!(key in values)) throw new Error(`${where}: unknown placeholder ##IF ${key}##`);
    return values[key as PlaceholderKey] === undefined ? absent : present;
  });
}

/**
 * Fills the placeholders in one pass, so a value that itself looks like `##KEY##` is never
 * expanded again. An unknown key is a typo in a template and fails the build.
 */
export function fillPlaceholders(
  source: string,
  values: Record<PlaceholderKey, string | undefined>,
  where: string,
): string {
  const chosen = chooseConditionals(source, values, where);
  const colored = chosen.replace(CSS_VARIABLE, (_, name: string) => {
    const key = CSS_VARIABLES[name];
    if (key === undefined) {
      throw new Error(
        `${where}: unknown CSS variable --${name} (known: ${Object.keys(CSS_VARIABLES).join(", ")})`,
      );
    }
    return values[key] as string;
  });
  return colored.replace(PLACEHOLDER, (_, key: string) => {
    if (!(key in values)) throw new Error(`${where}: unknown placeholder ##${key}##`);
    const value = values[key as PlaceholderKey];
    if (value === undefined) throw new Error(`${where}: ##${key}## used outside ##IF ${key}##`);
    return value;
  });
}
