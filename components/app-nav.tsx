"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "./ui/button";

const LINKS = [
  { href: "/", label: "New report" },
  { href: "/history", label: "History" },
  { href: "/settings", label: "Settings" },
];

/** The main navigation; the current page is marked for screen readers and visually. */
export function AppNav() {
  const pathname = usePathname();
  return (
    <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3" aria-label="Main">
      <Link href="/" className={`mr-2 rounded font-semibold tracking-tight ${focusRing}`}>
        longdoc
      </Link>
      {LINKS.map((link) => {
        const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={`rounded text-sm ${focusRing} ${current ? "font-semibold text-indigo-700 dark:text-indigo-300" : "text-zinc-700 hover:underline dark:text-zinc-300"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
