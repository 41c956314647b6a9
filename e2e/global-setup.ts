import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startNodeServer } from "./support/servers";

/**
 * Starts the upstream emulator and the production app (built by `npm run build`) on free loopback
 * ports with a fresh SQLite file. Specs read E2E_BASE_URL and E2E_EMULATOR_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-e2e-"));
  const emulatorPort = await freePort();
  const emulator = await startNodeServer({
    name: "emulator",
    script: "e2e/emulator/main.ts",
    env: { EMULATOR_PORT: String(emulatorPort), EMULATOR_HOST: "127.0.0.1", EMULATOR_API_KEY: "sk-e2e-emulator" },
    readyUrl: `http://127.0.0.1:${emulatorPort}/__emulator/requests`,
    url: `http://127.0.0.1:${emulatorPort}`,
  });
  const appPort = await freePort();
  const app = await startNodeServer({
    name: "app",
    script: "scripts/start.ts",
    env: {
      HOST: "127.0.0.1",
      PORT: String(appPort),
      DATABASE_PATH: path.join(dataDir, "longdoc.db"),
      LLM_BASE_URL: `${emulator.url}/v1`,
      LLM_API_KEY: "sk-e2e-emulator",
      LLM_PROFILE: "default",
      NODE_ENV: "production",
    },
    readyUrl: `http://127.0.0.1:${appPort}/api/health`,
    url: `http://127.0.0.1:${appPort}`,
  });
  process.env.E2E_BASE_URL = app.url;
  process.env.E2E_EMULATOR_URL = emulator.url;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    await app.stop();
    await emulator.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
