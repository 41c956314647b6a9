/**
 * `npm run demo`: the whole flow offline. Starts the bundled upstream emulator and the production
 * app wired to it (answers come from the emulator, and the UI says so in a banner). Builds the app
 * first when there is no production build. Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmulator, type Emulator } from "../e2e/emulator/server";

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

  const app: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
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
  console.log(`[demo] open http://${APP_HOST}:${APP_PORT} — answers come from the offline emulator, not a real model (database ${DATABASE_PATH}).`);

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null && app.signalCode === null) app.kill("SIGTERM");
    void emulator.close().then(() => process.exit(code));
  };
  app.once("exit", (code) => stop(code ?? 0));
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
}

// No top-level await: tsx loads this file as CommonJS.
void main();
