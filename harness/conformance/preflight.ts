import { originLine } from "../origin/header.js";
import type { ProbeResult } from "../probes/probe.js";
import { actorLifecycle } from "../registry/actor-status.js";
import { RegistryError } from "../registry/host.js";
import { transportOf } from "../transports/index.js";
import type { RunContext } from "./context.js";
import type { Phase } from "./phase.js";

/**
 * The gateway's own word that the actor never came up: `guard.actor_*` errors
 * such as `actor_wake_retries_exceeded` ("stopped before becoming ready"), as
 * an HTTP body or a WebSocket close reason. Seen when createState, createVars
 * or onCreate throws: the actor crash-loops and the guard never runs.
 */
export function actorStartFailure(result: ProbeResult): string | undefined {
  if (result.outcome.kind !== "errored") return undefined;
  const match = /"group":"guard","code":"(actor_[a-z_]+)"|\bguard\.(actor_[a-z_]+)/.exec(result.response);
  return match ? `guard.${match[1] ?? match[2]}` : undefined;
}

/** Thrown when the actor under test cannot start at all: a problem of the module under test, never a verdict. */
export class ActorStartError extends Error {
  override readonly name = "ActorStartError";
}

const PREFLIGHT_ORIGIN = originLine("https://preflight.origin-conformance.invalid");

/**
 * One probe on a fresh instance before the run, to catch two conditions that
 * would otherwise turn every probe of the run into a slow non-decision:
 * - an actor that cannot start (each probe an `errored` after about a second
 *   of wake retries; it also stalls the engine's actor creation for everyone);
 * - no answer at all, even past the actor's onBeforeConnectTimeout, by which
 *   any guard has been decided: an onCreate (or createState, createVars) that
 *   never finishes, or no traffic reaching the registry (seen when an engine
 *   died under an earlier registry of the same process: rivetkit's runtime
 *   then serves no later registry).
 * Each is confirmed before the run gives up: an unanswered probe once more on
 * the same instance, an actor_* answer twice more, the last time on a fresh instance.
 */
async function preflight(context: RunContext): Promise<void> {
  const { hosted, actor, transports, probeOptions } = context.subject;
  let instance = await context.prober.newInstance("preflight");
  const transport = transports[0]!;
  const decidedWithinMs = hosted.routesOf(actor).beforeConnectTimeoutMs;
  const probeBoundMs = probeOptions.timeoutMs ?? Number.POSITIVE_INFINITY;
  for (let attempt = 1; ; attempt++) {
    const checked = await context.prober.check(instance, transport, PREFLIGHT_ORIGIN, { category: "preflight", role: "diagnostic", evenIfStopped: true });
    if (checked === undefined) return;
    const { result } = checked;
    const unanswered = result.outcome.kind === "timeout" && !transportOf(transport).silenceCanAccept && probeBoundMs >= decidedWithinMs + 1_000;
    const failure = actorStartFailure(result);
    if (failure === undefined && !unanswered) return;
    if (attempt === 1) continue;
    // The gateway's actor_* errors also come, now and then, from a healthy actor on a loaded machine (rivetkit's
    // own tests retry them): before blaming the module, one more try on a fresh instance, after a pause.
    if (failure !== undefined && attempt === 2) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      instance = await context.prober.newInstance("preflight");
      continue;
    }
    if (unanswered) {
      // Both causes look the same on the wire; the engine's own view of the instance narrows it down where it can.
      const lifecycle = await actorLifecycle(hosted.endpoint, instance.actorId);
      const unanswering = `no answer from the actor "${actor}" over ${transport} within ${probeBoundMs} ms, well past its onBeforeConnectTimeout (${decidedWithinMs} ms)`;
      const hangs = "its onCreate, createState or createVars never finishes";
      // Measured on rivetkit 2.3.19: a second registry started in a process while the first still runs never gets traffic.
      const noTraffic =
        "the registry hosted in this process receives no traffic from the engine (rivetkit serves only the first registry " +
        "started in a process: one still running here, such as one setupTest started, keeps the harness's from getting any)";
      const engineSays: Partial<Record<typeof lifecycle, string>> = {
        connectable: "the engine lists the instance as started and connectable",
        "never-started": "the engine lists the instance as never started",
        "started-not-connectable": "the engine lists the instance as started but never connectable",
      };
      const said = engineSays[lifecycle];
      throw new RegistryError(`${unanswering}${said ? `; ${said}` : ""}: ${lifecycle === "connectable" ? noTraffic : `${hangs}, or ${noTraffic}`}`);
    }
    throw new ActorStartError(
      `the actor "${actor}" never started: the gateway answered ${failure} over ${transport} (${result.response.slice(0, 200)}). ` +
        "Its createState, createVars or onCreate probably throws; RIVET_LOG_LEVEL=warn shows rivetkit's error.",
    );
  }
}

/** The preflight as a phase: its probes are diagnostic (recorded, never judged). */
export const preflightPhase: Phase = { id: "preflight", run: preflight };
