import { ApiError, errorFromBody } from "./fetch-json";
import type { DocumentView } from "./types";

export interface UploadPart {
  file: Blob;
  /** Sent as the part's filename: the file's name, or its path relative to the chosen folder. */
  filename: string;
}

export interface UploadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/**
 * POST /api/documents with XMLHttpRequest, because fetch cannot report upload progress. A folder
 * goes as several `file` fields whose filenames are the relative paths.
 */
export function uploadDocument(parts: UploadPart[], options: { password?: string; onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal }): Promise<DocumentView> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const part of parts) form.append("file", part.file, part.filename);
    if (options.password) form.append("password", options.password);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/documents");
    request.setRequestHeader("accept", "application/json");
    request.responseType = "text";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loadedBytes: event.loaded, totalBytes: event.total });
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300 && typeof body === "object" && body !== null && "document" in body) {
        resolve((body as { document: DocumentView }).document);
      } else {
        reject(errorFromBody(request.status, body));
      }
    };
    request.onerror = () => reject(new ApiError(0, "network", "The upload did not reach the server. Check that longdoc is running and try again."));
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    options.signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}
