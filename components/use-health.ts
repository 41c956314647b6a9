"use client";

import { useEffect, useState } from "react";
import { fetchJson } from "./api/fetch-json";
import type { Health } from "./api/types";

let cached: Promise<Health> | null = null;

/** GET /api/health once per page load, shared by every component that asks. */
export function loadHealth(refresh = false): Promise<Health> {
  if (!cached || refresh) {
    cached = fetchJson<Health>("/api/health").catch((error: unknown) => {
      cached = null;
      throw error;
    });
  }
  return cached;
}

export function useHealth(): { health: Health | null; error: unknown } {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    loadHealth().then(
      (value) => live && setHealth(value),
      (reason: unknown) => live && setError(reason),
    );
    return () => {
      live = false;
    };
  }, []);
  return { health, error };
}

/** The emulator (and any local model server) listens on a loopback address. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "").toLowerCase();
  return name === "localhost" || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
