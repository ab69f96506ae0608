/**
 * The official rivetkit browser client, bundled in memory with esbuild from the
 * installed `rivetkit/client` (its "browser" export condition), as one classic
 * script that defines the global `RivetkitClient` (`{ createClient }`). The page
 * server serves it; nothing is written to disk and nothing is downloaded.
 */
import { fileURLToPath } from "node:url";

export interface ClientBundle {
  readonly code: string;
  readonly bytes: number;
  readonly buildMs: number;
  /** The module the entry imports, as resolved by esbuild (shows the browser build was used). */
  readonly clientModule: string;
}

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function bundleRivetkitClient(): Promise<ClientBundle> {
  const { build } = await import("esbuild");
  const startedAt = performance.now();
  const result = await build({
    stdin: {
      contents: `export { createClient } from "rivetkit/client";`,
      resolveDir: PROJECT_ROOT,
      sourcefile: "rivetkit-client-entry.js",
      loader: "js",
    },
    bundle: true,
    write: false,
    metafile: true,
    platform: "browser",
    conditions: ["browser"],
    format: "iife",
    globalName: "RivetkitClient",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("esbuild produced no output for the rivetkit client");
  const clientModule = Object.keys(result.metafile.inputs).find((input) => /rivetkit\/dist\/[^/]+\/client\.m?js$/.test(input)) ?? "(unknown)";
  return { code: output.text, bytes: output.contents.byteLength, buildMs: performance.now() - startedAt, clientModule };
}
