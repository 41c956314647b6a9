/**
 * Repairs for text layers that pdf.js reads as the wrong characters.
 *
 * Chinese PDFs made with non-embedded fonts sometimes come out as GBK bytes shown as Latin-1
 * ("£¨Ò»¾ÅÈýÆßÄê°ËÔÂÒ»ÈÕ£©" is "（一九三七年八月一日）", XiaoBiaoSong.pdf). Such a run is turned
 * back into bytes and decoded as GBK, and kept only when every character comes out as CJK: real
 * European text has no runs of four or more Latin-1 letters with no ASCII in between that decode
 * to nothing but CJK.
 */

const LATIN1_RUN = /[\u00A1-\u00FF](?:[\u00A1-\u00FF ]*[\u00A1-\u00FF])?/g;
const CJK_ONLY = /^[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]+$/;
const gbk = new TextDecoder("gbk", { fatal: true });

export function repairGbkMojibake(text: string): { text: string; repaired: number } {
  let repaired = 0;
  const result = text.replace(LATIN1_RUN, (run) => {
    const compact = run.replace(/ /g, "");
    if (compact.length < 4 || compact.length % 2 !== 0) return run;
    const bytes = Uint8Array.from(compact, (char) => char.charCodeAt(0));
    let decoded: string;
    try {
      decoded = gbk.decode(bytes);
    } catch {
      return run;
    }
    if (!CJK_ONLY.test(decoded)) return run;
    repaired += 1;
    return decoded;
  });
  return { text: result, repaired };
}

/** Share (0..1) of visible characters that carry no meaning: U+FFFD, private-use glyph codes, controls. */
export function unreadableShare(text: string): number {
  let visible = 0;
  let unreadable = 0;
  for (const char of text) {
    if (/\s/.test(char)) continue;
    visible += 1;
    if (/[\uFFFD\uE000-\uF8FF\u0000-\u001F\u007F-\u009F]/.test(char)) unreadable += 1;
  }
  return visible === 0 ? 0 : unreadable / visible;
}

/**
 * Turns control characters into spaces (a PDF can draw any code; fonts without a Unicode map
 * often draw their space glyph as U+0002), keeping tab and newline.
 */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, " ");
}
