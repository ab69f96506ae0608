import { classifyActionAnswer, PROBE_ACTION } from "../probes/classify.js";
import { gatewayPath, jsonCallAsGuardSees, jsonCallHeaders } from "./gateway.js";
import type { HttpTransport } from "./transport.js";

/** A stateless action call: the probe action by default, which does not exist, so the call has no side effects. */
export const HTTP_ACTION: HttpTransport<"http-action"> = {
  id: "http-action",
  kind: "http",
  title: "HTTP action",
  route: "POST /gateway/{actorId}/action/{name}",
  describe: (wire) =>
    `A stateless action call. Accepted: 200 with the output (or 404 action_not_found for the harness's probe action). Rejected: an actor error, status ${wire.userErrorHttpStatus} for a UserError.`,
  requires: null,
  seenInside: false,
  silenceCanAccept: false,
  browserSendsNoOrigin: false,
  rampRank: 0,
  wireRequest: (target, headers) => ({
    kind: "http",
    method: "POST",
    path: gatewayPath(target.actorId, `/action/${encodeURIComponent(target.action ?? PROBE_ACTION)}`),
    headers: jsonCallHeaders(headers),
    body: JSON.stringify({ args: target.args ?? [] }),
    origin: headers.origin,
  }),
  classify: (answer, target) => classifyActionAnswer(answer, target.action ?? PROBE_ACTION),
  guardRequest: (action) => jsonCallAsGuardSees(`/action/${action}`),
};
