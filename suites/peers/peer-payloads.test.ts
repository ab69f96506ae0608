/**
 * Every Origin that Corsy, CORScanner, nuclei's CORS template and the CORS
 * entries of PortSwigger's URL-validation cheat sheet send, instantiated for
 * three allowlists: the oracle decides each as the hand-written rule for its
 * class says, in both modes, and some category produces it.
 */
import { describe, expect, test } from "vitest";
import { expectedDecision } from "../../harness/oracle/oracle.js";
import { originLine } from "../../harness/origin/header.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { ALLOWLISTS, EXPECTED_BY_CLASS } from "./expected-decisions.js";
import { instantiate, instantiateAll, producers, scannedOrigins } from "./instantiate.js";
import { CORSCANNER, CORSY, NUCLEI_CORS_MISCONFIG, PEER_LISTS, PORTSWIGGER_CORS } from "./peer-lists.js";

describe("the lists as transcribed", () => {
  test("payload counts match the tools' sources", () => {
    expect(CORSY.payloads).toHaveLength(8);
    // 6 single checks, 7 third parties, 23 special characters, trust_any_subdomain, https_trust_http
    expect(CORSCANNER.payloads).toHaveLength(38);
    expect(NUCLEI_CORS_MISCONFIG.payloads).toHaveLength(29);
    expect(PORTSWIGGER_CORS.payloads).toHaveLength(27);
  });

  test("ids are unique within a list and every list names its source commit", () => {
    for (const list of PEER_LISTS) {
      const ids = list.payloads.map((payload) => payload.id);
      expect(new Set(ids).size, list.id).toBe(ids.length);
      expect(list.source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  test("instantiation follows the tools' rules", () => {
    const myapp = { scheme: "https", host: "myapp.com" };
    const www = { scheme: "https", host: "www.myapp.com" };
    const localhost = { scheme: "http", host: "localhost" };
    const byId = (list: typeof CORSY, id: string) => list.payloads.find((payload) => payload.id === id)!;
    expect(instantiate(byId(CORSCANNER, "include-match"), www)).toBe("https://yapp.com");
    expect(instantiate(byId(CORSCANNER, "not-escape-dot"), www)).toBe("https://www.myappacom");
    expect(instantiate(byId(CORSCANNER, "not-escape-dot"), localhost)).toBe("http://localhost");
    expect(instantiate(byId(CORSCANNER, "https-trust-http"), localhost)).toBeUndefined();
    expect(instantiate(byId(CORSY, "post-domain-wildcard"), www)).toBe("https://myapp.com.evil.com");
    expect(instantiate(byId(CORSY, "post-domain-wildcard"), localhost)).toBeUndefined();
    expect(instantiate(byId(CORSY, "unescaped-regex"), myapp)).toBeUndefined();
    expect(instantiate(byId(NUCLEI_CORS_MISCONFIG, "28-every-dot-replaced"), www)).toBe("https://wwwamyappacom");
    expect(scannedOrigins(ALLOWLISTS[1]!)).toEqual([{ scheme: "https", host: "a.myapp.com" }]);
    expect(scannedOrigins(ALLOWLISTS[2]!)).toEqual([{ scheme: "https", host: "myapp.com" }]);
  });
});

describe.each(ALLOWLISTS.map((list) => [list.name, list] as const))("for %s", (_name, allowlist) => {
  const instances = instantiateAll(PEER_LISTS, allowlist);
  const producedBy = producers(allowlist.allow);
  const policy = parsePolicy({ allow: [...allowlist.allow] });

  test("every list sends something here", () => {
    for (const list of PEER_LISTS) expect(instances.some((instance) => instance.list === list), list.id).toBe(true);
  });

  test.each(instances.map((instance) => [`${instance.list.id}/${instance.payload.id} at ${instance.scanned.scheme}://${instance.scanned.host}: ${instance.value}`, instance] as const))(
    "%s",
    (_title, { payload, value }) => {
      const want = EXPECTED_BY_CLASS[payload.class](allowlist);
      const header = originLine(value);
      expect(expectedDecision({ ...policy, match: "exact" }, header), "exact").toBe(want.exact);
      expect(expectedDecision({ ...policy, match: "normalized" }, header), "normalized").toBe(want.normalized);
      const { corpus, arbitrary } = producedBy(value);
      expect([...corpus, ...arbitrary], `no category produces ${JSON.stringify(value)}`).not.toEqual([]);
      // Only a host the tool fixes (a third party) or an allowed wildcard instance may come from an arbitrary alone;
      // everything derived from the allowlist is a deterministic corpus case.
      const fixedByTool = !payload.template.includes("{") && payload.template !== "null";
      if (!fixedByTool && want.exact === "reject") expect(corpus, `no corpus case is ${JSON.stringify(value)}`).not.toEqual([]);
    },
  );
});
