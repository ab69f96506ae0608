import fc from "fast-check";
import type { OriginHeader } from "../origin/header.js";
import type { GeneratorInput, NamedCase, OriginCategory } from "./category.js";
import { attackerOrigins } from "./categories/attacker-origins.js";
import { caseVariants } from "./categories/case-variants.js";
import { commaAndSpaceLists } from "./categories/comma-and-space-lists.js";
import { downgradedLookalikes } from "./categories/downgraded-lookalikes.js";
import { duplicateOriginLines } from "./categories/duplicate-origin-lines.js";
import { exactAllowed } from "./categories/exact-allowed.js";
import { gluedAttackerDomains } from "./categories/glued-attacker-domains.js";
import { homographs } from "./categories/homographs.js";
import { localhostIpForms } from "./categories/localhost-ip-forms.js";
import { lookalikeDomains } from "./categories/lookalike-domains.js";
import { missingAndEmpty } from "./categories/missing-and-empty.js";
import { nonAsciiAndControlBytes } from "./categories/non-ascii-and-control-bytes.js";
import { nullOrigin } from "./categories/null-origin.js";
import { pathSuffixes } from "./categories/path-suffixes.js";
import { percentEncoding } from "./categories/percent-encoding.js";
import { ports } from "./categories/ports.js";
import { randomBinaryStrings, randomStrings } from "./categories/random-strings.js";
import { schemeSwaps } from "./categories/scheme-swaps.js";
import { specialCharacters } from "./categories/special-characters.js";
import { userinfo } from "./categories/userinfo.js";
import { veryLongValues } from "./categories/very-long-values.js";
import { whitespace } from "./categories/whitespace.js";

/** Every category, positives first. Order is stable: reports and seeds depend on it. */
export const CATEGORIES: readonly OriginCategory[] = [
  exactAllowed,
  caseVariants,
  pathSuffixes,
  nullOrigin,
  missingAndEmpty,
  lookalikeDomains,
  homographs,
  schemeSwaps,
  ports,
  userinfo,
  commaAndSpaceLists,
  duplicateOriginLines,
  whitespace,
  specialCharacters,
  percentEncoding,
  gluedAttackerDomains,
  downgradedLookalikes,
  attackerOrigins,
  localhostIpForms,
  veryLongValues,
  nonAsciiAndControlBytes,
  randomStrings,
  randomBinaryStrings,
];

/** The ids of every category that produces disallowed origins: all but the allowed origins. */
export const ATTACK_CATEGORIES: readonly string[] = CATEGORIES.filter((category) => category !== exactAllowed).map((category) => category.id);

export function categoryById(id: string): OriginCategory | undefined {
  return CATEGORIES.find((category) => category.id === id);
}

export interface CategorizedHeader {
  readonly category: string;
  readonly header: OriginHeader;
}

/** A header from any category, equally likely, tagged with the category it came from. */
export function anyOrigin(input: GeneratorInput): fc.Arbitrary<CategorizedHeader> {
  return fc.oneof(
    ...CATEGORIES.map((category) => category.arbitrary(input).map((header): CategorizedHeader => ({ category: category.id, header }))),
  );
}

export interface CategorizedCase {
  readonly category: string;
  readonly case: NamedCase;
}

/** Every category's corpus, in catalog order. */
export function deterministicCorpus(input: GeneratorInput): CategorizedCase[] {
  return CATEGORIES.flatMap((category) => category.corpus(input).map((namedCase) => ({ category: category.id, case: namedCase })));
}
