"use client";

import { useState } from "react";
import { formatLi } from "@/lib/money";
import { fetchJson, messageOf } from "../api/fetch-json";
import type { ConnectionTest } from "../api/types";
import { formatTokens } from "../format";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Notice } from "../ui/notice";
import { isLoopbackHost, useHealth } from "../use-health";

/** Micro-li per token → yuan per million tokens: 2,500 → "2.50". */
function yuanPerMillion(microLiPerToken: number): string {
  return (microLiPerToken / 1_000).toFixed(microLiPerToken % 10 === 0 ? 2 : 3);
}

/** What the server is configured with (never the key) and a live connection test. */
export function SettingsView() {
  const { health, error } = useHealth();
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);

  async function runTest() {
    setTesting(true);
    setTest(null);
    setTestError(null);
    try {
      setTest(await fetchJson<ConnectionTest>("/api/settings/test-connection", { method: "POST" }));
    } catch (reason) {
      setTestError(messageOf(reason));
    } finally {
      setTesting(false);
    }
  }

  const rows: [string, React.ReactNode, string][] = health
    ? [
        ["Model", health.model, "settings-model"],
        ["Endpoint host", `${health.endpointHost}${isLoopbackHost(health.endpointHost) ? " (local: the offline emulator or a model on this machine)" : ""}`, "settings-endpoint"],
        ["API key", health.apiKeySet ? "set (never shown)" : "not set — set LLM_API_KEY and restart the server", "settings-key"],
        ["Provider profile", health.profile, "settings-profile"],
        ["Context window", `${formatTokens(health.contextWindowTokens)} tokens (prompt and answer together)`, "settings-window"],
        ["Output cap per call", `${formatTokens(health.maxOutputTokens)} tokens`, "settings-output-cap"],
        ["Input price", `¥${yuanPerMillion(health.prices.inputMicroLiPerToken)} per million tokens = ${formatTokens(health.prices.inputMicroLiPerToken)} li per million (${formatLi(health.prices.inputMicroLiPerToken)} li per token)`, "settings-input-price"],
        ["Output price", `¥${yuanPerMillion(health.prices.outputMicroLiPerToken)} per million tokens = ${formatTokens(health.prices.outputMicroLiPerToken)} li per million (${formatLi(health.prices.outputMicroLiPerToken)} li per token)`, "settings-output-price"],
        ["Database", health.database, "settings-database"],
        ["Version", health.version, "settings-version"],
      ]
    : [];

  return (
    <div className="space-y-6" data-testid="settings-view">
      <div>
        <h1 className="text-2xl font-semibold">Settings and status</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The server reads these from its environment at start-up (see README, “Configuration”); change them there and restart.</p>
      </div>
      {error ? (
        <Notice tone="error" title="The server's status could not be read">
          {messageOf(error)}
        </Notice>
      ) : null}
      <Card title="In use">
        {health ? (
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
            {rows.map(([label, value, testId]) => (
              <div key={label} className="contents">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="font-medium break-words" data-testid={testId}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="text-sm text-zinc-500">Loading…</p>
        )}
      </Card>
      <Card title="Connection">
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">Sends a one-line prompt with a 1-token answer to the model endpoint (it costs a fraction of a li).</p>
        <Button variant="primary" onClick={() => void runTest()} disabled={testing} data-testid="test-connection">
          {testing ? "Testing…" : "Test connection"}
        </Button>
        <div className="mt-3" aria-live="polite">
          {test?.ok ? (
            <Notice tone="success" title="Connected" testId="connection-result">
              The model answered in {test.latencyMs.toLocaleString("en-US")} ms.
            </Notice>
          ) : test ? (
            <Notice tone="error" title={`The connection test failed (${test.error?.code ?? "error"})`} testId="connection-result">
              {test.error?.message ?? "No answer."} (after {test.latencyMs.toLocaleString("en-US")} ms)
            </Notice>
          ) : testError ? (
            <Notice tone="error" title="The test could not run" testId="connection-result">
              {testError}
            </Notice>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
