import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { allowedOrigin, insertAt, withHost } from "../origin-parts.js";

const UNUSUAL_CHARACTERS = [
  { tag: "u00aa", char: "\u00aa" },
  { tag: "u00e9", char: "\u00e9" },
  { tag: "u0080", char: "\u0080" },
  { tag: "u00ff", char: "\u00ff" },
  { tag: "u0430", char: "\u0430" },
  { tag: "ufeff", char: "\ufeff" },
  { tag: "u1f600", char: "\u{1f600}" },
  { tag: "nul", char: "\u0000" },
  { tag: "x01", char: "\u0001" },
  { tag: "vt", char: "\u000b" },
  { tag: "x1f", char: "\u001f" },
  { tag: "del", char: "\u007f" },
] as const;

/**
 * CR and LF are line terminators, not value bytes: at the end of a value they
 * end the header line and the request is reframed (the guard then sees the
 * value without them, and a POST body shifts). That is header injection, a
 * different class. They are sent only followed by text that cannot be a
 * header line, where the engine must refuse the request.
 */
const LINE_BREAKS = [
  { tag: "cr", params: "\r" },
  { tag: "lf", params: "\n" },
];
const controlByte = fc
  .integer({ min: 0, max: 0x1f })
  .filter((code) => code !== 0x09 && code !== 0x0a && code !== 0x0d)
  .map((code) => String.fromCharCode(code));
const highLatin1Byte = fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code));
const nonLatin1Character = fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }).filter((char) => [...char].some((c) => c.codePointAt(0)! > 0xff));

const unusualCharacter = fc.oneof(
  fc.constantFrom(...UNUSUAL_CHARACTERS.map(({ char }) => char)),
  controlByte,
  fc.constant("\u007f"),
  highLatin1Byte,
  nonLatin1Character,
);

export const nonAsciiAndControlBytes = defineCategory(
  {
    id: "non-ascii-and-control-bytes",
    title: "Bytes above 0x7F and control bytes",
    description:
      "Catches guards that clean the value before comparing: `ALLOWED.includes(origin.replace(/[^\\x20-\\x7e]/g, \"\"))` accepts `https://myapp.com\\u0000` and `https://my\\u00aaapp.com`, and `ALLOWED.includes(origin.normalize(\"NFKC\"))` accepts `https://myapp.com` with a zero-width no-break space appended. It also pins down the stack: with any byte >= 0x80 the header vanishes (the guard must treat that as a missing Origin) and control bytes get a 400 before the guard runs.",
    rationale:
      "A raw client can put any byte in a header. Browsers never send such bytes in Origin, so the only safe outcomes are rejection or the stack refusing the request; what the guard actually sees (nothing, or no call) is part of the calibrated model. CR/LF are also the classic header-injection bytes. Node's clients refuse these values, so they need a raw socket.",
    rawSocketOnly: true,
  },
  [
    variantFamily([
      variant({
        id: "appended",
        title: "an unusual character after the allowed origin",
        params: unusualCharacter,
        corpusParams: UNUSUAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: char })),
        value: (t, char) => allowedOrigin(t) + char,
      }),
      variant({
        id: "in-host",
        title: "an unusual character inside the host",
        params: fc.record({ char: unusualCharacter, at: fc.nat() }),
        corpusParams: UNUSUAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: { char, at: 2 } })),
        value: (t, { char, at }) => withHost(t, insertAt(t.allowed.host, at, char)),
      }),
      variant({
        id: "line-break-then-text",
        title: "CR or LF after the allowed origin, then text that is not a header line",
        params: fc.constantFrom("\r", "\n"),
        corpusParams: LINE_BREAKS,
        value: (t, lineBreak) => `${allowedOrigin(t)}${lineBreak}x`,
      }),
      variant({
        id: "anywhere",
        title: "an unusual character anywhere in the allowed origin",
        params: fc.record({ char: unusualCharacter, at: fc.nat() }),
        corpusParams: [],
        value: (t, { char, at }) => insertAt(allowedOrigin(t), at, char),
      }),
    ]),
  ],
);
