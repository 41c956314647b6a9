import { formatLi } from "@/lib/money";

interface Day {
  /** UTC day, "2025-03-04". */
  day: string;
  costMicroLi: number;
  jobs: number;
}

const DAY_MS = 86_400_000;

/** The last `count` UTC days up to `endDay` (or today), with the days that had no jobs as zeros. */
export function dayWindow(days: Day[], count: number, nowMs = Date.now()): Day[] {
  const byDay = new Map(days.map((day) => [day.day, day]));
  const lastListed = days[days.length - 1]?.day;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const end = Date.parse(`${lastListed && lastListed > today ? lastListed : today}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(end - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, costMicroLi: 0, jobs: 0 };
  });
}

/** Spend per day over the last 30 days as inline SVG bars (no chart library). */
export function SpendChart({ days, windowDays = 30 }: { days: Day[]; windowDays?: number }) {
  const shown = dayWindow(days, windowDays);
  const max = Math.max(1, ...shown.map((day) => day.costMicroLi));
  const total = shown.reduce((sum, day) => sum + day.costMicroLi, 0);
  const width = 600;
  const height = 120;
  const barSpace = width / shown.length;
  const barWidth = barSpace * 0.7;
  const first = shown[0];
  const last = shown[shown.length - 1];
  return (
    <figure data-testid="spend-chart">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-32 w-full" role="img" aria-label={`Spend per day over the last ${shown.length} days, ${formatLi(total)} li in all; the highest day ${formatLi(max)} li`} preserveAspectRatio="none">
        <line x1={0} y1={height - 0.5} x2={width} y2={height - 0.5} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        {shown.map((day, index) =>
          day.costMicroLi > 0 ? (
            <rect key={day.day} data-testid="spend-bar" data-day={day.day} x={index * barSpace + (barSpace - barWidth) / 2} y={height - Math.max(2, (day.costMicroLi / max) * (height - 4))} width={barWidth} height={Math.max(2, (day.costMicroLi / max) * (height - 4))} rx={1.5} className="fill-indigo-500">
              <title>{`${day.day}: ${formatLi(day.costMicroLi)} li, ${day.jobs} job${day.jobs === 1 ? "" : "s"}`}</title>
            </rect>
          ) : null,
        )}
      </svg>
      <figcaption className="mt-1 flex justify-between gap-2 text-xs text-zinc-500">
        <span>{first?.day}</span>
        <span>
          last {shown.length} days: {formatLi(total)} li · highest day {formatLi(max)} li
        </span>
        <span>{last?.day}</span>
      </figcaption>
    </figure>
  );
}
