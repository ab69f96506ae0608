/**
 * Support actor: a correct docs guard whose allowlist lives in vars made by
 * createVars. The in-process tier cannot call it faithfully (it does not run
 * createVars), so the default profile falls back to the full wire corpus.
 */
import { actor, UserError } from "rivetkit";

export const varsAllowlist = actor({
  state: { count: 0 },
  createVars: () => ({ allowed: new Set(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]) }),
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!c.vars.allowed.has(origin)) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
