/** Which gateway routes an actor definition serves, read from its config. */
export interface ActorRoutes {
  readonly actions: readonly string[];
  readonly hasGuard: boolean;
  readonly rawRequest: boolean;
  readonly rawWebSocket: boolean;
  /** rivetkit's `options.onBeforeConnectTimeout` (default 5 s): no guard decision can take longer. */
  readonly beforeConnectTimeoutMs: number;
}

const RIVETKIT_DEFAULT_BEFORE_CONNECT_TIMEOUT_MS = 5_000;

export function actorRoutes(definition: unknown): ActorRoutes {
  const config = ((definition as { config?: Record<string, unknown> })?.config ?? {}) as Record<string, unknown>;
  return {
    actions: Object.keys((config.actions as object | undefined) ?? {}),
    hasGuard: typeof config.onBeforeConnect === "function",
    rawRequest: typeof config.onRequest === "function",
    rawWebSocket: typeof config.onWebSocket === "function",
    beforeConnectTimeoutMs:
      ((config.options as { onBeforeConnectTimeout?: number } | undefined)?.onBeforeConnectTimeout ?? RIVETKIT_DEFAULT_BEFORE_CONNECT_TIMEOUT_MS),
  };
}
