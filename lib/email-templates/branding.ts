import { ACCEPTED_MARKER } from "../../actions/invitation";
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
  | "ACCEPTED_MARKER";

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

/** "7 days", "24 hours", "90 minutes": the largest unit that says it exactly. */
export function formatLifetime(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  // Whole days from two upwards; a single day reads better as "24 hours".
  if (seconds % 86400 === 0 && seconds >= 2 * 86400) return plural(seconds / 86400, "day");
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
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
 * Text for a plain-text Liquid context (the subject): `{` is the only character that can open
 * Liquid markup (`{{`, `{%`), so each one is emitted as a Liquid string literal.
 */
export function liquidText(value: string): string {
  return value.replace(/\{/g, "{{ '{' }}");
}

/** The values substituted for each placeholder, escaped for an HTML body or a text subject. */
export function placeholderValues(
  branding: EmailBranding,
  context: "html" | "text",
): Record<PlaceholderKey, string | undefined> {
  const text = context === "html" ? htmlText : liquidText;
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
    LINK_LIFETIME: formatLifetime(branding.linkLifetimeSeconds),
    // Compared with Auth0's `connection.name` inside a Liquid string literal, in body and subject
    // alike, so it goes in unescaped (an escaped name would no longer compare equal): the
    // environment schema's connection-name rule lets nothing through that could end the literal.
    CONNECTION_NAME: branding.connectionName,
    // The app_metadata key the login gate sets on an invitee who accepted (a constant).
    ACCEPTED_MARKER,
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

/**
 * Fills the placeholders in one pass, so a value that itself looks like `##KEY##` is never
 * expanded again. An unknown key is a typo in a template and fails the build.
 */
export function fillPlaceholders(
  source: string,
  values: Record<PlaceholderKey, string | undefined>,
  where: string,
): string {
  const chosen = source.replace(CONDITIONAL, (_, key: string, present: string, absent: string) => {
    if (!(key in values)) throw new Error(`${where}: unknown placeholder ##IF ${key}##`);
    return values[key as PlaceholderKey] === undefined ? absent : present;
  });
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
