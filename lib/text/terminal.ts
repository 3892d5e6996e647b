// Text from files, arguments and the tenant reaches a terminal in messages and reports. A
// terminal obeys escape sequences (ESC, and the C1 controls some terminals read as ESC [), a
// bidirectional control reorders what follows it, and an invisible character makes two
// different values look the same: what is on screen would not be what was given. Each such
// character is spelled out as JSON writes it (`\u001b`, `\u202e`, `\n`), so a JSON document
// stays valid and means the same. Emoji sequences keep their joiners and tags (format
// characters too), since they draw one picture and move nothing.

/**
 * Finds the characters of `characterClass` (a class's contents, e.g. `\p{Cf}`) in a text,
 * outside emoji: the expression it gives for a text matches every emoji sequence Unicode
 * recommends first, as a whole (group 1), so that a caller can keep it. Compiling the emoji
 * property is a noticeable part of starting a synth or a command, so the expression is built
 * only for a text that holds one of the characters at all; otherwise there is none.
 */
export function outsideEmoji(characterClass: string): (text: string) => RegExp | undefined {
  const any = new RegExp(`[${characterClass}]`, "u");
  let expression: RegExp | undefined;
  return (text) => {
    if (!any.test(text)) return undefined;
    // `\p{RGI_Emoji}` is a property of strings, which needs the v flag. Every Node this runs on
    // has it; the TypeScript target here predates it, so the flag is added where TypeScript does
    // not read it.
    expression ??= new RegExp(String.raw`(\p{RGI_Emoji})|[${characterClass}]`, "gv");
    return expression;
  };
}

// Control characters (C0, DEL, C1), format characters (bidi controls, zero-width characters,
// tags), line and paragraph separators, and lone surrogates.
const unsafe = outsideEmoji(String.raw`\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}`);

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function spelled(character: string): string {
  const short = SHORT[character];
  if (short !== undefined) return short;
  let out = "";
  // One \uXXXX per UTF-16 unit, as JSON writes characters beyond the BMP.
  for (let i = 0; i < character.length; i++) {
    out += `\\u${character.charCodeAt(i).toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** `text` with every character a terminal would act on, or that cannot be seen, spelled out. */
export function spellOut(text: string, keep: readonly string[] = []): string {
  const expression = unsafe(text);
  if (expression === undefined) return text;
  return text.replace(expression, (match, emoji: string | undefined) =>
    emoji !== undefined || keep.includes(match) ? match : spelled(match),
  );
}

/** A value as a JSON literal, spelled out: for a value inside a message, e.g. `"Portal\u202e"`. */
export function quote(value: unknown): string {
  return spellOut(JSON.stringify(value) ?? String(value));
}

/**
 * Output assembled from lines (reports, problem lists, JSON documents) made safe as a whole:
 * line breaks stay, everything else `spellOut` names is spelled out.
 */
export function forTerminal(text: string): string {
  return spellOut(text, ["\n"]);
}

/** Whether `text` holds a character `spellOut` would spell out. */
export function hasUnsafeCharacters(text: string): boolean {
  return spellOut(text) !== text;
}
