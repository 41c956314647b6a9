/**
 * Archives for the tests, built in memory (nothing binary is committed): zips with fflate, tars
 * with tar-stream, gzip with node's zlib, plus a helper to corrupt a zip's central directory the
 * way a malicious archive would.
 */
import { gzipSync } from "node:zlib";
import { zipSync, type ZipAttributes } from "fflate";
import { pack } from "tar-stream";

export type ZipInput = Record<string, string | Uint8Array | { data: string | Uint8Array; attributes: ZipAttributes & { level?: 0 | 1 | 9 } }>;

const bytesOf = (data: string | Uint8Array) => (typeof data === "string" ? new TextEncoder().encode(data) : data);

export function zipOf(files: ZipInput): Uint8Array {
  const zippable: Parameters<typeof zipSync>[0] = {};
  for (const [name, value] of Object.entries(files)) {
    zippable[name] = typeof value === "string" || value instanceof Uint8Array ? bytesOf(value) : [bytesOf(value.data), value.attributes];
  }
  return zipSync(zippable, { level: 6 });
}

/** Calls `patch` with the offset of `name`'s central directory record. */
export function patchCentralRecord(zip: Uint8Array, name: string, patch: (view: DataView, offset: number) => void): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const encoded = new TextEncoder().encode(name);
  for (let offset = 0; offset + 46 < copy.byteLength; offset += 1) {
    if (view.getUint32(offset, true) !== 0x02014b50) continue;
    const length = view.getUint16(offset + 28, true);
    const stored = copy.subarray(offset + 46, offset + 46 + length);
    if (length === encoded.length && stored.every((byte, index) => byte === encoded[index])) {
      patch(view, offset);
      return copy;
    }
  }
  throw new Error(`no central record for ${name}`);
}

export interface TarInput {
  name: string;
  content?: string | Uint8Array;
  type?: "file" | "directory" | "symlink" | "link" | "character-device" | "fifo";
  linkname?: string;
}

export async function tarOf(entries: TarInput[], gzip = true): Promise<Uint8Array> {
  const archive = pack();
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const chunk of archive) if (chunk instanceof Uint8Array) chunks.push(chunk);
  })();
  for (const entry of entries) {
    const type = entry.type ?? "file";
    if (type === "file") {
      const content = bytesOf(entry.content ?? "");
      await new Promise<void>((resolve, reject) => archive.entry({ name: entry.name, type, size: content.byteLength }, content, (error) => (error ? reject(error) : resolve())));
    } else {
      await new Promise<void>((resolve, reject) => archive.entry({ name: entry.name, type, linkname: entry.linkname ?? "" }, (error) => (error ? reject(error) : resolve())));
    }
  }
  archive.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return gzip ? new Uint8Array(gzipSync(tar)) : new Uint8Array(tar);
}
