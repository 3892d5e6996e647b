// Files people write are read as UTF-8, strictly (lib/text/utf8.ts): a byte that is not UTF-8
// is named with where it is, and UTF-16 and UTF-32 by name, instead of becoming U+FFFD.
import { decodeUtf8 } from "../../lib/text/utf8";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

describe("reading UTF-8 strictly", () => {
  it("reads UTF-8, and drops a byte-order mark", () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "Bücher 👩‍💻"))).toEqual({
      ok: true,
      text: "Bücher 👩‍💻",
    });
  });

  it("names a Latin-1 byte with its line and column", () => {
    expect(decodeUtf8(bytes('{\n  "name": "B', [0xfc], 'cher"\n}'))).toEqual({
      ok: false,
      problem:
        "byte 0xFC is not UTF-8 (the file was saved in another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8",
      line: 2,
      column: 13,
      before: '{\n  "name": "B',
    });
  });

  it("names the first byte of a sequence cut short, and one at the very end", () => {
    const cut = decodeUtf8(bytes("ab", [0xc3], "c"));
    expect(cut.ok === false && [cut.line, cut.column, cut.problem.slice(0, 9)]).toEqual([
      1,
      3,
      "byte 0xC3",
    ]);
    const end = decodeUtf8(bytes("ab\ncd", [0xe2, 0x82]));
    expect(end.ok === false && [end.line, end.column, end.problem.slice(0, 9)]).toEqual([
      2,
      3,
      "byte 0xE2",
    ]);
  });

  it("refuses an encoded surrogate, which UTF-8 cannot hold", () => {
    expect(decodeUtf8(bytes("a", [0xed, 0xa0, 0x80])).ok).toBe(false);
  });

  it.each([
    ["UTF-16 (little-endian)", Buffer.from("\ufeff{}", "utf16le")],
    ["UTF-16 (little-endian)", Buffer.from("{}", "utf16le")],
    ["UTF-16 (big-endian)", Buffer.from("\ufeff{}", "utf16le").swap16()],
    ["UTF-32 (little-endian)", bytes([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0])],
  ])("names %s", (encoding, content) => {
    expect(decodeUtf8(content)).toEqual({
      ok: false,
      problem: `is ${encoding} encoded, not UTF-8; save the file as UTF-8`,
    });
  });
});
