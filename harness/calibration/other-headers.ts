import { TRANSPORT_IDS, type TransportId } from "../transports/index.js";

/**
 * The request headers besides the Origin that a guard might consult, and what
 * the stack does with each on its way to `onBeforeConnect`
 * (`c.request.headers.get(name)`), measured through the gateway with the echo
 * actor on rivetkit 2.3.19. suites/calibration/other-headers.test.ts re-observes
 * every row on every transport, so a rivetkit change that starts to strip,
 * rewrite or refuse one fails there. The header property ("only the Origin
 * decides", harness/conformance/header-phase.ts) varies only the headers
 * calibrated here as reaching the guard unchanged over the transport it probes.
 */
export interface OtherHeaderRow {
  /** As written on the wire. */
  readonly name: string;
  /** The value the calibration sends. */
  readonly sample: string;
  /** The transports over which the guard was measured to see `sample` unchanged; on the others the stack rewrites or refuses it. */
  readonly unchangedOver: readonly TransportId[];
  /** Why the header property does not vary it, although it may reach the guard. */
  readonly leftOut?: string;
}

/** Measured on each transport of rivetkit 2.3.19 (suites/calibration/other-headers.test.ts re-observes every cell, so a new transport is measured too). */
const EVERY_TRANSPORT: readonly TransportId[] = TRANSPORT_IDS;

export const HOST_LEFT_OUT =
  "Host is the routing key: the request goes wherever Host (and the path) says. On the local engine's path routes (`/gateway/{actorId}`) it was measured to reach the guard unchanged, but behind any proxy, load balancer or host-based route a probe with another Host lands on another server or none, so varying it tests the deployment's routing, not the guard. The property leaves it out.";

export const OTHER_HEADER_ROWS: readonly OtherHeaderRow[] = [
  { name: "Referer", sample: "https://myapp.com/page", unchangedOver: EVERY_TRANSPORT },
  { name: "Host", sample: "myapp.com", unchangedOver: EVERY_TRANSPORT, leftOut: HOST_LEFT_OUT },
  { name: "Sec-Fetch-Site", sample: "same-origin", unchangedOver: EVERY_TRANSPORT },
  { name: "Sec-Fetch-Mode", sample: "navigate", unchangedOver: EVERY_TRANSPORT },
  { name: "Sec-Fetch-Dest", sample: "document", unchangedOver: EVERY_TRANSPORT },
  { name: "X-Forwarded-Host", sample: "myapp.com", unchangedOver: EVERY_TRANSPORT },
  { name: "X-Forwarded-Proto", sample: "https", unchangedOver: EVERY_TRANSPORT },
  { name: "Forwarded", sample: "host=myapp.com;proto=https", unchangedOver: EVERY_TRANSPORT },
  { name: "Cookie", sample: "session=abc", unchangedOver: EVERY_TRANSPORT },
  { name: "User-Agent", sample: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0", unchangedOver: EVERY_TRANSPORT },
];

/** The headers the property varies over `transport`: calibrated as reaching the guard unchanged there, and not left out. */
export function headersReachingGuard(transport: TransportId): readonly string[] {
  return OTHER_HEADER_ROWS.filter((row) => row.leftOut === undefined && row.unchangedOver.includes(transport)).map((row) => row.name);
}

/** The headers the property never varies, each with its reason (reports print them). */
export function headersLeftOut(): readonly { readonly name: string; readonly reason: string }[] {
  return OTHER_HEADER_ROWS.flatMap((row) => (row.leftOut === undefined ? [] : [{ name: row.name, reason: row.leftOut }]));
}
