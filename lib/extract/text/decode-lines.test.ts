import { describe, expect, it } from "vitest";
import { decodeUtf8Lines } from "./decode-lines";

const MB2 = 2 * 1024 * 1024;

/** The lines as the whole-text path makes them. */
function reference(text: string) {
  const normalized = text.replace(/\r\n?/g, "\n");
  const lines = normalized.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return { lines, lastLineTerminated: normalized.endsWith("\n") };
}

describe("decoding a UTF-8 upload as lines, a chunk per turn", () => {
  it("gives the whole-text path's lines across chunk seams (a \\r\\n and a 3-byte character cut by a seam), a turn per 2 MB", async () => {
    const head = "x".repeat(MB2 - 1);
    // "\r" is the chunk's last byte and "\n" the next one's first; then "中" (3 bytes) straddles the next seam.
    const middle = "\r\nsecond line\r" + "y".repeat(MB2 - 16) + "中 tail\r\n# Heading\n\n# Another\r";
    const text = head + middle + "last";
    let turns = 0;
    const decoded = await decodeUtf8Lines(new TextEncoder().encode(text), async () => {
      turns += 1;
    });
    expect(decoded).not.toBeNull();
    const expected = reference(text);
    expect(decoded!.lines).toEqual(expected.lines);
    expect(decoded!.lastLineTerminated).toBe(false);
    expect(decoded!.atxHeadings).toBe(2);
    expect(decoded!.hasText).toBe(true);
    expect(turns).toBe(3);
  });

  it.each([
    ["", { lines: [""], lastLineTerminated: false }],
    ["a\n", { lines: ["a"], lastLineTerminated: true }],
    ["\n", { lines: [""], lastLineTerminated: true }],
    ["a\r\nb\rc", { lines: ["a", "b", "c"], lastLineTerminated: false }],
  ])("%j", async (text, expected) => {
    const decoded = await decodeUtf8Lines(new TextEncoder().encode(text), async () => undefined);
    expect({ lines: decoded!.lines, lastLineTerminated: decoded!.lastLineTerminated }).toEqual(expected);
    expect(expected).toEqual(reference(text));
  });

  it("leaves anything but plain UTF-8 to the guessing decoder: invalid bytes, a NUL, a UTF-16 mark, mostly control characters; a UTF-8 mark is read", async () => {
    const noYield = async () => undefined;
    expect(await decodeUtf8Lines(Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4]), noYield)).toBeNull();
    expect(await decodeUtf8Lines(Uint8Array.from([0x61, 0x00, 0x62]), noYield)).toBeNull();
    expect(await decodeUtf8Lines(Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), noYield)).toBeNull();
    expect(await decodeUtf8Lines(Uint8Array.from(Array.from({ length: 100 }, () => 0x01)), noYield)).toBeNull();
    const withBom = await decodeUtf8Lines(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x0a]), noYield);
    expect(withBom).toMatchObject({ lines: ["a"], encoding: "utf-8-bom", lastLineTerminated: true, hasText: true });
    expect((await decodeUtf8Lines(new TextEncoder().encode("  \n\t\n"), noYield))?.hasText).toBe(false);
  });
});
