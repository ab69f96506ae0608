/** Polls the engine's /health until it reports ok, within `timeoutMs`. */
export async function waitHealthy(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = "no answer";
  while (performance.now() < deadline) {
    const remaining = Math.ceil(Math.max(1, Math.min(2_000, deadline - performance.now())));
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(remaining) });
      const body = await response.text();
      if (response.ok && body.includes('"ok"')) return;
      last = `${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not healthy within ${timeoutMs} ms (last: ${last})`);
}

export async function isHealthy(endpoint: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    await waitHealthy(endpoint, timeoutMs);
    return true;
  } catch {
    return false;
  }
}
