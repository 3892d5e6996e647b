// What reaches a terminal from files, arguments and the tenant (lib/text/terminal.ts): every
// character a terminal would act on, or that cannot be seen, spelled out as JSON writes it;
// emoji drawn as they are.
import { forTerminal, quote, spellOut } from "../../lib/text/terminal";

describe("text spelled out for a terminal", () => {
  it.each([
    ["an escape sequence that would clear the screen", "\u001b[2J", "\\u001b[2J"],
    ["a C1 control some terminals read as ESC [", "\u009b31m", "\\u009b31m"],
    ["DEL", "a\u007fb", "a\\u007fb"],
    ["a right-to-left override", "Ada\u202eecalevoL", "Ada\\u202eecalevoL"],
    ["a zero-width space", "Por\u200btal", "Por\\u200btal"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
    ["a lone surrogate", "a\ud800b", "a\\ud800b"],
    ["a tab and line breaks, in JSON's short forms", "a\tb\r\nc", "a\\tb\\r\\nc"],
    ["a tag character outside a flag, as two escapes", "a\u{e0067}", "a\\udb40\\udc67"],
  ])("spells out %s", (_, text, spelled) => {
    expect(spellOut(text)).toBe(spelled);
  });

  it("leaves emoji as they are, joiners and tags included", () => {
    const text = "👩‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇩🇪 ❤️ Bücher";
    expect(spellOut(text)).toBe(text);
  });

  it("quotes a value as a JSON literal, spelled out", () => {
    expect(quote("x\u001b]0;title\u0007\u202e")).toBe('"x\\u001b]0;title\\u0007\\u202e"');
  });

  it("keeps the line breaks of output made of lines, and what JSON parses back the same", () => {
    const json = JSON.stringify({ name: "Ada\u202e\u0085", email: "a@example.org" }, null, 2);
    const safe = forTerminal(json);
    expect(safe).not.toMatch(/[\u0085\u202e]/);
    expect(safe.split("\n")).toHaveLength(4);
    expect(JSON.parse(safe)).toEqual(JSON.parse(json));
  });
});
