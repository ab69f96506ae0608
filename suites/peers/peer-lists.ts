/**
 * The Origin payloads of four public CORS scanners and cheat sheets, as data.
 *
 * Provenance: each list was transcribed by hand from the tool's published
 * source as stored in this project's read-only library of public repositories
 * (repository, path and commit below), on 2026-11-30. Nothing was fetched from
 * the web. A payload string is a fact about the tool; the templates below
 * replace the tool's own names with placeholders, and `toolLiteral` keeps what
 * the tool writes where it differs.
 *
 * Placeholders, instantiated per scanned origin (see peer-payloads.test.ts):
 * - `{scheme}`: the scheme of the scanned URL;
 * - `{host}`: its hostname, without the port (every tool here drops it:
 *   CORScanner `netloc.split(':')[0]`, nuclei `{{FQDN}}`, Corsy `get_fld`);
 * - `{rdn}`: its registrable domain, the last two labels (Corsy's `get_fld`,
 *   CORScanner's `registered_domain`, nuclei's `{{RDN}}`); a payload that needs
 *   it is not instantiated for a host without a dot (`localhost`): Corsy fails
 *   there, and CORScanner would send an empty name (`http://evil`), a foreign
 *   host like the rest;
 * - `{rdn-head-dropped}`: `{rdn}` without its first character (CORScanner's `sld[1:]`);
 * - `{host-last-dot-a}`, `{host-every-dot-a}`: the host with its last / every
 *   dot replaced by `a` (CORScanner's `not_escape_dot`, nuclei's
 *   `replace(FQDN,'.','a')`); a host without a dot stays as it is, as in the tools;
 * - `{rdn-first-dot-x}`: Corsy's `root.replace('.', 'x', 1)`, only sent when the
 *   registrable domain has more than one dot;
 * - `{attacker}`: a domain the attacker owns (`evil.com`);
 * - `{label}`: a label the attacker picks (`evil`); the tools use a random
 *   five-character label or a fixed one (`d3v`, `s`, `anything`).
 */

/** What the payload is, for the hand-written expected decision (suites/peers/expected-decisions.ts). */
export type PayloadClass =
  /** A host that is the attacker's or a third party's: no allowed name is a label-aligned suffix of it. */
  | "foreign-host"
  /** Not `scheme://host[:port]` with an LDH host: special characters or percent signs in the host. */
  | "not-an-origin"
  /** The literal `null`. */
  | "null"
  /** An allowed host with another scheme or without its port. */
  | "allowed-host-elsewhere"
  /** One or more LDH labels in front of an allowed host, same scheme, no port. */
  | "subdomain"
  /** A label glued to the front of the scanned host, same scheme: a foreign host, unless the host is a wildcard's instance, whose first label it only lengthens. */
  | "label-glued-to-scanned-host"
  /** A subdomain of an allowed host over the other scheme. */
  | "downgraded-subdomain";

export interface PeerPayload {
  /** The tool's name for the check (and a position when one check sends several). */
  readonly id: string;
  readonly template: string;
  readonly class: PayloadClass;
  /** The payload as the tool writes it, when the template renamed something. */
  readonly toolLiteral?: string;
  /** The tool sends it only then. */
  readonly when?: "https-target" | "rdn-has-two-dots";
}

export interface PeerList {
  readonly id: string;
  readonly tool: string;
  readonly source: { readonly repository: string; readonly path: string; readonly commit: string; readonly version: string };
  /** What was taken and what was left out, and why. */
  readonly scope: string;
  readonly payloads: readonly PeerPayload[];
}

/** CORScanner's `special_characters_bypass` list, in its order (`+` is in it twice). */
const CORSCANNER_SPECIAL_CHARACTERS = ["_", "-", '"', "{", "}", "+", "^", "%60", "!", "~", "`", ";", "|", "&", "'", "(", ")", "*", ",", "$", "=", "+", "%0b"];

/** nuclei's `{{FQDN}}.<char>.<random>.com` payloads, in the template's order. */
const NUCLEI_LABEL_CHARACTERS = ["$", "~", "=", "+", "&", "*", ")", "(", "'", "!", ";", ",", "-", "_"];

/** The cheat sheet's CORS-tagged `<allowed>.<char>.<attacker>` entries, in the file's order. */
const PORTSWIGGER_LABEL_CHARACTERS = ["_", "-", ",", ";", "!", "'", "(", ")", "{", "}", "*", "&", "`", "+", "=", "~", "$"];

export const CORSY: PeerList = {
  id: "corsy",
  tool: "Corsy (s0md3v)",
  source: { repository: "s0md3v/Corsy", path: "core/tests.py", commit: "2985ae24da524ba6905d36bfbadca7fe71a9f199", version: "master at that commit (the newest stored version of core/tests.py)" },
  scope:
    "Every Origin `active_tests` sends after its baseline request (which sends the target's own origin). `passive_tests` sends nothing; it reads the response. Corsy takes the registrable domain (`tld.get_fld`) as its root, so it derives nothing for `localhost`.",
  payloads: [
    { id: "origin-reflected", template: "{scheme}://{attacker}", class: "foreign-host", toolLiteral: "scheme + '://' + 'example.com'" },
    { id: "post-domain-wildcard", template: "{scheme}://{rdn}.{attacker}", class: "foreign-host", toolLiteral: "scheme + '://' + root + '.example.com'" },
    { id: "pre-domain-wildcard", template: "{scheme}://{label}{rdn}", class: "foreign-host", toolLiteral: "scheme + '://d3v' + root" },
    { id: "null-origin-allowed", template: "null", class: "null" },
    { id: "unrecognized-underscore", template: "{scheme}://{rdn}_.{attacker}", class: "not-an-origin", toolLiteral: "scheme + '://' + root + '_.example.com'" },
    { id: "broken-parser", template: "{scheme}://{rdn}%60.{attacker}", class: "not-an-origin", toolLiteral: "scheme + '://' + root + '%60.example.com'" },
    { id: "unescaped-regex", template: "{scheme}://{rdn-first-dot-x}", class: "foreign-host", when: "rdn-has-two-dots", toolLiteral: "scheme + '://' + root.replace('.', 'x', 1)" },
    { id: "http-origin-allowed", template: "http://{rdn}", class: "allowed-host-elsewhere", toolLiteral: "'http://' + root" },
  ],
};

export const CORSCANNER: PeerList = {
  id: "corscanner",
  tool: "CORScanner (chenjj)",
  source: {
    repository: "chenjj/CORScanner",
    path: "common/corscheck.py (and origins.json at commit a43879e058ca94d92db3f4029a3edba8c86ee5fc)",
    commit: "c1a6910d15ed92236cce7aee6b16e9fcf9d656f8",
    version: "the version with ten checks (custom_third_parties, special_characters_bypass), as published on PyPI as cors 1.0.x",
  },
  scope: "Every Origin of the ten `test_*` checks in `check_one_by_one`, including the seven fixed third-party origins of origins.json and all 23 special characters (the list has `+` twice).",
  payloads: [
    { id: "reflect-origin", template: "{scheme}://{attacker}", class: "foreign-host", toolLiteral: 'parsed.scheme + "://" + "evil.com"' },
    { id: "prefix-match", template: "{scheme}://{host}.{attacker}", class: "foreign-host" },
    { id: "suffix-match", template: "{scheme}://{label}{rdn}", class: "foreign-host", toolLiteral: 'parsed.scheme + "://" + "evil" + sld' },
    { id: "trust-null", template: "null", class: "null" },
    { id: "include-match", template: "{scheme}://{rdn-head-dropped}", class: "foreign-host", toolLiteral: 'parsed.scheme + "://" + sld[1:]' },
    { id: "not-escape-dot", template: "{scheme}://{host-last-dot-a}", class: "foreign-host" },
    ...["https://github.com", "https://gitlab.com", "https://pastebin.com", "http://jsbin.com", "https://codepen.io", "https://jsfiddle.net", "http://whatever.s3.amazonaws.com"].map(
      (origin, index): PeerPayload => ({ id: `custom-third-parties-${index + 1}`, template: origin, class: "foreign-host" }),
    ),
    ...CORSCANNER_SPECIAL_CHARACTERS.map(
      (char, index): PeerPayload => ({ id: `special-characters-bypass-${index + 1}`, template: `{scheme}://{host}${char}.{attacker}`, class: "not-an-origin" }),
    ),
    { id: "trust-any-subdomain", template: "{scheme}://{label}.{host}", class: "subdomain", toolLiteral: 'parsed.scheme + "://" + "evil." + host' },
    { id: "https-trust-http", template: "http://{host}", class: "allowed-host-elsewhere", when: "https-target" },
  ],
};

export const NUCLEI_CORS_MISCONFIG: PeerList = {
  id: "nuclei-cors-misconfig",
  tool: "nuclei-templates cors-misconfig (projectdiscovery)",
  source: {
    repository: "projectdiscovery/nuclei-templates",
    path: "http/vulnerabilities/generic/cors-misconfig.yaml",
    commit: "07474c091f409ae8dddf7f6341d38a2e7e2f9e77",
    version: "the template with 29 payloads (max-request: 29)",
  },
  scope: "All 29 `cors_origin` payloads. `{{tolower(rand_base(5))}}` is the attacker's label, `{{FQDN}}` the host and `{{RDN}}` the registrable domain.",
  payloads: [
    { id: "1-random-label-before-rdn", template: "https://{label}{rdn}", class: "foreign-host" },
    { id: "2-random-label-before-rdn-http", template: "http://{label}{rdn}", class: "foreign-host" },
    { id: "3-random-domain", template: "https://{label}.com", class: "foreign-host" },
    { id: "4-host-under-random-domain", template: "https://{host}.{label}.com", class: "foreign-host" },
    { id: "5-host-glued-to-random-domain", template: "https://{host}{label}.com", class: "foreign-host" },
    { id: "6-localhost-under-random-domain", template: "https://localhost.{label}.com", class: "foreign-host" },
    { id: "7-localhost-under-random-domain-http", template: "http://localhost.{label}.com", class: "foreign-host" },
    { id: "8-unencrypted-domain-ends-with", template: "http://{label}{rdn}", class: "foreign-host", toolLiteral: "http://s{{RDN}}" },
    { id: "9-underscore", template: "https://{host}_.{label}.com", class: "not-an-origin" },
    { id: "10-encoded-backtick", template: "https://{host}%60.{label}.com", class: "not-an-origin" },
    ...NUCLEI_LABEL_CHARACTERS.map(
      (char, index): PeerPayload => ({ id: `${11 + index}-special-character-label`, template: `https://{host}.${char}.{label}.com`, class: "not-an-origin" }),
    ),
    { id: "25-null", template: "null", class: "null" },
    { id: "26-random-subdomain", template: "https://{label}.{rdn}", class: "subdomain" },
    { id: "27-random-subdomain-http", template: "http://{label}.{rdn}", class: "downgraded-subdomain" },
    { id: "28-every-dot-replaced", template: "https://{host-every-dot-a}", class: "foreign-host", toolLiteral: "https://{{replace(FQDN,'.','a')}}" },
    { id: "29-every-dot-replaced-http", template: "http://{host-every-dot-a}", class: "foreign-host", toolLiteral: "http://{{replace(FQDN,'.','a')}}" },
  ],
};

export const PORTSWIGGER_CORS: PeerList = {
  id: "portswigger-url-validation-cors",
  tool: "PortSwigger URL validation bypass cheat sheet, CORS entries",
  source: {
    repository: "PortSwigger/url-cheatsheet-data",
    path: "src/domain_allow_list_bypass.json",
    commit: "1048cada2d144a6faf417b5b546c433b1473a78c",
    version: "the data behind the 2024 cheat sheet (the newest stored version of that file)",
  },
  scope:
    "The 27 entries tagged CORS; the others are URL (SSRF, redirect) payloads that no Origin can carry (paths, userinfo, CR/LF, U+FF0E). `<allowed>` is the host, `<attacker>` the attacker's domain. An entry without `prefix` is instantiated with `https://` (our reading of the cheat sheet's default protocol; not verified against the page). The `/` suffix of three entries is the URL form and is not part of an Origin; it is left out.",
  payloads: [
    ...PORTSWIGGER_LABEL_CHARACTERS.map(
      (char, index): PeerPayload => ({ id: `special-character-label-${index + 1}`, template: `https://{host}.${char}.{attacker}`, class: "not-an-origin" }),
    ),
    { id: "allowed-dot-attacker", template: "https://{host}.{attacker}", class: "foreign-host" },
    { id: "allowed-glued-attacker", template: "https://{host}{attacker}", class: "foreign-host" },
    { id: "unencrypted-attacker-subdomain", template: "http://{attacker}.{host}", class: "downgraded-subdomain" },
    { id: "attacker-subdomain", template: "https://{attacker}.{host}", class: "subdomain" },
    { id: "unencrypted-domain-ends-with", template: "http://{label}{host}", class: "foreign-host", toolLiteral: "http://anything<allowed>" },
    { id: "domain-ends-with", template: "https://{label}{host}", class: "label-glued-to-scanned-host", toolLiteral: "anything<allowed>" },
    { id: "localhost-regex-http", template: "http://localhost.{attacker}", class: "foreign-host", toolLiteral: "http://localhost.<attacker>/" },
    { id: "localhost-regex-https", template: "https://localhost.{attacker}", class: "foreign-host", toolLiteral: "localhost.<attacker>/" },
    { id: "trusted-null", template: "null", class: "null" },
    { id: "unencrypted-s-domain-ends-with", template: "http://{label}{host}", class: "foreign-host", toolLiteral: "http://s<allowed>/" },
  ],
};

export const PEER_LISTS: readonly PeerList[] = [CORSY, CORSCANNER, NUCLEI_CORS_MISCONFIG, PORTSWIGGER_CORS];
