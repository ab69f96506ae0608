import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CATEGORIES } from "../generators/catalog.js";
import type { PropertyId } from "../conformance/result.js";
import { headersLeftOut, headersReachingGuard } from "../calibration/other-headers.js";
import { HTTP_ACTION } from "../transports/index.js";

/** The checks beyond the generator categories; their failures carry the check's id as their category. */
/** The finding of an actor with no origin guard (registry/guard-presence.ts). */
export const NO_ORIGIN_GUARD = "no-origin-guard";

export const PROPERTIES: readonly { readonly id: Exclude<PropertyId, "oracle"> | "reject-code" | typeof NO_ORIGIN_GUARD; readonly title: string; readonly description: string }[] = [
  {
    id: NO_ORIGIN_GUARD,
    title: "An actor has an origin guard",
    description: "An actor with no `onBeforeConnect`, or one that never reads the request, accepts every origin: the most common origin bug in a registry. Found by reading the actor's definition, and proven over the wire with a handful of origins per transport. Declare an actor public in the config when that is intended; the check then confirms it accepts any origin.",
  },
  {
    id: "reject-code",
    title: "Rejections carry the documented code",
    description: "A rejected origin must be refused with the policy's `rejectCode` (a `UserError` code such as `origin_not_allowed`); a guard that throws a plain `Error` surfaces as `internal_error`, and clients that look for the documented code misread it.",
  },
  {
    id: "cross-transport",
    title: "Same decision on every transport",
    description: "The same Origin must get the same decision over every transport the actor serves; a guard that checks only WebSockets, or skips raw `onRequest`, decides differently per route.",
  },
  {
    id: "history-independence",
    title: "Decisions do not depend on earlier probes",
    description: "A decision must not change with what the same actor instance saw before (a \"trusted window\" after one allowed origin, a cached verdict, a counter).",
  },
  {
    id: "only-origin-decides",
    title: "Only the Origin decides",
    description: `The decision must be the one the policy gives for the Origin alone, whatever else the request carries. The other headers a guard might consult (${headersReachingGuard(HTTP_ACTION.id).join(", ")}; each calibrated as reaching the guard unchanged over the transport, \`harness/calibration/other-headers.ts\`) are varied while the Origin is absent, allowed and disallowed: an allowed origin in the Referer, \`same-origin\` in Sec-Fetch-Site, an allowed host in X-Forwarded-Host or Forwarded, and hostile values beside an allowed Origin. A guard that falls back to the Referer when the Origin is missing, as some CSRF middlewares do, accepts a request with no Origin and \`Referer: https://myapp.com/page\`. Left out: ${headersLeftOut().map((header) => `${header.name}: ${header.reason}`).join(" ")}`,
  },
  {
    id: "side-effect-safety",
    title: "A rejected call never runs",
    description: "An HTTP action called with a rejected Origin must not run: the state read back through an allowed origin must be unchanged.",
  },
];

/** The docs page every SARIF rule's helpUri points into: one section per category, anchored by its id. */
export const CATEGORIES_DOC = "docs/categories.md";

/** docs/categories.md, rendered from the catalog (the test keeps the committed file equal to this). */
export function renderCategoriesDoc(): string {
  const lines = [
    "# Origin categories",
    "",
    "<!-- Generated from harness/generators/catalog.ts by `pnpm docs:categories`; suites/unit/categories-doc.test.ts keeps it in step. -->",
    "",
    "Each section is one family of Origin headers the harness sends, the guard bug it catches, and why it matters.",
    "SARIF rules (`report.sarif`) link here, one rule per section.",
    "",
  ];
  for (const category of CATEGORIES) {
    lines.push(`## ${category.id}`, "", `**${category.title}**${category.rawSocketOnly ? " (sent over a raw socket)" : ""}`, "", category.description, "", category.rationale, "");
  }
  lines.push("# Properties", "", "Checks that span several probes.", "");
  for (const property of PROPERTIES) lines.push(`## ${property.id}`, "", `**${property.title}**`, "", property.description, "");
  return lines.join("\n");
}

/** This package's root (holding package.json and docs/), found upwards, so it holds from the sources and from dist/. */
function packageRoot(): { root: string; homepage?: string } {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (; directory !== dirname(directory); directory = dirname(directory)) {
    const file = join(directory, "package.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as { name?: string; homepage?: string };
    if (json.name === "rivet-origin-conformance") return { root: directory, homepage: json.homepage };
  }
  return { root: directory };
}

/** The published docs page, when the package names its home; else the copy shipped with the package. */
function docsBase(): string {
  const { root, homepage } = packageRoot();
  if (homepage !== undefined && /^https:\/\//.test(homepage)) return `${homepage.replace(/#.*$/, "").replace(/\/$/, "")}/blob/main/${CATEGORIES_DOC}`;
  return pathToFileURL(join(root, CATEGORIES_DOC)).href;
}

export function categoryHelpUri(id: string): string {
  return `${docsBase()}#${id}`;
}
