import type { Metadata, Viewport } from "next";
import { AppNav } from "@/components/app-nav";
import { EmulatorBanner } from "@/components/emulator-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "longdoc", template: "%s · longdoc" },
  description: "Long documents and whole codebases into reports with qwen3-32b.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900">
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <AppNav />
        </header>
        <EmulatorBanner />
        <main id="content" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
