import fc from "fast-check";
import { originLine, originLines, type OriginHeader } from "../../origin/header.js";
import { defineCategory, namedCase, type CaseFamily, type GeneratorInput } from "../category.js";
import { hasNoLineBreak, allowedValueArbitrary, allowedValueSources, insertAt, replaceAt } from "../origin-parts.js";

interface Mutation {
  readonly kind: "insert" | "delete" | "replace";
  /** Wraps around the text's length, so any natural number is a position. */
  readonly at: number;
  readonly char: string;
}

function mutate(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce((current, { kind, at, char }) => {
    if (kind === "insert" || current.length === 0) return insertAt(current, at, char);
    const index = at % current.length;
    return kind === "delete" ? current.slice(0, index) + current.slice(index + 1) : replaceAt(current, index, char);
  }, text);
}

function mutationsOf(char: fc.Arbitrary<string>): fc.Arbitrary<Mutation[]> {
  const mutation = fc.record({ kind: fc.constantFrom("insert" as const, "delete" as const, "replace" as const), at: fc.nat(), char });
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

function mutatedAllowedValues(allow: readonly string[], char: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(allowedValueArbitrary(allow), mutationsOf(char)).map(([value, mutations]) => mutate(value, mutations));
}

/** `scheme://authority` of a URL: what an origin-shaped prefix of it looks like. */
function originOfUrl(url: string): string {
  return /^[^:]+:\/\/[^/?#]*/.exec(url)?.[0] ?? url;
}

const printableCharacter = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 });

/** Single small edits of each allowed value, named by what they do. */
function corpusMutations(value: string): readonly { readonly tag: string; readonly mutations: readonly Mutation[] }[] {
  const last = value.length - 1;
  const lastChar = value[last] ?? "a";
  const bumped = lastChar.charCodeAt(0) + 1;
  return [
    { tag: "last-char-dropped", mutations: [{ kind: "delete", at: last, char: "" }] },
    { tag: "first-char-dropped", mutations: [{ kind: "delete", at: 0, char: "" }] },
    { tag: "last-char-doubled", mutations: [{ kind: "insert", at: value.length, char: lastChar }] },
    { tag: "last-char-bumped", mutations: [{ kind: "replace", at: last, char: bumped > 0x7e ? "!" : String.fromCharCode(bumped) }] },
  ];
}

const allowedValueMutations: CaseFamily = {
  corpus: ({ allow }) =>
    allowedValueSources(allow).flatMap(({ label, example }) =>
      corpusMutations(example).map(({ tag, mutations }) => namedCase(`${tag}-of-${label}`, "allowed value with one edit", mutate(example, mutations))),
    ),
  arbitrary: ({ allow }) => mutatedAllowedValues(allow, printableCharacter).map(originLine),
};

export const randomStrings = defineCategory(
  {
    id: "random-strings",
    title: "Random printable strings",
    description:
      "Catches whatever the named categories miss in guards with hand-written parsing, e.g. `ALLOWED.some((a) => origin.indexOf(a) !== -1)` or `origin.match(/https?:\\/\\/([^/]+)/)[1].endsWith(\"myapp.com\")`, with random printable values, random URLs and domains, and allowed values with random edits (a dropped, added or replaced character).",
    rationale:
      "Property-based fuzzing finds the inputs nobody thought to list; near-misses of allowed values (one character off) test that the comparison is exact. All values are printable ASCII, so Node's own clients can send them.",
  },
  [
    {
      corpus: () => [],
      arbitrary: ({ allow }) =>
        fc
          .oneof(
            fc.string(),
            fc.webUrl(),
            fc.webUrl().map(originOfUrl),
            fc.tuple(fc.constantFrom("https", "http"), fc.domain()).map(([scheme, domain]) => `${scheme}://${domain}`),
            mutatedAllowedValues(allow, printableCharacter),
          )
          .map(originLine),
    },
    allowedValueMutations,
  ],
);

const anyCharacter = fc.oneof(
  fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

function randomBinaryHeaders({ allow }: GeneratorInput): fc.Arbitrary<OriginHeader> {
  const anyString = fc.oneof(
    fc.string({ unit: "binary-ascii" }),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary" }),
    fc.string({ unit: anyCharacter }),
  );
  const anyValue = fc.oneof(
    anyString,
    fc.tuple(allowedValueArbitrary(allow), anyString).map(([allowed, suffix]) => allowed + suffix),
    mutatedAllowedValues(allow, anyCharacter),
  );
  const framedValue = anyValue.filter(hasNoLineBreak);
  return fc.oneof(
    framedValue.map(originLine),
    fc.array(fc.oneof(allowedValueArbitrary(allow), framedValue), { minLength: 2, maxLength: 3 }).map((lines) => originLines(...lines)),
  );
}

/** Fixed so the corpus is the same on every run (for a given fast-check version and policy). */
const CORPUS_SEED = 0x0415;
const CORPUS_SIZE = 12;

export const randomBinaryStrings = defineCategory(
  {
    id: "random-binary-strings",
    title: "Random strings of any bytes",
    description:
      "Catches guards that crash or normalise on odd input, e.g. `ALLOWED.includes(decodeURIComponent(origin))` (throws on `%E0`) or `ALLOWED.includes(origin.normalize(\"NFKC\").trim())`, with random strings of control bytes, latin1 and any Unicode, allowed values with such characters mixed in, and several Origin lines.",
    rationale:
      "A raw client controls every byte of the request. Whatever arrives, the guard must not throw anything but its rejection, and the stack's filtering (missing header, 400) must hold for every byte. These values need a raw socket.",
    rawSocketOnly: true,
  },
  [
    {
      corpus: (input) =>
        fc
          .sample(randomBinaryHeaders(input), { numRuns: CORPUS_SIZE, seed: CORPUS_SEED })
          .map((header, index) => namedCase(`seeded-sample-${String(index + 1).padStart(2, "0")}`, "seeded random value", header)),
      arbitrary: randomBinaryHeaders,
    },
  ],
);
