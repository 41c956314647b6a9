PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_llm_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text,
	`deleted_job_id` text,
	`purpose` text NOT NULL,
	`step_key` text NOT NULL,
	`round` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`http_status` integer,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`usage_source` text NOT NULL,
	`finish_reason` text,
	`error_code` text,
	`error_message` text,
	`time_to_first_token_ms` integer,
	`duration_ms` integer,
	`input_micro_li_per_token` integer NOT NULL,
	`output_micro_li_per_token` integer NOT NULL,
	`cost_micro_li` integer NOT NULL,
	`output` text DEFAULT '' NOT NULL,
	`created_at_ms` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_llm_calls`("id", "job_id", "deleted_job_id", "purpose", "step_key", "round", "attempts", "http_status", "prompt_tokens", "completion_tokens", "reasoning_tokens", "usage_source", "finish_reason", "error_code", "error_message", "time_to_first_token_ms", "duration_ms", "input_micro_li_per_token", "output_micro_li_per_token", "cost_micro_li", "output", "created_at_ms") SELECT "id", "job_id", NULL, "purpose", "step_key", "round", "attempts", "http_status", "prompt_tokens", "completion_tokens", "reasoning_tokens", "usage_source", "finish_reason", "error_code", "error_message", "time_to_first_token_ms", "duration_ms", "input_micro_li_per_token", "output_micro_li_per_token", "cost_micro_li", "output", "created_at_ms" FROM `llm_calls`;--> statement-breakpoint
DROP TABLE `llm_calls`;--> statement-breakpoint
ALTER TABLE `__new_llm_calls` RENAME TO `llm_calls`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `llm_calls_job_idx` ON `llm_calls` (`job_id`);--> statement-breakpoint
CREATE INDEX `llm_calls_created_idx` ON `llm_calls` (`created_at_ms`);