import type { AnyActorDefinition } from "rivetkit";
import { alwaysAccept } from "./always-accept.js";
import { echo } from "./echo.js";
import { neverResolves } from "./never-resolves.js";
import { plainError } from "./plain-error.js";
import { slowGuard } from "./slow-guard.js";
import { throwsString } from "./throws-string.js";
import { throwsUndefined } from "./throws-undefined.js";
import { throwsForWebsocket } from "./throws-for-websocket.js";
import { lateGuard } from "./late-guard.js";
import { createThrows } from "./create-throws.js";
import { createHangs } from "./create-hangs.js";
import { stateThrows } from "./state-throws.js";
import { varsAllowlist } from "./vars-allowlist.js";

export { observations, type Observation } from "./echo.js";
export { LATE_GUARD_DELAY_MS, LATE_GUARD_TIMEOUT_MS } from "./late-guard.js";

/** Harness-support actors, keyed by id (= file name). Not conformance subjects. */
export const SUPPORT_ACTORS = {
  echo,
  "always-accept": alwaysAccept,
  "plain-error": plainError,
  "never-resolves": neverResolves,
  "slow-guard": slowGuard,
  "throws-string": throwsString,
  "throws-undefined": throwsUndefined,
  "throws-for-websocket": throwsForWebsocket,
  "late-guard": lateGuard,
  "create-throws": createThrows,
  "create-hangs": createHangs,
  "vars-allowlist": varsAllowlist,
  "state-throws": stateThrows,
} as const satisfies Record<string, AnyActorDefinition>;
