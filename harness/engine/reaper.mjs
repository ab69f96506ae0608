// Supervises one rivet-engine process for the harness. It exists so that the
// engine can never outlive the process that asked for it: the parent holds our
// stdin open, and when it closes (normal stop, crash, SIGKILL of the parent)
// we stop the engine and remove its data dir. Plain ESM so it starts in ~40 ms.
//
// argv: <engine binary> <data dir> <grace ms> <log file>
// stdout: one JSON line {"pid": <engine pid>} once spawned, then {"exit": ..., "log": <its last lines>} if the
// engine exits on its own (the log lives in the data dir, which goes right after).
import { spawn } from "node:child_process";
import { openSync, readFileSync, rmSync } from "node:fs";

const [binary, dataDir, graceArg, logFile] = process.argv.slice(2);
const graceMs = Number(graceArg);
// The parent may be gone already; losing a status line must not crash the supervisor.
process.stdout.on("error", () => {});
const log = openSync(logFile, "a");
const engine = spawn(binary, ["start"], {
  env: process.env,
  stdio: ["ignore", log, log],
});

let stopping = false;
let engineExited = false;

engine.on("error", (error) => {
  engineExited = true;
  process.stdout.write(`${JSON.stringify({ exit: { error: String(error.message) } })}\n`);
  finish(1);
});
engine.on("spawn", () => {
  process.stdout.write(`${JSON.stringify({ pid: engine.pid })}\n`);
});
engine.on("exit", (code, signal) => {
  engineExited = true;
  if (!stopping) process.stdout.write(`${JSON.stringify({ exit: { code, signal }, log: logTail() })}\n`);
  finish(stopping ? 0 : 1);
});

function logTail() {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-15).join("\n");
  } catch {
    return "";
  }
}

function finish(code) {
  try {
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } finally {
    process.exit(code);
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
  if (engineExited) return finish(0);
  engine.kill("SIGTERM");
  setTimeout(() => {
    if (!engineExited) engine.kill("SIGKILL");
  }, graceMs).unref();
}

process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
