/**
 * A user's project in a temp dir, as the README tells users to make one: the
 * packed package (`pnpm pack`, which builds dist/) installed with pnpm next to
 * the user's own rivetkit, vitest and vite, and the README's pnpm-workspace.yaml.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPOSITORY = join(import.meta.dirname, "../..");

export const MANIFEST = JSON.parse(readFileSync(join(REPOSITORY, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

export interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** One command, bounded in time; its stdout and stderr together. */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // CI is cleared so that the user's vitest run looks like a developer's, and no inherited reporter config applies.
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: "", FORCE_COLOR: "0", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** `pnpm pack` of this repository into `directory`; returns the tarball's file name. */
export async function packInto(directory: string): Promise<string> {
  const packed = await run("pnpm", ["pack", "--pack-destination", directory], REPOSITORY, 180_000);
  const tarball = readdirSync(directory).find((file) => file.endsWith(".tgz"));
  if (packed.code !== 0 || tarball === undefined) throw new Error(`pnpm pack failed\n${packed.output}`);
  return tarball;
}

/** A registry module with one guarded actor, "chat", that rejects when `check` (an expression over `origin`) is false. */
export const guardModule = (check: string) => `import { actor, setup, UserError } from "rivetkit";
const ALLOWED = ["https://chat.example.org", "https://www.chat.example.org"];
export const chat = actor({
  state: { messages: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!(${check})) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: { send: (c) => ++c.state.messages },
});
export const registry = setup({ use: { chat } });
`;

export interface UserProject {
  readonly directory: string;
  remove(): void;
}

/**
 * A new project dir with `files` written in it, the tarball at `tarballPath`
 * (copied in), rivetkit at `rivetkit`, and the repo's pinned vitest, vite,
 * typescript and @types/node; installed.
 */
export async function installUserProject(options: {
  readonly tarballPath: string;
  readonly rivetkit: string;
  readonly files: Readonly<Record<string, string>>;
  readonly extraDevDependencies?: Readonly<Record<string, string>>;
  /** More packages whose install scripts are not needed (an older rivetkit brings others). */
  readonly ignoredBuilds?: readonly string[];
}): Promise<UserProject> {
  const directory = mkdtempSync(join(tmpdir(), "origin-conformance-user-project-"));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  try {
    const tarball = options.tarballPath.split("/").at(-1)!;
    writeFileSync(join(directory, tarball), readFileSync(options.tarballPath));
    writeFileSync(
      join(directory, "package.json"),
      JSON.stringify({
        name: "my-actors",
        private: true,
        type: "module",
        devDependencies: {
          "rivet-origin-conformance": `file:./${tarball}`,
          rivetkit: options.rivetkit,
          vitest: MANIFEST.devDependencies.vitest,
          vite: MANIFEST.devDependencies.vite,
          typescript: MANIFEST.devDependencies.typescript,
          "@types/node": MANIFEST.devDependencies["@types/node"],
          ...options.extraDevDependencies,
        },
      }),
    );
    // What the README tells users to add: the engine binary ships as a musl package only.
    const workspace = readFileSync(join(REPOSITORY, "pnpm-workspace.yaml"), "utf8");
    const ignored = (options.ignoredBuilds ?? []).map((name) => `\n  ${JSON.stringify(name)}: false`).join("");
    writeFileSync(join(directory, "pnpm-workspace.yaml"), workspace.replace(/^allowBuilds:$/m, `allowBuilds:${ignored}`));
    for (const [name, text] of Object.entries(options.files)) writeFileSync(join(directory, name), text);
    const installed = await run("pnpm", ["install", "--prefer-offline"], directory, 300_000);
    if (installed.code !== 0) throw new Error(`pnpm install with rivetkit ${options.rivetkit} failed\n${installed.output}`);
    return { directory, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
