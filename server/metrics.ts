/** A minimal Prometheus text-format registry: counters, gauges and histograms with labels. */

type Labels = Record<string, string>;

/** Rendered label sets, by their values: routes and statuses repeat on every request. */
const LABEL_KEYS = new Map<string, string>();
export const MAX_LABEL_SETS = 1024;

function labelKey(labels: Labels): string {
  // One string built in place: this runs several times per request.
  let id = '';
  for (const name in labels) id += `${name}\u0000${labels[name]}\u0001`;
  let key = LABEL_KEYS.get(id);
  if (key === undefined) {
    key = renderLabels(labels);
    if (LABEL_KEYS.size < MAX_LABEL_SETS) LABEL_KEYS.set(id, key);
  }
  return key;
}

const renderLabels = (labels: Labels): string =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');

/** Anything the registry renders. */
export interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values)
      lines.push(`${this.name}${key ? `{${key}}` : ''} ${value}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    /** The value now, or one value per label set. */
    private readonly read: () => number | readonly (readonly [Labels, number])[],
  ) {}

  render(): string {
    const value = this.read();
    const series = typeof value === 'number' ? [[{}, value] as const] : value;
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      ...series.map(([labels, v]) => {
        const key = labelKey(labels);
        return `${this.name}${key ? `{${key}}` : ''} ${v}`;
      }),
    ].join('\n');
  }
}

/** Latency buckets in seconds, from a millisecond to the 30 s that Rekor v2 clients allow. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

export class Histogram implements Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    const bucket = this.buckets.findIndex((upper) => value <= upper);
    if (bucket >= 0) entry.counts[bucket] = (entry.counts[bucket] ?? 0) + 1;
    entry.sum += value;
    entry.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.series) {
      const sep = key ? `${key},` : '';
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += entry.counts[i] ?? 0;
        lines.push(`${this.name}_bucket{${sep}le="${upper}"} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${entry.count}`);
      const suffix = key ? `{${key}}` : '';
      lines.push(
        `${this.name}_sum${suffix} ${entry.sum}`,
        `${this.name}_count${suffix} ${entry.count}`,
      );
    }
    return lines.join('\n');
  }
}

/** What a summary reports at one scrape: quantiles over its window, sum and count since start. */
export interface SummaryValue {
  /** [quantile in 0..1, value]; NaN when the window holds no observation. */
  quantiles: readonly (readonly [number, number])[];
  sum: number;
  count: number;
}

/**
 * A summary whose quantiles cover a window the reader chooses (the event-loop monitor: since the
 * last scrape), beside the cumulative sum and count Prometheus rates are taken over.
 */
export class Summary implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => SummaryValue,
  ) {}

  render(): string {
    const { quantiles, sum, count } = this.read();
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} summary`,
      ...quantiles.map(([q, v]) => `${this.name}{quantile="${q}"} ${v}`),
      `${this.name}_sum ${sum}`,
      `${this.name}_count ${count}`,
    ].join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}
