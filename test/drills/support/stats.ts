/** Latency figures: nearest-rank percentiles in milliseconds, rounded for JSON lines. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (v: number, digits = 1): number => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

export function latency(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : NaN),
  };
}

/** Invariants of a drill: each one named, with what was seen when it failed. */
export class Invariants {
  readonly failed: { name: string; detail: unknown }[] = [];
  readonly warnings: string[] = [];
  private count = 0;

  check(name: string, ok: boolean, detail?: unknown): boolean {
    this.count++;
    if (!ok) this.failed.push({ name, detail: detail ?? null });
    return ok;
  }

  /** Something the product should fix that the drill's pass criterion does not cover. */
  warn(message: string): void {
    this.warnings.push(message);
  }

  get checked(): number {
    return this.count;
  }
}
