CREATE TABLE `document_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`text` text NOT NULL,
	`tokens` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_units_doc_ordinal_idx` ON `document_units` (`document_id`,`ordinal`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`mime_type` text,
	`size_bytes` integer NOT NULL,
	`total_tokens` integer NOT NULL,
	`unit_count` integer NOT NULL,
	`skipped_json` text DEFAULT '[]' NOT NULL,
	`meta_json` text DEFAULT '{}' NOT NULL,
	`created_at_ms` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_sha256_idx` ON `documents` (`sha256`);--> statement-breakpoint
CREATE TABLE `job_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`type` text NOT NULL,
	`data_json` text NOT NULL,
	`created_at_ms` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_events_job_idx` ON `job_events` (`job_id`,`id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`task` text NOT NULL,
	`instructions` text DEFAULT '' NOT NULL,
	`question` text,
	`status` text NOT NULL,
	`plan_json` text NOT NULL,
	`state_json` text DEFAULT '{}' NOT NULL,
	`output` text DEFAULT '' NOT NULL,
	`error_code` text,
	`error_message` text,
	`max_micro_li` integer,
	`calls_planned` integer DEFAULT 0 NOT NULL,
	`calls_done` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`cost_micro_li` integer DEFAULT 0 NOT NULL,
	`created_at_ms` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`started_at_ms` integer,
	`finished_at_ms` integer,
	`updated_at_ms` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `jobs_created_idx` ON `jobs` (`created_at_ms`);--> statement-breakpoint
CREATE INDEX `jobs_document_idx` ON `jobs` (`document_id`);--> statement-breakpoint
CREATE TABLE `llm_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
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
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `llm_calls_job_idx` ON `llm_calls` (`job_id`);