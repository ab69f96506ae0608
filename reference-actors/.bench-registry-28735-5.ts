import { setup } from "rivetkit";
import { seedAllowlistFor } from "/work/main/reference-actors/correct/seed-allowlist.ts";
const allow = ["http://localhost:3000","https://myapp.com","https://www.myapp.com"];
export const registry = setup({ use: { room1: seedAllowlistFor(allow), room2: seedAllowlistFor(allow), room3: seedAllowlistFor(allow), room4: seedAllowlistFor(allow), room5: seedAllowlistFor(allow) } });
