import { classifyQueueAnswer, PROBE_ACTION } from "../probes/classify.js";
import { gatewayPath, jsonCallAsGuardSees, jsonCallHeaders } from "./gateway.js";
import type { HttpTransport } from "./transport.js";

/** A queue message send, to the probe's queue name. */
export const HTTP_QUEUE: HttpTransport<"http-queue"> = {
  id: "http-queue",
  kind: "http",
  title: "HTTP queue send",
  route: "POST /gateway/{actorId}/queue/{name}",
  describe: () => "A queue message send. Accepted: 200 with a status. Rejected: an actor error.",
  requires: null,
  seenInside: false,
  silenceCanAccept: false,
  browserSendsNoOrigin: false,
  rampRank: 2,
  wireRequest: (target, headers) => ({
    kind: "http",
    method: "POST",
    path: gatewayPath(target.actorId, `/queue/${PROBE_ACTION}`),
    headers: jsonCallHeaders(headers),
    body: JSON.stringify({ body: null }),
    origin: headers.origin,
  }),
  classify: (answer) => classifyQueueAnswer(answer),
  guardRequest: () => jsonCallAsGuardSees(`/queue/${PROBE_ACTION}`),
};
