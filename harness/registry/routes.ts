/** Which gateway routes an actor definition serves, read from its config. */
export interface ActorRoutes {
  readonly actions: readonly string[];
  readonly hasGuard: boolean;
  readonly rawRequest: boolean;
  readonly rawWebSocket: boolean;
}

export function actorRoutes(definition: unknown): ActorRoutes {
  const config = ((definition as { config?: Record<string, unknown> })?.config ?? {}) as Record<string, unknown>;
  return {
    actions: Object.keys((config.actions as object | undefined) ?? {}),
    hasGuard: typeof config.onBeforeConnect === "function",
    rawRequest: typeof config.onRequest === "function",
    rawWebSocket: typeof config.onWebSocket === "function",
  };
}
