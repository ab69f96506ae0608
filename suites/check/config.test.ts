/**
 * The config file: found upwards as vitest finds its own, validated with one
 * line that names the file and the key, and turned into one plan per actor.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ConfigError, findConfig, loadConfig, resolveConfig } from "../../harness/check/config.js";
import { actorsOf, starterConfig, writeStarterConfig } from "../../harness/check/init.js";
import { planSubjects } from "../../harness/check/subjects.js";
import { chooseActors } from "../../harness/registry/actor-choice.js";
import { ConformanceUsageError } from "../../harness/conformance/run.js";
import { DOCS_POLICY, PUBLIC_POLICY } from "../../harness/policy/policy.js";
import { registry as fourActors } from "./fixtures/four-actors.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-config-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const dir = (files: Record<string, string>) => {
  const path = join(scratch, `d${++dirs}`);
  mkdirSync(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(path, name, ".."), { recursive: true });
    writeFileSync(join(path, name), text);
  }
  return path;
};
const DOCS = { allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"] };
const configError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("config › discovery", () => {
  test("found in the working directory or the nearest one above", () => {
    const root = dir({ "origin-conformance.config.json": "{}", "a/b/.keep": "" });
    expect(findConfig(join(root, "a/b"))).toBe(join(root, "origin-conformance.config.json"));
    expect(findConfig(root)).toBe(join(root, "origin-conformance.config.json"));
  });
  test("the nearest wins over one further up", () => {
    const root = dir({ "origin-conformance.config.json": "{}", "a/origin-conformance.config.ts": "export default {};\n" });
    expect(findConfig(join(root, "a"))).toBe(join(root, "a/origin-conformance.config.ts"));
  });
  test("two config files in one directory: an error naming both", () => {
    const root = dir({ "origin-conformance.config.json": "{}", "origin-conformance.config.ts": "export default {};\n" });
    expect(configError(() => findConfig(root))).toMatch(/two config files found in .*: origin-conformance\.config\.ts and origin-conformance\.config\.json/);
  });
});

describe("config › validation (one line, the file and the key)", () => {
  test.each([
    ["an unknown key, close to a known one", { polcy: DOCS }, /cfg\.json: unknown key "polcy"; did you mean "policy"\?/],
    ["an unknown key, close to nothing", { colour: "blue" }, /unknown key "colour"; known keys: registry, policy, actors/],
    ["an unknown actor key", { actors: { chat: { polcy: DOCS } } }, /actors\.chat: unknown key "polcy"; did you mean "policy"\?/],
    ["a policy with a bad origin", { policy: { allow: ["https://myapp.com/"] } }, /policy: allow\[0\]: "https:\/\/myapp\.com\/" is not a serialized origin.*did you mean "https:\/\/myapp\.com"\?/],
    ["an unknown transport", { transports: ["carrier-pigeon"] }, /transports\[0\]: expected one of http-action/],
    ["runs that is not a positive whole number", { runs: 0 }, /runs: expected a positive whole number/],
    ["a public actor that also has a policy", { actors: { presence: { public: true, policy: DOCS } } }, /actors\.presence: a public actor has no policy/],
    ["a registry path that does not resolve", { registry: "./src/nope.ts" }, /registry: \.\/src\/nope\.ts does not resolve to a file/],
    ["a policy file that is not there", { policy: "./policy.json" }, /policy: the policy file \.\/policy\.json is not found/],
  ])("%s", (_title, config, message) => {
    const text = configError(() => resolveConfig(config, join(dir({}), "cfg.json")));
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  test("a JSON config that does not parse", async () => {
    const root = dir({ "origin-conformance.config.json": "{ policy: " });
    await expect(loadConfig(join(root, "origin-conformance.config.json"))).rejects.toThrow(/origin-conformance\.config\.json: not valid JSON/);
  });
  test("a TypeScript config that does not load", async () => {
    const root = dir({ "origin-conformance.config.ts": "export default {{;\n" });
    await expect(loadConfig(join(root, "origin-conformance.config.ts"))).rejects.toThrow(/origin-conformance\.config\.ts: does not load/);
  });
  test("paths resolve against the config's directory; a TypeScript config with satisfies or defineConfig loads", async () => {
    const root = dir({
      "policies/docs.json": JSON.stringify(DOCS),
      "origin-conformance.config.ts": `export default { registry: ${JSON.stringify(join(FIXTURES, "four-actors.ts"))}, policy: "./policies/docs.json", actors: { presence: { public: true } }, runs: 7 };\n`,
    });
    const config = await loadConfig(join(root, "origin-conformance.config.ts"));
    expect(config.policy?.allow).toEqual(DOCS.allow);
    expect(config.actors.presence).toEqual({ public: true });
    expect(config.registry).toBe(join(FIXTURES, "four-actors.ts"));
    expect(config.runs).toBe(7);
  });
});

describe("config › one plan per actor", () => {
  const names = ["chatRoom", "document", "admin", "presence"];
  const config = resolveConfig({ policy: DOCS, actors: { document: { policy: { allow: ["https://docs.myapp.com"] } }, presence: { public: true } } }, join(scratch, "origin-conformance.config.json"));
  test("every actor, in the registry's order: its own policy, the default, or public", () => {
    const plans = planSubjects(names, { config });
    expect(plans.map((plan) => plan.actor)).toEqual(names);
    expect(plans.find((plan) => plan.actor === "document")?.policy.allow).toEqual(["https://docs.myapp.com"]);
    expect(plans.find((plan) => plan.actor === "chatRoom")?.policy.allow).toEqual(DOCS.allow);
    expect(plans.find((plan) => plan.actor === "presence")).toEqual({ actor: "presence", policy: PUBLIC_POLICY, declaredPublic: true });
  });
  test("a flag's policy replaces every policy of the config, for the one actor asked for", () => {
    expect(planSubjects(names, { config, actor: "presence", policy: DOCS_POLICY })).toEqual([{ actor: "presence", policy: DOCS_POLICY, declaredPublic: false }]);
  });
  test("a config that names an actor the registry lacks: the file, the key and the closest name", () => {
    const typo = resolveConfig({ policy: DOCS, actors: { chatRom: {} } }, join(scratch, "origin-conformance.config.json"));
    expect(configError(() => planSubjects(names, { config: typo }))).toMatch(/origin-conformance\.config\.json: actors\.chatRom: the registry has no actor "chatRom"; did you mean "chatRoom"\?; it has: chatRoom, document, admin, presence/);
  });
  test("an actor with no policy anywhere", () => {
    expect(() => planSubjects(names, {})).toThrow(ConformanceUsageError);
    expect(() => planSubjects(names, {})).toThrow(/no policy for actor "chatRoom"/);
  });
});

describe("actor choice (written once: CLI, vitest helpers, runConformance)", () => {
  const names = ["chatRoom", "admin"];
  test("the one asked for; every actor; or, for a one-actor API, the only one", () => {
    expect(chooseActors(names, "admin", { single: true, nameIt: "--actor" })).toEqual(["admin"]);
    expect(chooseActors(names, undefined, { single: false, nameIt: "--actor" })).toEqual(names);
    expect(chooseActors(["chatRoom"], undefined, { single: true, nameIt: "{ actor }" })).toEqual(["chatRoom"]);
  });
  test.each([
    [names, "nope", false, /unknown actor "nope"; the registry has: chatRoom, admin/],
    [names, undefined, true, /the registry has 2 actors \(chatRoom, admin\); name one with \{ actor \}/],
    [[], undefined, false, /the registry has no actors/],
  ])("bad input: %j %s", (actors, requested, single, message) => {
    expect(() => chooseActors(actors, requested, { single, nameIt: "{ actor }" })).toThrow(message);
  });
});

describe("init › starter config", () => {
  test("lists every actor, marks the ones with no guard, leaves the allowlist to fill in", () => {
    const text = starterConfig("./src/registry.ts", actorsOf(fourActors), "ts");
    for (const name of ["chatRoom", "document", "admin", "presence"]) expect(text).toMatch(new RegExp(`^    ${name}: \\{\\},$`, "m"));
    expect(text).toMatch(/NO ORIGIN GUARD \(the actor has no onBeforeConnect\)[^\n]*\n    admin: \{\},/);
    expect(text).toMatch(/NO ORIGIN GUARD \(its onBeforeConnect never uses its context[^\n]*\n    presence: \{\},/);
    expect(text).not.toMatch(/NO ORIGIN GUARD[^\n]*\n    chatRoom/);
    expect(text).toMatch(/allow: \[\/\* TODO/);
  });
  test("the written config loads, and until the allowlist is filled in, says so", async () => {
    const root = dir({});
    const file = writeStarterConfig(root, join(FIXTURES, "four-actors.ts"), actorsOf(fourActors), "ts");
    await expect(loadConfig(file)).rejects.toThrow(/origin-conformance\.config\.ts: policy: allow: must list at least one origin/);
    const json = writeStarterConfig(dir({}), join(FIXTURES, "four-actors.ts"), actorsOf(fourActors), "json");
    await expect(loadConfig(json)).rejects.toThrow(/policy: allow: must list at least one origin/);
  });
  test("refuses to overwrite an existing config", () => {
    const root = dir({ "origin-conformance.config.json": "{}\n" });
    expect(() => writeStarterConfig(root, join(FIXTURES, "four-actors.ts"), [], "ts")).toThrow(/origin-conformance\.config\.json already exists .*not overwritten/);
  });
});
