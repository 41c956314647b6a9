"use client";

import { isLoopbackHost, useHealth } from "./use-health";

/** Says plainly when answers come from the offline emulator (the model endpoint is on loopback). */
export function EmulatorBanner() {
  const { health } = useHealth();
  if (!health || !isLoopbackHost(health.endpointHost)) return null;
  return (
    <div role="note" data-testid="emulator-banner" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      Answers come from the offline emulator, not a real model (endpoint {health.endpointHost}).
    </div>
  );
}
