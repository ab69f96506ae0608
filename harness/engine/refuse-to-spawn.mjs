#!/usr/bin/env node
// Handed to rivetkit as its "engine binary" inside the harness. rivetkit's core
// spawns a local engine (on 127.0.0.1:6420, state in ~/.rivetkit, orphaned) when
// its endpoint looks local but is not healthy. The harness owns the engine, so
// such a spawn must fail at once instead of leaving a stray engine behind.
process.stderr.write("origin-conformance: rivetkit tried to spawn its own engine; the harness engine is not healthy\n");
process.exit(78);
