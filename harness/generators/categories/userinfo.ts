import fc from "fast-check";
import { attackerVariant, defineCategory, variant, variantFamily } from "../category.js";
import { attackerOrigin, hostAndPort, type Target } from "../origin-parts.js";

/** `scheme://<authority>` with the target's scheme. */
const withAuthority = (t: Target, authority: string) => `${t.allowed.scheme}://${authority}`;

const credentialPart = fc.stringMatching(/^[a-z0-9]{1,8}$/);

export const userinfo = defineCategory(
  {
    id: "userinfo",
    title: "Userinfo and @ tricks",
    description:
      "Catches guards that parse or split on `@`: `ALLOWED.includes(new URL(origin).origin)` accepts `https://user:pass@myapp.com` and `https://evil.com@myapp.com`, `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com@evil.com`, and `origin.split(\"@\").pop() === \"myapp.com\"` accepts `https://evil.com#@myapp.com`.",
    rationale:
      "In `https://myapp.com@evil.com` the allowed name is only a user name and the host is the attacker's. URL parsers drop userinfo, and hand-written splitters disagree with them about `#`, `\\` and `%40`, which is the parser-differential class from PortSwigger's URL-validation research. No browser sends userinfo in Origin.",
  },
  [
    variantFamily([
      attackerVariant("allowed-as-userinfo", "allowed origin as userinfo of the attacker's host", (t, attacker) =>
        withAuthority(t, `${hostAndPort(t.allowed)}@${attacker}`),
      ),
      attackerVariant("attacker-as-userinfo", "attacker's domain as userinfo of the allowed host", (t, attacker) =>
        withAuthority(t, `${attacker}@${hostAndPort(t.allowed)}`),
      ),
      variant({
        id: "credentials",
        title: "user and password in front of the allowed host",
        params: fc.record({ user: credentialPart, password: credentialPart }),
        corpusParams: [{ params: { user: "user", password: "pass" } }],
        value: (t, { user, password }) => withAuthority(t, `${user}:${password}@${hostAndPort(t.allowed)}`),
      }),
      attackerVariant("encoded-at", "percent-encoded @ between allowed host and attacker's", (t, attacker) =>
        withAuthority(t, `${hostAndPort(t.allowed)}%40${attacker}`),
      ),
      attackerVariant("fragment-before-at", "attacker's host, then #@ and the allowed host", (t, attacker) =>
        `${attackerOrigin(t, attacker)}#@${hostAndPort(t.allowed)}`,
      ),
      attackerVariant("backslash-before-at", "attacker's host, then \\@ and the allowed host", (t, attacker) =>
        `${attackerOrigin(t, attacker)}\\@${hostAndPort(t.allowed)}`,
      ),
    ]),
  ],
);
