import type { AnyActorDefinition } from "rivetkit";
import { TRANSPORTS, type TransportId } from "../harness/transports/index.js";

/**
 * The origin policy an actor implements, as plain JSON.
 *
 * - `allow`: allowed origins. An entry `https://*.myapp.com` allows one or more
 *   DNS labels (`[a-z0-9]([a-z0-9-]*[a-z0-9])?`, lowercase) in front of
 *   `.myapp.com`, same scheme, no port.
 * - `match`: `"exact"` (default) compares the header byte for byte;
 *   `"normalized"` first parses it strictly as `scheme://host[:port]` (anything
 *   with a path, userinfo, query, fragment, whitespace or other characters is
 *   rejected), lowercases scheme and host (ASCII only) and drops the scheme's
 *   default port (http/ws 80, https/wss 443). The port is compared as a number
 *   (leading zeros allowed), 1-65535. This is harness/oracle's definition.
 * - `missingOrigin`: what to do when there is no Origin header at all
 *   (`headers.get("origin") === null`, or no request). Default `"reject"`.
 *   An empty value `""` is never "missing": it is rejected like any other value
 *   not in `allow`.
 * - `rejectCode`: the `UserError` code a rejection carries. Default
 *   `"origin_not_allowed"`.
 */
export interface PolicyInput {
  readonly allow: readonly string[];
  readonly match?: "exact" | "normalized";
  readonly missingOrigin?: "reject" | "accept";
  readonly rejectCode?: string;
}

/** The gateway routes that run `onBeforeConnect`. */
export type Transport = TransportId;

export interface ReferenceActor {
  /** kebab-case, equal to the file name (without `.ts`). */
  readonly id: string;
  readonly title: string;
  /** The policy the actor implements (for a known-bad guard: the one it was meant to implement). */
  readonly policy: PolicyInput;
  /** The `actor(...)` value. */
  readonly definition: AnyActorDefinition;
}

export interface KnownBadGuard extends ReferenceActor {
  readonly bug: {
    /** e.g. "case-insensitive compare". */
    readonly bugClass: string;
    /** The exact offending source line (trimmed), as it appears in the file. */
    readonly offendingLine: string;
    /**
     * Origin values, as the guard sees them (or "(absent)"), that a correct
     * guard for `policy` rejects but this one accepts. Every value is plain
     * printable ASCII without leading/trailing whitespace, so it reaches the
     * guard unchanged through any client.
     */
    readonly getsThrough: readonly string[];
    /**
     * Values a correct guard accepts but this one rejects (over-rejection).
     * Only set for guards that break allowed origins.
     */
    readonly wronglyRejects?: readonly string[];
    /**
     * Other request headers the `getsThrough` values need (name → value): the
     * guard consults them besides or instead of the Origin, and without them
     * it decides correctly. Caught by the header property ("only-origin-decides").
     */
    readonly withHeaders?: Readonly<Record<string, string>>;
    /**
     * Generator categories (harness/generators) whose corpus catches it, by
     * design of the category, and/or property ids ("history-independence",
     * "reject-code", "cross-transport", "only-origin-decides") when no single-probe category can.
     * Incidental catches by other categories are not listed.
     */
    readonly expectedCategories: readonly string[];
    /** Where the bug shows (among the transports the actor serves). */
    readonly transports: readonly Transport[];
    /** The bug depends on earlier requests to the same actor instance. */
    readonly historyDependent?: boolean;
    /** The bug shows only on some requests (deterministic per instance here). */
    readonly intermittent?: boolean;
  };
}

/** Every generator category that produces disallowed origins (all but exact-allowed), as the catalog lists them. */
export { ATTACK_CATEGORIES } from "../harness/generators/catalog.js";

/** The transports every actor serves: those that need no onRequest or onWebSocket handler. */
export const ALWAYS_SERVED: readonly Transport[] = TRANSPORTS.filter((transport) => transport.requires === null).map((transport) => transport.id);
