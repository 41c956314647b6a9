/**
 * `npm run demo`: the whole flow offline. Starts the bundled upstream emulator and the production
 * app wired to it (answers come from the emulator, and the UI says so in a banner). Builds the app
 * first when there is no production build. If the app crashes, the demo says so and starts it again
 * (the emulator stays up). Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmulator, type Emulator } from "../e2e/emulator/server";
import { superviseApp } from "./demo-supervisor";

const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 8787);
const EMULATOR_KEY = "sk-emulator";
const APP_HOST = process.env.HOST ?? "127.0.0.1";
const APP_PORT = process.env.PORT ?? "3000";
const DATABASE_PATH = process.env.DATABASE_PATH ?? "./data/demo.db";

function ensureBuild(): void {
  if (fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return;
  console.log("[demo] no production build yet: running `npm run build` (a few minutes on a small machine)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("[demo] the build failed; fix it and run `npm run demo` again.");
    process.exit(result.status ?? 1);
  }
}

async function main(): Promise<void> {
  ensureBuild();
  let emulator: Emulator;
  try {
    // Tokens arrive in small chunks with a short pause, so the report visibly streams.
    emulator = await startEmulator({ port: EMULATOR_PORT, apiKey: EMULATOR_KEY, scenario: { stream: { tokensPerChunk: 6, tokenDelayMs: 12 } } });
  } catch (error) {
    console.error(`[demo] the emulator could not listen on port ${EMULATOR_PORT} (${(error as Error).message}). Stop what uses it, or set EMULATOR_PORT.`);
    process.exit(1);
  }
  console.log(`[demo] upstream emulator on ${emulator.baseUrl}`);
  fs.mkdirSync(path.dirname(path.resolve(DATABASE_PATH)), { recursive: true });

  const spawnApp = (): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: APP_HOST,
        PORT: APP_PORT,
        DATABASE_PATH,
        LLM_BASE_URL: emulator.baseUrl,
        LLM_API_KEY: EMULATOR_KEY,
        LLM_PROFILE: "default",
      },
    });
  // The app is watched: a crash is reported and the app started again; the emulator stays up.
  const supervisor = superviseApp({
    spawnApp,
    log: (line) => console.error(line),
    exit: (code) => void emulator.close().then(() => process.exit(code)),
  });
  console.log(`[demo] open http://${APP_HOST}:${APP_PORT} — answers come from the offline emulator, not a real model (database ${DATABASE_PATH}).`);
  process.once("SIGINT", () => supervisor.stop(0));
  process.once("SIGTERM", () => supervisor.stop(0));
}

// No top-level await: tsx loads this file as CommonJS.
void main();
