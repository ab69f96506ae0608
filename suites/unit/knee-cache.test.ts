import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cachedKnee, kneeCacheKey, kneeCachePath, rememberKnee } from "../../harness/concurrency/knee-cache.js";

const dir = mkdtempSync(join(tmpdir(), "knee-cache-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("knee cache › per machine, engine and transport, in the user's cache directory", () => {
  test("lives under XDG_CACHE_HOME, or ~/.cache, never in the project", () => {
    expect(kneeCachePath({ XDG_CACHE_HOME: "/x" })).toBe("/x/rivet-origin-conformance/concurrency-knee.json");
    expect(kneeCachePath({})).toMatch(/\/\.cache\/rivet-origin-conformance\/concurrency-knee\.json$/);
  });
  test("a remembered knee is read back for the same transport only", () => {
    const path = join(dir, "a", "knee.json");
    expect(cachedKnee("http-action", path)).toBeUndefined();
    rememberKnee("http-action", 16, 12, path);
    expect(cachedKnee("http-action", path)).toMatchObject({ concurrency: 16, measuredKnee: 12 });
    expect(cachedKnee("websocket-connect", path)).toBeUndefined();
    expect(JSON.parse(readFileSync(path, "utf8"))[kneeCacheKey("http-action")]).toBeDefined();
  });
  test("an old or damaged entry is measured again", () => {
    const path = join(dir, "b.json");
    rememberKnee("http-action", 16, 12, path);
    expect(cachedKnee("http-action", path, Date.now() + 8 * 24 * 3600 * 1000)).toBeUndefined();
    writeFileSync(path, "{not json");
    expect(cachedKnee("http-action", path)).toBeUndefined();
  });
  test("a cache that cannot be written costs nothing but the next measurement", () => {
    expect(() => rememberKnee("http-action", 16, 12, "/dev/null/no-such-dir/knee.json")).not.toThrow();
  });
});
