import type { APIRequestContext } from "@playwright/test";
import type { Scenario } from "../emulator/scenario";

/** The upstream emulator's control endpoints (see e2e/emulator/server.ts). */
export class EmulatorControl {
  constructor(
    private readonly request: APIRequestContext,
    private readonly baseUrl = process.env.E2E_EMULATOR_URL ?? "",
  ) {}

  async reset(): Promise<void> {
    const response = await this.request.post(`${this.baseUrl}/__emulator/reset`);
    if (!response.ok()) throw new Error(`emulator reset answered ${response.status()}`);
  }

  async scenario(scenario: Scenario): Promise<void> {
    const response = await this.request.post(`${this.baseUrl}/__emulator/scenario`, { data: scenario });
    if (!response.ok()) throw new Error(`emulator scenario answered ${response.status()}: ${await response.text()}`);
  }

  /** Lets `hold` streams go on: a test looks at a job mid-stream, then releases it. */
  async release(): Promise<void> {
    const response = await this.request.post(`${this.baseUrl}/__emulator/release`);
    if (!response.ok()) throw new Error(`emulator release answered ${response.status()}`);
  }

  async requests(): Promise<{ id: number; outcome: string; clientClosed: boolean }[]> {
    const response = await this.request.get(`${this.baseUrl}/__emulator/requests`);
    return ((await response.json()) as { requests: { id: number; outcome: string; clientClosed: boolean }[] }).requests;
  }
}
