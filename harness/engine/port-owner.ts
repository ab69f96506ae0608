import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Who listens on a TCP port, from /proc (Linux only). The engine's health
 * check alone cannot tell our engine from another process that took its port
 * first (another run's engine answers /health just as well).
 */
export type PortOwner = "ours" | "other" | "free" | "unknown";

const LISTEN = "0A";

function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let readAny = false;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
      readAny = true;
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const local = fields[1];
      if (local === undefined || fields[3] !== LISTEN) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  return readAny ? inodes : undefined;
}

function socketInodesOf(pid: number): Set<string> | undefined {
  try {
    const inodes = new Set<string>();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
    return inodes;
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it (an engine binary may be a wrapper that forks the real engine). */
function withDescendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return [pid];
  }
  const found = [pid];
  for (let index = 0; index < found.length; index++) found.push(...(children.get(found[index]!) ?? []));
  return found;
}

/** Whether `pid` (or a process below it) listens on `port`, another process does, or nobody does; "unknown" without /proc. */
export function portOwner(port: number, pid: number): PortOwner {
  const listening = listeningInodes(port);
  if (listening === undefined) return "unknown";
  if (listening.size === 0) return "free";
  let readAny = false;
  for (const each of withDescendants(pid)) {
    const ours = socketInodesOf(each);
    if (ours === undefined) continue;
    readAny = true;
    for (const inode of listening) if (ours.has(inode)) return "ours";
  }
  return readAny ? "other" : "unknown";
}

/** The processes listening on `port` (from /proc); empty when nobody does or /proc cannot be read. */
export function pidsListeningOn(port: number): number[] {
  const listening = listeningInodes(port);
  if (!listening?.size) return [];
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    const sockets = socketInodesOf(pid);
    return sockets !== undefined && [...listening].some((inode) => sockets.has(inode));
  });
}
