import type { AnyActorDefinition } from "rivetkit";
import { alwaysAccept } from "./always-accept.js";
import { echo } from "./echo.js";
import { neverResolves } from "./never-resolves.js";
import { plainError } from "./plain-error.js";
import { slowGuard } from "./slow-guard.js";

export { observations, type Observation } from "./echo.js";

/** Harness-support actors, keyed by id (= file name). Not conformance subjects. */
export const SUPPORT_ACTORS = {
  echo,
  "always-accept": alwaysAccept,
  "plain-error": plainError,
  "never-resolves": neverResolves,
  "slow-guard": slowGuard,
} as const satisfies Record<string, AnyActorDefinition>;
