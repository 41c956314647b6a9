import { formatLi } from "@/lib/money";

interface Day {
  day: string;
  costMicroLi: number;
  jobs: number;
}

/** Spend per day as inline SVG bars (the last `days` days that had jobs). */
export function SpendChart({ days, maxBars = 30 }: { days: Day[]; maxBars?: number }) {
  const shown = days.slice(-maxBars);
  if (shown.length === 0) return <p className="text-sm text-zinc-500">No spend yet.</p>;
  const max = Math.max(1, ...shown.map((day) => day.costMicroLi));
  const width = 600;
  const height = 120;
  const labelHeight = 16;
  const barSpace = width / shown.length;
  const barWidth = Math.max(2, Math.min(40, barSpace * 0.7));
  const first = shown[0];
  const last = shown[shown.length - 1];
  return (
    <figure data-testid="spend-chart">
      <svg viewBox={`0 0 ${width} ${height + labelHeight}`} className="h-36 w-full" role="img" aria-label={`Spend per day, ${shown.length} days from ${first?.day} to ${last?.day}; highest ${formatLi(max)} li`} preserveAspectRatio="none">
        <line x1={0} y1={height} x2={width} y2={height} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} />
        {shown.map((day, index) => {
          const barHeight = day.costMicroLi === 0 ? 0 : Math.max(2, (day.costMicroLi / max) * (height - 4));
          const x = index * barSpace + (barSpace - barWidth) / 2;
          return (
            <rect key={day.day} data-testid="spend-bar" data-day={day.day} x={x} y={height - barHeight} width={barWidth} height={barHeight} rx={2} className="fill-indigo-500">
              <title>{`${day.day}: ${formatLi(day.costMicroLi)} li, ${day.jobs} job${day.jobs === 1 ? "" : "s"}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex justify-between text-xs text-zinc-500">
        <span>{first?.day}</span>
        <span>highest day {formatLi(max)} li</span>
        <span>{last?.day}</span>
      </figcaption>
    </figure>
  );
}
