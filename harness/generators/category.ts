import fc from "fast-check";
import { describeHeader, originLine, type OriginHeader } from "../origin/header.js";
import {
  ATTACKER_DOMAIN,
  ATTACKER_LABEL,
  attackerDomain,
  attackerLabel,
  hostTargets,
  oneOfAll,
  targetArbitrary,
  type Target,
  type TargetSource,
} from "./origin-parts.js";

/** What the generators need to know about a policy. */
export interface GeneratorInput {
  readonly allow: readonly string[];
}

export interface NamedCase {
  /** kebab-case, stable, unique within its category, e.g. "uppercase-host-of-allow-1". */
  readonly id: string;
  readonly title: string;
  readonly header: OriginHeader;
}

/** A class of Origin headers that catches one family of guard bugs. */
export interface OriginCategory {
  /** Stable kebab-case, e.g. "case-variants". */
  readonly id: string;
  readonly title: string;
  /** The bug it catches, with an example guard line (in backticks) that it breaks. */
  readonly description: string;
  /** Why it matters: browser behaviour, attacker capability, the bypass class it comes from. */
  readonly rationale: string;
  /** True when the values need a raw socket: control bytes, bytes >= 0x80, or several Origin lines. */
  readonly rawSocketOnly?: boolean;
  arbitrary(input: GeneratorInput): fc.Arbitrary<OriginHeader>;
  /** Deterministic named cases derived from the allow list. */
  corpus(input: GeneratorInput): readonly NamedCase[];
}

export type CategoryInfo = Pick<OriginCategory, "id" | "title" | "description" | "rationale" | "rawSocketOnly">;

/**
 * A part of a category: some of its corpus cases and the arbitrary that
 * generalises them. `arbitrary` is undefined when the part has nothing to say
 * about the policy (e.g. `null` case variants for a policy without `null`).
 */
export interface CaseFamily {
  corpus(input: GeneratorInput): readonly NamedCase[];
  arbitrary(input: GeneratorInput): fc.Arbitrary<OriginHeader> | undefined;
}

export function defineCategory(info: CategoryInfo, families: readonly CaseFamily[]): OriginCategory {
  return {
    ...info,
    arbitrary(input) {
      const arbitraries = families.flatMap((family) => family.arbitrary(input) ?? []);
      if (arbitraries.length === 0) throw new Error(`category ${info.id} generates nothing for ${JSON.stringify(input.allow)}`);
      return oneOfAll(arbitraries);
    },
    corpus(input) {
      return families.flatMap((family) => family.corpus(input));
    },
  };
}

export function namedCase(id: string, title: string, header: OriginHeader | string): NamedCase {
  const normalized = typeof header === "string" ? originLine(header) : header;
  return { id, title: `${title}: ${preview(normalized)}`, header: normalized };
}

const PREVIEW_LENGTH = 100;

function preview(header: OriginHeader): string {
  const text = describeHeader(header);
  if (text.length <= PREVIEW_LENGTH) return text;
  const length = header.lines.reduce((sum, line) => sum + line.length, 0);
  return `${text.slice(0, PREVIEW_LENGTH)}… (${length} characters)`;
}

/** A corpus parameter; `tag` becomes part of the case id when a variant has several. */
export interface TaggedParams<P> {
  readonly tag?: string;
  readonly params: P;
}

/**
 * One way of turning a target (an allowed origin) into a probe. The corpus
 * applies it to every target with the listed parameters; the arbitrary draws
 * the target and the parameters independently, so both shrink on their own.
 */
export interface VariantSpec<P> {
  readonly id: string;
  readonly title: string;
  readonly applies?: (target: Target) => boolean;
  readonly params: fc.Arbitrary<P>;
  readonly corpusParams: readonly TaggedParams<P>[] | ((target: Target) => readonly TaggedParams<P>[]);
  readonly value: (target: Target, params: P) => OriginHeader | string;
}

/** A variant with its parameter type hidden, so variants of different kinds fit in one list. */
export interface Variant {
  readonly id: string;
  applies(target: Target): boolean;
  cases(target: Target): readonly NamedCase[];
  arbitrary(targets: fc.Arbitrary<Target>): fc.Arbitrary<OriginHeader>;
}

export function variant<P>(spec: VariantSpec<P>): Variant {
  const header = (target: Target, params: P): OriginHeader => {
    const value = spec.value(target, params);
    return typeof value === "string" ? originLine(value) : value;
  };
  return {
    id: spec.id,
    applies: (target) => spec.applies?.(target) ?? true,
    cases(target) {
      const list = typeof spec.corpusParams === "function" ? spec.corpusParams(target) : spec.corpusParams;
      return list.map(({ tag, params }) =>
        namedCase([spec.id, tag, "of", target.label].filter((part) => part !== undefined).join("-"), spec.title, header(target, params)),
      );
    },
    arbitrary: (targets) => fc.tuple(targets, spec.params).map(([target, params]) => header(target, params)),
  };
}

type ValueVariant<P> = (id: string, title: string, value: (target: Target, part: P) => OriginHeader | string, applies?: (target: Target) => boolean) => Variant;

/** Variants of one free part: drawn from `params`, and `corpus` in the deterministic corpus. */
function partVariant<P>(params: fc.Arbitrary<P>, corpus: P): ValueVariant<P> {
  return (id, title, value, applies) => variant({ id, title, applies, params, corpusParams: [{ params: corpus }], value });
}

/** A variant that brings in an attacker's domain: `evil.com` in the corpus, any attacker domain when drawn. */
export const attackerVariant: ValueVariant<string> = partVariant(attackerDomain, ATTACKER_DOMAIN);

/** A variant built from one label an attacker picks: `evil` in the corpus. */
export const attackerLabelVariant: ValueVariant<string> = partVariant(attackerLabel, ATTACKER_LABEL);

/** A variant with no free part. */
export const fixedVariant = (id: string, title: string, value: (target: Target) => OriginHeader | string, applies?: (target: Target) => boolean): Variant =>
  partVariant<undefined>(fc.constant(undefined), undefined)(id, title, (target) => value(target), applies);

/**
 * Applies every variant to every target the policy yields (its exact and
 * wildcard entries by default). A variant only meets the targets it applies to,
 * judged on each target's corpus example.
 */
export function variantFamily(
  variants: readonly Variant[],
  targetsOf: (input: GeneratorInput) => readonly TargetSource[] = (input) => hostTargets(input.allow),
): CaseFamily {
  return {
    corpus(input) {
      const cases = targetsOf(input).flatMap((source) =>
        variants.flatMap((v) => (v.applies(source.example) ? v.cases(source.example) : [])),
      );
      // Targets a scanner derives can meet a variant in a form an entry already gave; the first case wins.
      const seen = new Set<string>();
      return cases.filter((named) => {
        const key = JSON.stringify(named.header);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
    arbitrary(input) {
      const sources = targetsOf(input);
      const arbitraries = variants.flatMap((v) => {
        const usable = sources.filter((source) => v.applies(source.example));
        return usable.length === 0 ? [] : [v.arbitrary(targetArbitrary(usable))];
      });
      return arbitraries.length === 0 ? undefined : oneOfAll(arbitraries);
    },
  };
}
