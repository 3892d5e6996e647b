// Files people write (environment files, CSV lists of invitees) are read as UTF-8, strictly: a
// byte that is not UTF-8 would otherwise become U+FFFD and reach a subject line or a user's
// name as "B�cher". The platform's decoder decides what is valid; this only says where the
// first invalid byte is and names the encodings files are most often saved in by mistake.

export type Decoded =
  | { ok: true; text: string }
  | {
      ok: false;
      /** What is wrong and what to do, without the file's name. */
      problem: string;
      /** Where, when it is one byte: 1-based line and column (in characters) of that byte. */
      line?: number;
      column?: number;
      /** The text before the byte, decoded, for callers that count rows instead of lines. */
      before?: string;
    };

const SAVE_AS_UTF8 = "save the file as UTF-8";

/** Decodes `bytes` as UTF-8; a leading byte-order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    return { ok: false, problem: `is ${wide} encoded, not UTF-8; ${SAVE_AS_UTF8}` };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return invalidByte(bytes);
  }
}

// Byte-order marks, or a NUL byte beside every ASCII character: UTF-16 or UTF-32. Valid UTF-8
// would decode them into NULs, which no JSON or CSV file people write holds.
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "UTF-32 (little-endian)";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32 (big-endian)";
  if (a === 0xff && b === 0xfe) return "UTF-16 (little-endian)";
  if (a === 0xfe && b === 0xff) return "UTF-16 (big-endian)";
  if (bytes.length >= 2 && a !== 0 && b === 0) return "UTF-16 (little-endian)";
  if (bytes.length >= 2 && a === 0 && b !== 0) return "UTF-16 (big-endian)";
  return undefined;
}

// Feeding the decoder one byte at a time finds the byte where the text stops being UTF-8: the
// first byte of the sequence it was reading, or the byte itself when no sequence was open.
function invalidByte(bytes: Uint8Array): Decoded {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let before = "";
  let pending = false;
  let at = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (!pending) start = i;
    try {
      const text = decoder.decode(bytes.subarray(i, i + 1), { stream: true });
      before += text;
      pending = text === "";
    } catch {
      at = start;
      break;
    }
  }
  if (at === bytes.length) at = start;
  before = before.replace(/^\uFEFF/, "");
  const lines = before.split("\n");
  const byte = bytes[at].toString(16).toUpperCase().padStart(2, "0");
  return {
    ok: false,
    problem: `byte 0x${byte} is not UTF-8 (the file was saved in another encoding, such as Latin-1 or Windows-1252); ${SAVE_AS_UTF8}`,
    line: lines.length,
    column: [...(lines.at(-1) ?? "")].length + 1,
    before,
  };
}
