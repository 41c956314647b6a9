ALTER TABLE `jobs` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_expires_at_ms` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `cancel_requested_at_ms` integer;--> statement-breakpoint
CREATE INDEX `jobs_status_idx` ON `jobs` (`status`);