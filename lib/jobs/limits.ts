import type { AppConfig } from "../config";
import type { PlanLimits } from "../prompt/plan";

/** The planner's limits from the configuration. */
export function planLimits(config: AppConfig): PlanLimits {
  const { llm } = config;
  return {
    contextWindowTokens: llm.contextWindowTokens,
    maxOutputTokens: llm.maxOutputTokens,
    inputMicroLiPerToken: llm.inputMicroLiPerToken,
    outputMicroLiPerToken: llm.outputMicroLiPerToken,
    thinking: llm.thinking,
    // With thinking switched off explicitly, Qwen3's template adds an empty <think> block.
    thinkingOffBlock: !llm.thinking && llm.profile.thinkingSwitch !== "none",
    maxRounds: config.jobMaxRounds,
  };
}
