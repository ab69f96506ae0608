/**
 * The kinds of page a real browser probes the actor from, as typed data. Each
 * one is a distinct origin on loopback (or an opaque one), served by the page
 * server (harness/browser/page-server.ts) on two free ports, A and B. In a test
 * policy, `http://localhost:A` is the allowed origin; every other page is a
 * stand-in for "a page on another site".
 */

export type PageKindId = "allowed-origin" | "loopback-ip" | "other-port" | "sandboxed-iframe" | "data-url" | "data-url-top-level";

export interface PagePorts {
  /** The port of the allowed origin (`http://localhost:A`). */
  readonly a: number;
  /** Another port of the same server: another origin. */
  readonly b: number;
}

export interface PageKind {
  /** Stable kebab-case id, used in test titles and reports. */
  readonly id: PageKindId;
  readonly title: string;
  /** Where the probing script runs. */
  readonly description: string;
  /** Why this page kind is in the matrix. */
  readonly rationale: string;
  /** What the browser must do from this page. */
  readonly expect: (ports: PagePorts) => BrowserExpectation;
}

export type BrowserExpectation =
  /** The request reaches the gateway with exactly this Origin (Fetch standard: the page's origin serialized; "null" when opaque). */
  | { readonly kind: "sends-origin"; readonly origin: string }
  /**
   * The browser itself refuses to send the request, so the guard is never
   * asked. `consoleEvidence` matches the message Chromium logs for it.
   */
  | { readonly kind: "blocked-by-browser"; readonly reason: string; readonly consoleEvidence: RegExp };

const sends = (origin: string): BrowserExpectation => ({ kind: "sends-origin", origin });

export const PAGE_KINDS: readonly PageKind[] = [
  {
    id: "allowed-origin",
    title: "allowed origin (localhost, port A)",
    description: "A top-level page at http://localhost:A/probe.html: the origin the test policy allows.",
    rationale: "The positive control: the app's own page must get through on every transport, or the guard breaks the app.",
    expect: ({ a }) => sends(`http://localhost:${a}`),
  },
  {
    id: "loopback-ip",
    title: "127.0.0.1, same server and port",
    description: "The same page from the same server and port, loaded as http://127.0.0.1:A/probe.html.",
    rationale: "Same machine, same server, another origin: a browser does not treat 127.0.0.1 as localhost, so neither may the guard.",
    expect: ({ a }) => sends(`http://127.0.0.1:${a}`),
  },
  {
    id: "other-port",
    title: "localhost, another port (B)",
    description: "A top-level page at http://localhost:B/probe.html: same host, a different port.",
    rationale: "The port is part of the origin: another dev server on localhost is another site (the localhost-on-any-port bug).",
    expect: ({ b }) => sends(`http://localhost:${b}`),
  },
  {
    id: "sandboxed-iframe",
    title: "sandboxed iframe (no allow-same-origin)",
    description: 'An <iframe sandbox="allow-scripts" src="/probe.html"> inside http://localhost:B/sandboxed.html; the probe runs in the iframe.',
    rationale: "Any site can make an opaque origin: a sandboxed frame sends Origin: null, so a guard that trusts null trusts everyone.",
    expect: () => sends("null"),
  },
  {
    id: "data-url",
    title: "data: URL page (in an iframe)",
    description:
      "A data:text/html page with the probe script inline, as an <iframe src=\"data:...\"> inside http://localhost:B/data-frame.html (its rivetkit client loaded from http://localhost:B).",
    rationale:
      "Another way to an opaque origin (like file: pages and cross-origin redirects): it sends Origin: null. An iframe, because Chromium lets a top-level data: page reach no loopback address at all (see data-url-top-level).",
    expect: () => sends("null"),
  },
  {
    id: "data-url-top-level",
    title: "data: URL page (top level)",
    description: "A top-level data:text/html page with the probe script and the rivetkit client inline, opened directly.",
    rationale:
      "Measured in Chromium 156: Local Network Access blocks every request from it to loopback (a data: page is not a secure context and loopback is more private), so it never reaches a local engine; a deployed actor on a public address is reachable from it, with Origin: null.",
    expect: () => ({
      kind: "blocked-by-browser",
      reason: "Local Network Access: a non-secure context in the public address space may not reach the loopback address space",
      consoleEvidence: /more-private address space `loopback`|ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS/,
    }),
  },
];

/** True when the browser itself refuses to send anything from this kind of page (whatever the ports). */
export function blockedByBrowser(kind: PageKind): boolean {
  return kind.expect({ a: 1, b: 2 }).kind === "blocked-by-browser";
}

export function pageKind(id: PageKindId): PageKind {
  const kind = PAGE_KINDS.find((candidate) => candidate.id === id);
  if (kind === undefined) throw new Error(`no page kind "${id}"`);
  return kind;
}
