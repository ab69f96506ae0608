import { originLine, type OriginHeader } from "../../harness/origin/header.js";
import { CATEGORIES } from "../../harness/generators/catalog.js";
import type { AllowlistUnderTest } from "./expected-decisions.js";
import type { PeerList, PeerPayload } from "./peer-lists.js";

/** An origin a scanner is pointed at: its scheme and hostname (scanners drop the port). */
export interface ScannedOrigin {
  readonly scheme: string;
  readonly host: string;
}

const ENTRY = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^:/]+)(?::[0-9]+)?$/;

/** Each entry of the list as a scanner would be pointed at it; a wildcard at its instance `a.<domain>`, as the corpus does. */
export function scannedOrigins(list: AllowlistUnderTest): ScannedOrigin[] {
  return list.allow.flatMap((entry) => {
    const match = ENTRY.exec(entry);
    if (match === null) return [];
    const [, scheme = "", wildcard, host = ""] = match;
    return [{ scheme, host: wildcard === undefined ? host : `a.${host}` }];
  });
}

const ATTACKER = "evil.com";
const LABEL = "evil";

function registrableDomain(host: string): string | undefined {
  const labels = host.split(".");
  return labels.length < 2 ? undefined : labels.slice(-2).join(".");
}

function replaceLastDot(host: string, by: string): string {
  const at = host.lastIndexOf(".");
  return at < 0 ? host : host.slice(0, at) + by + host.slice(at + 1);
}

/** The payload the tool sends when scanning `scanned`, or undefined when it sends none there. */
export function instantiate(payload: PeerPayload, scanned: ScannedOrigin): string | undefined {
  const rdn = registrableDomain(scanned.host);
  if (payload.when === "https-target" && scanned.scheme !== "https") return undefined;
  if (payload.when === "rdn-has-two-dots" && (rdn ?? "").split(".").length <= 2) return undefined;
  if (payload.template.includes("{rdn") && rdn === undefined) return undefined;
  const values: Record<string, string> = {
    scheme: scanned.scheme,
    host: scanned.host,
    rdn: rdn ?? "",
    "rdn-head-dropped": (rdn ?? "").slice(1),
    "rdn-first-dot-x": (rdn ?? "").replace(".", "x"),
    "host-last-dot-a": replaceLastDot(scanned.host, "a"),
    "host-every-dot-a": scanned.host.replaceAll(".", "a"),
    attacker: ATTACKER,
    label: LABEL,
  };
  return payload.template.replace(/\{([a-z-]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole} in ${payload.template}`);
    return value;
  });
}

export interface InstantiatedPayload {
  readonly list: PeerList;
  readonly payload: PeerPayload;
  readonly scanned: ScannedOrigin;
  readonly value: string;
}

export function instantiateAll(lists: readonly PeerList[], allowlist: AllowlistUnderTest): InstantiatedPayload[] {
  const scanned = scannedOrigins(allowlist);
  return lists.flatMap((list) =>
    list.payloads.flatMap((payload) =>
      scanned.flatMap((origin) => {
        const value = instantiate(payload, origin);
        return value === undefined ? [] : [{ list, payload, scanned: origin, value }];
      }),
    ),
  );
}

/**
 * Which categories produce `header` for `allow`: as a corpus case, or from the
 * arbitrary, which fast-check answers for arbitraries built with unmappers
 * (`canShrinkWithoutContext` is true only for values the arbitrary can draw).
 */
export function producers(allow: readonly string[]): (value: string) => { corpus: string[]; arbitrary: string[] } {
  const corpora = CATEGORIES.map((category) => ({
    id: category.id,
    values: new Set(category.corpus({ allow }).flatMap((named) => (named.header.lines.length === 1 && named.header.name === undefined ? named.header.lines : []))),
    arbitrary: category.arbitrary({ allow }),
  }));
  return (value) => {
    const header: OriginHeader = originLine(value);
    return {
      corpus: corpora.filter((category) => category.values.has(value)).map((category) => category.id),
      arbitrary: corpora.filter((category) => category.arbitrary.canShrinkWithoutContext(header)).map((category) => category.id),
    };
  };
}
