"use client";

import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { ApiError, messageOf } from "../api/fetch-json";
import type { DocumentView } from "../api/types";
import { uploadDocument, type UploadPart, type UploadProgress } from "../api/upload";
import { formatBytes } from "../format";
import { Button, buttonClass, focusRing } from "../ui/button";
import { Notice } from "../ui/notice";
import { ProgressBar } from "../ui/progress-bar";
import { isArchiveName, partsFromDrop, partsFromFolderInput } from "./collect-files";

type Tab = "document" | "codebase";

interface Pending {
  parts: UploadPart[];
  label: string;
  totalBytes: number;
}

type Phase = { name: "idle" } | { name: "uploading"; progress: UploadProgress | null } | { name: "extracting" } | { name: "error"; error: ApiError | Error } | { name: "password"; wrong: boolean };

const DOCUMENT_ACCEPT = ".pdf,.txt,.md,.markdown,application/pdf,text/plain,text/markdown";
/** The file inputs are visually hidden inside their labels: the label shows the keyboard focus. */
const FOCUS_WITHIN = "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-500";

const ARCHIVE_ACCEPT = ".zip,.tar.gz,.tgz,.tar,application/zip,application/gzip,application/x-tar";

/** Choose a file, a codebase archive or a folder; uploads it with a progress bar. */
export function UploadPanel({ onUploaded }: { onUploaded: (document: DocumentView) => void }) {
  const [tab, setTab] = useState<Tab>("document");
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState("");
  const [dragging, setDragging] = useState(false);
  const [folderNote, setFolderNote] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const folderInputRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  // `webkitdirectory` is not in React's DOM types; set it on the element itself.
  useEffect(() => {
    folderInputRef.current?.setAttribute("webkitdirectory", "");
    folderInputRef.current?.setAttribute("directory", "");
  }, [tab]);

  useEffect(() => () => abortRef.current?.abort(), []);

  const busy = phase.name === "uploading" || phase.name === "extracting";

  async function send(next: Pending, withPassword?: string) {
    setPending(next);
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase({ name: "uploading", progress: null });
    try {
      const document = await uploadDocument(next.parts, {
        password: withPassword,
        signal: controller.signal,
        onProgress: (progress) => setPhase(progress.loadedBytes >= progress.totalBytes ? { name: "extracting" } : { name: "uploading", progress }),
      });
      setPhase({ name: "idle" });
      setPassword("");
      onUploaded(document);
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") {
        setPhase({ name: "idle" });
        return;
      }
      if (error instanceof ApiError && error.code === "pdf_password") {
        setPhase({ name: "password", wrong: withPassword !== undefined && withPassword !== "" });
        return;
      }
      setPhase({ name: "error", error: error instanceof Error ? error : new Error(messageOf(error)) });
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  }

  function sendFiles(files: File[]) {
    const [first] = files;
    if (!first) return;
    setFolderNote(null);
    void send({ parts: [{ file: first, filename: first.name }], label: first.name, totalBytes: first.size });
  }

  function sendFolder(parts: UploadPart[], skippedCount: number) {
    if (parts.length === 0) {
      setPhase({ name: "error", error: new Error("That folder has no files to upload (after leaving out .git, node_modules and similar folders).") });
      return;
    }
    const root = parts[0]?.filename.split("/")[0] ?? "folder";
    setFolderNote(skippedCount > 0 ? `${skippedCount} item(s) inside .git, node_modules and similar folders were left out before uploading.` : null);
    void send({ parts, label: `${root}/ (${parts.length} files)`, totalBytes: parts.reduce((sum, part) => sum + part.file.size, 0) });
  }

  async function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    const folder = await partsFromDrop(event.dataTransfer.items).catch(() => null);
    if (folder) {
      setTab("codebase");
      sendFolder(folder.parts, folder.skippedCount);
      return;
    }
    const files = Array.from(event.dataTransfer.files);
    if (files[0] && isArchiveName(files[0].name)) setTab("codebase");
    sendFiles(files);
  }

  const tabClass = (active: boolean) =>
    `rounded-t-md border-b-2 px-3 py-2 text-sm font-medium ${focusRing} ${active ? "border-indigo-600 text-indigo-700 dark:text-indigo-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`;

  return (
    <div data-testid="upload-panel">
      <div role="tablist" aria-label="What to upload" className="mb-3 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        <button type="button" role="tab" id={`${ids}-tab-document`} aria-controls={`${ids}-panel`} aria-selected={tab === "document"} className={tabClass(tab === "document")} onClick={() => setTab("document")} data-testid="tab-document">
          Document
        </button>
        <button type="button" role="tab" id={`${ids}-tab-codebase`} aria-controls={`${ids}-panel`} aria-selected={tab === "codebase"} className={tabClass(tab === "codebase")} onClick={() => setTab("codebase")} data-testid="tab-codebase">
          Codebase
        </button>
      </div>
      <div
        id={`${ids}-panel`}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-${tab}`}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => void onDrop(event)}
        className={`rounded-lg border-2 border-dashed p-6 text-center transition-colors ${dragging ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950" : "border-zinc-300 dark:border-zinc-700"}`}
      >
        {tab === "document" ? (
          <>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Drop a PDF, a text or a Markdown file here, or</p>
            <label className={buttonClass("primary", `mt-3 cursor-pointer ${FOCUS_WITHIN}`)}>
              Choose a file
              <input
                type="file"
                accept={DOCUMENT_ACCEPT}
                className="sr-only"
                disabled={busy}
                data-testid="file-input"
                onChange={(event) => {
                  sendFiles(Array.from(event.target.files ?? []));
                  event.target.value = "";
                }}
              />
            </label>
          </>
        ) : (
          <>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Drop a repository folder or a .zip / .tar.gz archive here, or</p>
            <div className="mt-3 flex flex-wrap justify-center gap-3">
              <label className={buttonClass("primary", `cursor-pointer ${FOCUS_WITHIN}`)}>
                Choose an archive
                <input
                  type="file"
                  accept={ARCHIVE_ACCEPT}
                  className="sr-only"
                  disabled={busy}
                  data-testid="archive-input"
                  onChange={(event) => {
                    sendFiles(Array.from(event.target.files ?? []));
                    event.target.value = "";
                  }}
                />
              </label>
              <label className={buttonClass("secondary", `cursor-pointer ${FOCUS_WITHIN}`)}>
                Choose a folder
                <input
                  ref={folderInputRef}
                  type="file"
                  multiple
                  className="sr-only"
                  disabled={busy}
                  data-testid="folder-input"
                  onChange={(event) => {
                    if (event.target.files) {
                      const folder = partsFromFolderInput(event.target.files);
                      sendFolder(folder.parts, folder.skippedCount);
                    }
                    event.target.value = "";
                  }}
                />
              </label>
            </div>
            <p className="mt-2 text-xs text-zinc-500">.git and node_modules are left out; the server also skips binaries and ignored files and lists them.</p>
          </>
        )}
      </div>

      {pending && busy ? (
        <div className="mt-4 space-y-2" data-testid="upload-progress" aria-live="polite">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span className="truncate">
              {phase.name === "uploading" ? "Uploading" : "Extracting the text and counting tokens in"} <strong>{pending.label}</strong>
              {phase.name === "uploading" && phase.progress ? ` — ${formatBytes(phase.progress.loadedBytes)} of ${formatBytes(phase.progress.totalBytes)}` : ` (${formatBytes(pending.totalBytes)})`}
            </span>
            <Button variant="ghost" onClick={() => abortRef.current?.abort()} data-testid="upload-cancel">
              Cancel upload
            </Button>
          </div>
          <ProgressBar label="Upload progress" value={phase.name === "uploading" ? (phase.progress?.loadedBytes ?? 0) : 1} max={phase.name === "uploading" ? (phase.progress?.totalBytes ?? pending.totalBytes) || 1 : undefined} />
        </div>
      ) : null}

      {folderNote && !busy ? <p className="mt-3 text-xs text-zinc-500">{folderNote}</p> : null}

      {phase.name === "password" && pending ? (
        <form
          className="mt-4 space-y-2 rounded-md border border-amber-300 p-4 dark:border-amber-800"
          data-testid="password-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send(pending, password);
          }}
        >
          <p className="text-sm">{phase.wrong ? "That password did not open the PDF. Try again." : `${pending.label} is password-protected. Enter its password to open it (it is used once and not stored).`}</p>
          <label htmlFor={`${ids}-password`} className="block text-sm font-medium">
            PDF password
          </label>
          <div className="flex flex-wrap gap-2">
            <input id={`${ids}-password`} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} className={`min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`} />
            <Button type="submit" variant="primary" disabled={password === ""}>
              Open
            </Button>
          </div>
        </form>
      ) : null}

      {phase.name === "error" ? (
        <div className="mt-4">
          <Notice tone="error" title={uploadErrorTitle(phase.error)} testId="upload-error">
            {phase.error.message}
          </Notice>
        </div>
      ) : null}
    </div>
  );
}

function uploadErrorTitle(error: Error): string {
  if (!(error instanceof ApiError)) return "The upload did not work";
  switch (error.code) {
    case "upload_too_large":
      return "The file is too large";
    case "unsupported_format":
      return "This kind of file is not supported";
    case "pdf_no_text":
      return "The PDF has no text layer";
    case "pdf_corrupt":
    case "pdf_unreadable":
      return "The PDF could not be read";
    default:
      return error.status === 413 ? "The file is too large" : error.status === 415 ? "This kind of file is not supported" : "The upload did not work";
  }
}
