/** Summary statistics of repeated measurements: the median, and min–max to show the spread. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

/** Formats a number with a fixed count of significant-looking decimals for tables. */
export function fmt(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `median (min–max)` for a table cell. */
export function cell(summary: Summary, decimals = 0): string {
  return `${fmt(summary.median, decimals)} (${fmt(summary.min, decimals)}–${fmt(summary.max, decimals)})`;
}
