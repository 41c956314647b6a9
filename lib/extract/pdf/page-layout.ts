import { toFragmentGroups } from "./fragments";
import { buildLines } from "./lines";
import { type OrderedLine, orderLines } from "./reading-order";
import { stripControls } from "./text-repair";
import type { RawPage } from "./worker-messages";

/**
 * A page's lines in reading order: the main writing direction first (columns resolved), then
 * text set in other directions (a rotated table, a margin stamp) after it.
 */
export function layoutPage(page: RawPage): OrderedLine[] {
  const result: OrderedLine[] = [];
  let flowOffset = 0;
  for (const group of toFragmentGroups(page)) {
    const fragments = group.fragments.map((fragment) => ({ ...fragment, text: stripControls(fragment.text) })).filter((fragment) => fragment.text.trim().length > 0);
    const ordered = orderLines(buildLines(fragments));
    for (const line of ordered) result.push({ ...line, flow: line.flow + flowOffset });
    flowOffset += Math.max(0, ...ordered.map((line) => line.flow)) + 1;
  }
  return result;
}
