import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "longdoc",
  description: "Long documents and whole codebases into reports with qwen3-32b.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3" aria-label="Main">
            <a href="/" className="font-semibold tracking-tight">longdoc</a>
            <a href="/history" className="text-sm hover:underline">History</a>
            <a href="/settings" className="text-sm hover:underline">Settings</a>
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
