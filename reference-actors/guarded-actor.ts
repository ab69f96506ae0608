/**
 * The actor every known-bad guard sits on: the seed actor's state and actions
 * (a counter the side-effect check reads), written once. Each guard passes its
 * own `onBeforeConnect` (and `vars` when it keeps history), written in its own
 * file, because reports and SARIF point at that line
 * (harness/registry/guard-location.ts).
 */
import { actor, type BeforeConnectContext, type UniversalWebSocket } from "rivetkit";
import { DOCS_ALLOWED_ORIGINS } from "./policies.js";

/** The docs allowlist, as the guards compare against it. */
export const ALLOWED_ORIGINS: readonly string[] = DOCS_ALLOWED_ORIGINS;

interface SeedState {
  count: number;
}

type None = Record<never, never>;

export interface Guard<TVars> {
  readonly onBeforeConnect: (c: BeforeConnectContext<SeedState, TVars, undefined, undefined, None, None>, params: unknown) => void | Promise<void>;
  /** For a guard that keeps history between calls. */
  readonly vars?: TVars;
  /** Also serve raw `onRequest` and `onWebSocket` routes (both run the guard first). */
  readonly rawRoutes?: boolean;
}

/** The seed actor (state `{ count }`, actions `increment` and `getCount`) guarded by `guard.onBeforeConnect`. */
export function guardedActor<TVars = undefined>(guard: Guard<TVars>) {
  const rawRoutes = guard.rawRoutes
    ? {
        onRequest: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
        onWebSocket: (_c: unknown, websocket: UniversalWebSocket) => {
          // The socket is normally already open here; wait for "open" otherwise.
          if (websocket.readyState === 1) websocket.send("hello");
          else websocket.addEventListener("open", () => websocket.send("hello"));
        },
      }
    : {};
  return actor({
    state: { count: 0 } as SeedState,
    // Only a guard with history has vars: rivetkit sets up vars whenever the key is there.
    ...(guard.vars === undefined ? {} : { vars: guard.vars }),
    onBeforeConnect: guard.onBeforeConnect,
    ...rawRoutes,
    actions: {
      increment: (c) => ++c.state.count,
      getCount: (c) => c.state.count,
    },
  });
}
