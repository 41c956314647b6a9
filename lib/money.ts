/**
 * Money as integers. The unit is the micro-li: 1 yuan = 1,000 li = 1,000,000,000 micro-li.
 * A price of P yuan per million tokens is P × 1,000 micro-li per token, so ¥2.50/M = 2,500
 * micro-li per input token and ¥10.00/M = 10,000 micro-li per output token. Prices with more
 * than three decimals of a yuan would need fractions of a micro-li and are refused.
 */

export const MICRO_LI_PER_LI = 1_000_000;

/** "2.50" (yuan per million tokens) → 2500 (micro-li per token). */
export function parseYuanPerMillion(text: string): number {
  const match = /^(\d{1,6})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a price in yuan per million tokens with at most 3 decimals, such as 2.50`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(3, "0"));
  return whole * 1_000 + fraction;
}

export interface Prices {
  inputMicroLiPerToken: number;
  outputMicroLiPerToken: number;
}

/** Exact cost of one call in micro-li. Reasoning tokens are inside completion tokens. */
export function costMicroLi(prices: Prices, promptTokens: number, completionTokens: number): number {
  const cost = promptTokens * prices.inputMicroLiPerToken + completionTokens * prices.outputMicroLiPerToken;
  if (!Number.isSafeInteger(cost)) throw new Error("cost overflow");
  return cost;
}

/** Exact decimal string in li, at least `minDecimals` decimals: 10_000_000 → "10.0000". */
export function formatLi(microLi: number, minDecimals = 4): string {
  const negative = microLi < 0;
  const abs = Math.abs(microLi);
  const whole = Math.floor(abs / MICRO_LI_PER_LI);
  let fraction = String(abs % MICRO_LI_PER_LI).padStart(6, "0");
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction.length > 0 ? `.${fraction}` : ""}`;
}

/** Yuan for display, rounded to 4 decimals: 10_000_000 micro-li → "¥0.0100". */
export function formatYuan(microLi: number): string {
  const tenThousandths = Math.round(microLi / 100_000); // 1 yuan = 1e9 micro-li; 1e-4 yuan = 1e5
  const whole = Math.floor(tenThousandths / 10_000);
  const fraction = String(tenThousandths % 10_000).padStart(4, "0");
  return `¥${whole}.${fraction}`;
}

/** "12.5" li → micro-li, for budget caps typed by a person. */
export function parseLi(text: string): number {
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount in li, such as 50 or 12.5`);
  return Number(match[1]) * MICRO_LI_PER_LI + Number((match[2] ?? "").padEnd(6, "0"));
}
