/**
 * The engine does not start: the CLI exits 3 (infrastructure), quickly, with a
 * message that says why (which binary, which ports), writes no report, and
 * leaves no process and no temp dir behind.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { resolveEngineBinary } from "../../harness/engine/binary.js";
import { type CliChild, DOCS_FLAGS, harnessLeftovers, leftoverProcesses, spawnCli } from "./support.js";

const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-bin-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

function script(name: string, body: string, executable = true): string {
  const path = join(scratch, name);
  writeFileSync(path, body);
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

/**
 * The real engine, started after another process took its guard port (a plain
 * listener, or an impostor that answers /health). The occupier is detached (a
 * subshell that exits at once), so it is no descendant of the engine: like
 * another run's engine, not like a wrapper's own child.
 */
function portTakingWrapper(mode: "listen" | "health"): string {
  const occupier = join(import.meta.dirname, "fixtures/occupy-port.mjs");
  return script(
    `take-port-${mode}.sh`,
    `#!/bin/sh
ready="${scratch}/ready-${mode}-$$"
( "${process.execPath}" "${occupier}" "$RIVET__GUARD__PORT" ${mode} $$ "$ready" & )
while [ ! -f "$ready" ]; do sleep 0.05; done
exec "${resolveEngineBinary()}" "$@"
`,
  );
}

const CAUSES = [
  { cause: "binary missing", binary: () => "/nonexistent/rivet-engine", message: /engine: the engine binary \/nonexistent\/rivet-engine does not exist/ },
  { cause: "binary not executable", binary: () => script("not-executable", "#!/bin/sh\n", false), message: /engine: the engine exited before it was ready: .*EACCES/ },
  {
    cause: "binary exits at once",
    binary: () => script("exits-at-once.sh", "#!/bin/sh\necho 'rivet-engine: invalid configuration on purpose' >&2\nexit 1\n"),
    message: /engine: the engine exited before it was ready \(engine exited: \{"code":1,"signal":null\}\)\n.*invalid configuration on purpose/,
  },
  {
    cause: "ports taken by a listener",
    binary: () => portTakingWrapper("listen"),
    message: /engine: engine ports \d+\/\d+\/\d+ were taken \((another process listens on the guard port \d+|the engine logged "Address in use")\); gave up after 3 attempts on fresh ports/,
  },
  {
    cause: "ports taken by an impostor answering /health",
    binary: () => portTakingWrapper("health"),
    message: /engine: engine ports \d+\/\d+\/\d+ were taken \(another process listens on the guard port \d+\); gave up after 3 attempts on fresh ports/,
  },
] as const;

describe.each(CAUSES.map((entry) => [entry.cause, entry] as const))("fault (engine-start) › cause (%s) › via (cli)", (_cause, { binary, message }) => {
  test("exit 3 with a message that names the cause; no report, no process, no temp dir left", { timeout: 60_000 }, async () => {
    const startedAt = Date.now();
    const run = spawnCli(["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS], { env: { RIVET_ENGINE_BINARY: binary() } });
    runs.push(run);
    const { code } = await run.exited;
    expect(run.stderr()).toMatch(message);
    expect(code).toBe(3);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(existsSync(join(run.work, "reports"))).toBe(false);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});
