/**
 * The version the engine at `endpoint` reports on /health
 * (`{"runtime":"engine","status":"ok","version":"2.3.19"}`), or undefined when
 * it says none. Asked over HTTP, so it holds for an engine given by endpoint too,
 * and never runs a binary that might be a wrapper. Bounded: 2 s.
 */
export async function engineVersionAt(endpoint: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === "string" ? body.version : undefined;
  } catch {
    return undefined;
  }
}
