import type { ReactNode } from "react";

export function Card({ title, children, className = "", testId, actions }: { title?: ReactNode; children: ReactNode; className?: string; testId?: string; actions?: ReactNode }) {
  return (
    <section data-testid={testId} className={`rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${className}`}>
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title ? <h2 className="text-lg font-semibold">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}
