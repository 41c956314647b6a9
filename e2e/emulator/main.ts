import { z } from "zod";
import { PROFILE_NAMES } from "../../lib/llm/profiles";
import { startEmulator } from "./server";

/**
 * `npm run emulator`: the upstream emulator as a process, for the offline demo and Playwright.
 * Point LLM_BASE_URL at the printed base URL and LLM_API_KEY at EMULATOR_API_KEY.
 */
const env = z
  .object({
    EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    EMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
    EMULATOR_API_KEY: z.string().min(1).default("sk-emulator"),
    EMULATOR_PROFILE: z.enum(PROFILE_NAMES).default("default"),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== "")));

// No top-level await: tsx loads this file as CommonJS (the package has no "type": "module").
void startEmulator({ port: env.EMULATOR_PORT, host: env.EMULATOR_HOST, apiKey: env.EMULATOR_API_KEY, profile: env.EMULATOR_PROFILE }).then((emulator) => {
  console.log(emulator.baseUrl);
  console.error(`[emulator] profile ${env.EMULATOR_PROFILE}; control: POST ${emulator.baseUrl.replace(/\/v1$/, "")}/__emulator/scenario, GET …/__emulator/requests, POST …/__emulator/reset`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0));
    });
  }
});
