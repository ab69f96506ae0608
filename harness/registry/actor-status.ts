/**
 * What the engine itself says of one actor instance (`GET /actors` on the
 * gateway): whether it was ever started and became connectable. The preflight
 * uses it to say why an actor does not answer.
 */
import { z } from "zod";

const ActorsAnswer = z.object({
  actors: z.array(
    z.object({
      actor_id: z.string(),
      start_ts: z.number().nullable().optional(),
      connectable_ts: z.number().nullable().optional(),
      destroy_ts: z.number().nullable().optional(),
    }),
  ),
});

export type ActorLifecycle = "connectable" | "started-not-connectable" | "never-started" | "destroyed" | "unknown";

/** Bounded (`timeoutMs`); "unknown" when the engine does not say (no answer, another shape, no such actor). */
export async function actorLifecycle(endpoint: string, actorId: string, timeoutMs = 2_000): Promise<ActorLifecycle> {
  try {
    const response = await fetch(`${endpoint}/actors?namespace=default&actor_ids=${encodeURIComponent(actorId)}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return "unknown";
    const parsed = ActorsAnswer.safeParse(await response.json());
    const actor = parsed.success ? parsed.data.actors.find((each) => each.actor_id === actorId) : undefined;
    if (actor === undefined) return "unknown";
    if (actor.destroy_ts != null) return "destroyed";
    if (actor.connectable_ts != null) return "connectable";
    return actor.start_ts != null ? "started-not-connectable" : "never-started";
  } catch {
    return "unknown";
  }
}
