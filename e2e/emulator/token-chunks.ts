import { decode, encode } from "../../lib/tokens";

export interface TokenPiece {
  text: string;
  tokens: number;
}

/**
 * Text → the pieces a server would stream, `perChunk` tokens each. A token can hold part of a
 * UTF-8 character (byte-level BPE); like a real server's detokenizer, such tokens are held until
 * the character is complete, so the pieces always join back to the exact text.
 */
export function tokenChunks(text: string, perChunk = 1): TokenPiece[] {
  const ids = encode(text);
  const pieces: TokenPiece[] = [];
  let pending: number[] = [];
  for (let index = 0; index < ids.length; index++) {
    pending.push(ids[index]!);
    const last = index === ids.length - 1;
    if (pending.length < perChunk && !last) continue;
    const piece = decode(pending);
    if (piece.endsWith("\uFFFD") && !last) continue;
    pieces.push({ text: piece, tokens: pending.length });
    pending = [];
  }
  return pieces;
}
