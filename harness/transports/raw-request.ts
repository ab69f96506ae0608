import { classifyRawRequestAnswer } from "../probes/classify.js";
import { gatewayPath, RAW_PATH, rawGetAsGuardSees } from "./gateway.js";
import type { HttpTransport } from "./transport.js";

/** The actor's raw HTTP handler, with a GET (the request a page can make with no Origin at all). */
export const RAW_REQUEST: HttpTransport<"raw-request"> = {
  id: "raw-request",
  kind: "http",
  title: "raw onRequest",
  route: "ANY /gateway/{actorId}/request/...",
  describe: () => "The actor's raw HTTP handler. Accepted: the handler's answer; rejected: an actor error.",
  requires: "onRequest",
  seenInside: true,
  silenceCanAccept: false,
  browserSendsNoOrigin: true,
  rampRank: 1,
  wireRequest: (target, headers) => ({
    kind: "http",
    method: "GET",
    path: gatewayPath(target.actorId, `/request${RAW_PATH}`),
    headers: [...(headers.extra ?? [])],
    origin: headers.origin,
  }),
  classify: (answer, _target, inside) => classifyRawRequestAnswer(answer, inside),
  guardRequest: () => rawGetAsGuardSees(RAW_PATH),
};
