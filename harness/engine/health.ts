/** One /health request, bounded by at most 2 s and by `deadline`: undefined when ok, else what came back. */
export async function healthProblem(endpoint: string, deadline: number): Promise<string | undefined> {
  const remaining = Math.ceil(Math.max(1, Math.min(2_000, deadline - performance.now())));
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(remaining) });
    const body = await response.text();
    if (response.ok && body.includes('"ok"')) return undefined;
    return `${response.status} ${body.slice(0, 200)}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Polls the engine's /health until it reports ok, within `timeoutMs`. */
export async function waitHealthy(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = "no answer";
  while (performance.now() < deadline) {
    const problem = await healthProblem(endpoint, deadline);
    if (problem === undefined) return;
    last = problem;
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
