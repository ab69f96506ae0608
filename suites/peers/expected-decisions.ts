import type { Decision } from "../../harness/oracle/oracle.js";
import type { PayloadClass } from "./peer-lists.js";

/** The allowlists the public payloads are instantiated for. */
export interface AllowlistUnderTest {
  readonly name: string;
  readonly allow: readonly string[];
  /** True when the list admits subdomains (`https://*.myapp.com`) of the hosts it is scanned at. */
  readonly admitsSubdomains: boolean;
}

export const ALLOWLISTS: readonly AllowlistUnderTest[] = [
  { name: "the docs' list", allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"], admitsSubdomains: false },
  { name: "a wildcard list", allow: ["https://*.myapp.com"], admitsSubdomains: true },
  { name: "a list with a non-default port", allow: ["https://myapp.com:8443"], admitsSubdomains: false },
];

export interface ExpectedDecision {
  readonly exact: Decision;
  readonly normalized: Decision;
}

const REJECTED: ExpectedDecision = { exact: "reject", normalized: "reject" };
const ACCEPTED: ExpectedDecision = { exact: "accept", normalized: "accept" };

/**
 * The decision a correct guard makes, by class, written from the policy
 * semantics and not from the oracle: no list here allows `null`, an attacker's
 * or third party's host, a host with characters outside LDH, or an allowed
 * host over another scheme or port. Only a wildcard list admits a subdomain,
 * over its own scheme (and a label glued to an instance of the wildcard is
 * only a longer first label). Every payload is lowercase and has no default port, so
 * normalizing changes nothing and both modes agree.
 */
export const EXPECTED_BY_CLASS: Readonly<Record<PayloadClass, (list: AllowlistUnderTest) => ExpectedDecision>> = {
  "foreign-host": () => REJECTED,
  "not-an-origin": () => REJECTED,
  null: () => REJECTED,
  "allowed-host-elsewhere": () => REJECTED,
  subdomain: (list) => (list.admitsSubdomains ? ACCEPTED : REJECTED),
  // A wildcard list is scanned at an instance (`a.myapp.com`): `evila.myapp.com` is another instance.
  "label-glued-to-scanned-host": (list) => (list.admitsSubdomains ? ACCEPTED : REJECTED),
  "downgraded-subdomain": () => REJECTED,
};
